"""Synthesize the stack: `python -m deploy.app [-c key=value ...]` (what `make synth` and cdk.json run).

Writes `deploy/cdk.out/OrchestratorStack.template.json` (or into `$CDK_OUTDIR` when the CDK CLI
runs it). Offline: no AWS account or credentials are needed to synthesize.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import aws_cdk as cdk
from pydantic import ValidationError

from deploy.config import DeployConfig, context_problems
from deploy.stack import STACK_NAME, OrchestratorStack

DEFAULT_OUTDIR = Path(__file__).resolve().parent / "cdk.out"


def build_app(context: Mapping[str, Any] | None = None, outdir: Path | None = None) -> cdk.App:
    """The CDK app with the stack in it. `context` adds to (and wins over) the CLI's context."""
    # The CDK CLI passes its outdir and context in the environment; a plain run uses ours.
    app = cdk.App(
        outdir=None if "CDK_OUTDIR" in os.environ and outdir is None else str(outdir or DEFAULT_OUTDIR),
        context=dict(context or {}),
    )
    config = DeployConfig.from_context(app.node.get_all_context())
    OrchestratorStack(app, STACK_NAME, config)
    return app


def _context_value(raw: str) -> Any:
    """`-c workerMaxTasks=20` gives 20, `-c environment='{"A": "b"}'` an object, anything else a string."""
    try:
        return json.loads(raw)
    except json.JSONDecodeError:
        return raw


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m deploy.app", description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--context", action="append", default=[], metavar="KEY=VALUE")
    args = parser.parse_args(argv)
    context = {}
    for pair in args.context:
        key, separator, value = pair.partition("=")
        if not separator:
            parser.error(f"context must be KEY=VALUE, not {pair!r}")
        context[key] = _context_value(value)
    try:
        assembly = build_app(context).synth()
    except ValidationError as exc:
        for problem in context_problems(exc):
            print(f"deploy: invalid context {problem}", file=sys.stderr)  # noqa: T201 - command output
        return 2
    template = Path(assembly.directory) / f"{STACK_NAME}.template.json"
    print(f"deploy: wrote {template}")  # noqa: T201
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
