"""`orchestrator` command line: arguments -> Settings -> checks -> the process asked for.

This is a composition root: it builds `Settings`, configures logging once, makes each command's
quick checks (`orchestrator.preflight`) and hands plain objects to the ingress, the worker,
`init`, `dlq` and the dev tools. Every refusal is one line on stderr and an exit code of `ExitCode`.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from botocore.exceptions import BotoCoreError, ClientError
from pydantic import ValidationError

from orchestrator.cli_parser import build_parser
from orchestrator.errors import ConfigurationError, OrchestratorError
from orchestrator.exits import ExitCode, Refusal
from orchestrator.logs import configure_logging
from orchestrator.settings import LogFormat, Settings

__all__ = ["build_parser", "main"]

DEV_EXTRA_HINT = "pip install 'whatsapp-orchestrator[dev]' (`make install` does it in a checkout)"


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as exc:
        for error in exc.errors():
            name = ".".join(str(part) for part in error["loc"]).upper()
            message = error["msg"].removeprefix("Value error, ")
            _say(f"orchestrator: {f'invalid setting {name}: ' if name else ''}{message}")
        return ExitCode.CONFIGURATION
    configure_logging(_for_logging(settings, args.command))
    try:
        return COMMANDS[args.command](settings, args)
    except KeyboardInterrupt:
        return ExitCode.OK
    except (OrchestratorError, ClientError, BotoCoreError) as exc:
        line, code = _verdict(exc)
        _say(f"orchestrator {args.command}: {line}")
        return code


def _verdict(exc: OrchestratorError | ClientError | BotoCoreError) -> tuple[str, ExitCode]:
    """The one line and the exit code of a command stopped by `exc`."""
    from orchestrator.dlq.letters import describe_aws_error

    if isinstance(exc, Refusal):
        return str(exc), exc.code
    if isinstance(exc, ConfigurationError):
        return str(exc), ExitCode.CONFIGURATION
    if isinstance(exc, ClientError | BotoCoreError):  # after the probe: AWS answered, and said no
        return f"AWS refused: {describe_aws_error(exc)}", ExitCode.FAILED
    # A store or queue error the command did not expect: still one line, with AWS's own words.
    cause = exc.__cause__
    detail = f": {describe_aws_error(cause)}" if isinstance(cause, ClientError | BotoCoreError) else ""
    return f"{exc}{detail}", ExitCode.FAILED


def _say(line: str) -> None:
    print(line, file=sys.stderr)  # noqa: T201 - the command's one-line verdict


def _for_logging(settings: Settings, command: str) -> Settings:
    """`dev` on a terminal logs for a human unless LOG_FORMAT says otherwise; everything else JSON."""
    if command == "dev" and "log_format" not in settings.model_fields_set and sys.stderr.isatty():
        return settings.model_copy(update={"log_format": LogFormat.CONSOLE})
    return settings


def _missing_extra(exc: ModuleNotFoundError) -> NoReturn:
    raise Refusal(
        f"needs the `dev` extra (module {exc.name} is not installed): {DEV_EXTRA_HINT}", ExitCode.CONFIGURATION
    ) from exc


async def _aws_usable(settings: Settings, *, needs_resources: bool) -> None:
    """One quick probe before a process starts: reachable, credentials accepted, (resources there)."""
    from orchestrator.preflight import probe_aws

    found = await probe_aws(settings)
    if needs_resources and found.missing:
        raise Refusal(f"{' and '.join(found.missing)} do(es) not exist; run `orchestrator init` first", ExitCode.FAILED)


# Imports are local to each command so a process loads only what it runs (the worker never
# imports Litestar, the ingress never imports the state machine's LLM client).


def _init(settings: Settings, _: argparse.Namespace) -> int:
    from orchestrator.provision import run_init

    asyncio.run(_aws_usable(settings, needs_resources=False))
    return asyncio.run(run_init(settings))


def _ingress(settings: Settings, args: argparse.Namespace) -> int:
    from ingress.app import serve
    from orchestrator.preflight import ensure_credentials, ensure_port_free

    # An unreachable AWS is no refusal here: the ingress starts and reports not ready.
    ensure_port_free(args.host, args.port)
    asyncio.run(ensure_credentials(settings))
    # Granian's workers rebuild their settings from the environment `main` validated.
    return serve(host=args.host, port=args.port, workers=args.workers)


def _worker(settings: Settings, args: argparse.Namespace) -> int:
    from orchestrator.preflight import ensure_port_free
    from worker.app import backend_urls, run_worker_process

    backend_urls(settings)  # ConfigurationError naming the missing LAMBDA_* variables
    if args.metrics_port is not None:
        ensure_port_free("0.0.0.0", args.metrics_port, option="--metrics-port")  # noqa: S104 - where it serves
    asyncio.run(_aws_usable(settings, needs_resources=True))
    return run_worker_process(settings, concurrency=args.concurrency, metrics_port=args.metrics_port)


def _dev(settings: Settings, args: argparse.Namespace) -> int:
    from orchestrator.preflight import ensure_port_free

    # Before anything is started or provisioned.
    ensure_port_free("127.0.0.1", args.port)
    try:
        from orchestrator.devtools.dev import run_dev
        from orchestrator.devtools.localaws import require_moto
    except ModuleNotFoundError as exc:
        _missing_extra(exc)
    if settings.aws_endpoint_configured:
        asyncio.run(_aws_usable(settings, needs_resources=False))
    else:
        require_moto(DEV_EXTRA_HINT)
    return run_dev(settings, port=args.port, concurrency=args.concurrency)


def _demo_backend(_: Settings, args: argparse.Namespace) -> int:
    from orchestrator.preflight import ensure_port_free

    ensure_port_free(args.host, args.port)
    try:
        from orchestrator.devtools.demo_backend import run_demo_backend
    except ModuleNotFoundError as exc:
        _missing_extra(exc)
    return run_demo_backend(host=args.host, port=args.port)


def _chat(settings: Settings, args: argparse.Namespace) -> int:
    try:
        from orchestrator.devtools.chat import run_chat
    except ModuleNotFoundError as exc:
        _missing_extra(exc)
    return run_chat(
        phone=args.phone,
        url=args.url,
        ingest_token=settings.ingest_token,
        admin_token=settings.admin_token,
        app_secret=settings.whatsapp_app_secret,
    )


def _dlq(settings: Settings, args: argparse.Namespace) -> int:
    from orchestrator.dlq import run_dlq_command

    # Missing queues and tables are the dlq command's own one-line errors.
    try:
        asyncio.run(_aws_usable(settings, needs_resources=False))
    except Refusal as refusal:
        raise _with_dev_stack_hint(refusal, settings) from refusal
    return asyncio.run(run_dlq_command(settings, args))


def _with_dev_stack_hint(refusal: Refusal, settings: Settings) -> Refusal:
    """A dlq command without AWS_ENDPOINT_URL while `make run` runs on its embedded AWS: the operator
    most likely meant that stack (its banner prints the line), so the refusal names its endpoint."""
    from orchestrator.devtools.stackfile import read_stack

    stack = read_stack()
    if settings.aws_endpoint_url is not None or stack is None or stack.aws_endpoint is None:
        return refusal
    hint = (
        f"; for the running `make run` stack prefix the command with AWS_ENDPOINT_URL={stack.aws_endpoint} "
        "AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local (its banner prints the whole line)"
    )
    return Refusal(f"{refusal}{hint}", refusal.code)


COMMANDS: dict[str, Callable[[Settings, argparse.Namespace], int]] = {
    "init": _init,
    "ingress": _ingress,
    "worker": _worker,
    "dev": _dev,
    "demo-backend": _demo_backend,
    "chat": _chat,
    "dlq": _dlq,
}


def run(settings: Settings, args: argparse.Namespace) -> int:
    """Dispatch a parsed command (argparse has already refused unknown ones)."""
    return COMMANDS[args.command](settings, args)


if __name__ == "__main__":
    raise SystemExit(main())
