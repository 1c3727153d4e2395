"""What one deployment may choose, read from CDK context (`-c key=value` or `cdk.json`).

Names are camelCase as CDK context keys usually are (`workerMaxTasks`). The settings that shape
tables and queues (`tablePrefix`, `inboundQueueName`, `maxReceiveCount`, `visibilityTimeoutSeconds`)
go through the service's own `Settings`, so they are validated exactly as the processes validate them.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic.alias_generators import to_camel

from orchestrator.settings import Settings
from worker.app import drain_deadline_seconds

# Keys of the Secrets Manager secret (a JSON object), injected as environment variables.
SECRET_KEYS = (
    "INGEST_TOKEN",
    "ADMIN_TOKEN",
    "WHATSAPP_VERIFY_TOKEN",
    "WHATSAPP_APP_SECRET",
    "WHATSAPP_ACCESS_TOKEN",
    "OPENAI_API_KEY",
)
# ORCH_ENV=production refuses to start without these (in either process).
REQUIRED_SECRET_KEYS = ("INGEST_TOKEN", "ADMIN_TOKEN")
# Which process reads which key: each task gets only its own.
INGRESS_SECRET_KEYS = frozenset({*REQUIRED_SECRET_KEYS, "WHATSAPP_VERIFY_TOKEN", "WHATSAPP_APP_SECRET"})
WORKER_SECRET_KEYS = frozenset({*REQUIRED_SECRET_KEYS, "WHATSAPP_ACCESS_TOKEN", "OPENAI_API_KEY"})
# ECS waits the stop timeout after SIGTERM before SIGKILL; Fargate allows at most 120 s. The worker
# needs its drain deadline plus time to give back what is left, release locks and exit.
FARGATE_MAX_STOP_TIMEOUT_SECONDS = 120
STOP_MARGIN_SECONDS = 10
# The task sizes Fargate runs: memory (MiB) by CPU units. Any other pair synthesizes (with a cfn-lint
# warning) and is refused by CloudFormation minutes into the deploy.
FARGATE_MEMORY_MIB: dict[int, tuple[int, ...]] = {
    256: (512, 1024, 2048),
    512: tuple(range(1024, 4096 + 1, 1024)),
    1024: tuple(range(2048, 8192 + 1, 1024)),
    2048: tuple(range(4096, 16384 + 1, 1024)),
    4096: tuple(range(8192, 30720 + 1, 1024)),
    8192: tuple(range(16384, 61440 + 1, 4096)),
    16384: tuple(range(32768, 122880 + 1, 8192)),
}
# Set by the stack itself; `environment` may not override them.
STACK_OWNED_VARIABLES = frozenset(
    {"ORCH_ENV", "AWS_REGION", "TABLE_PREFIX", "INBOUND_QUEUE_NAME", "MAX_RECEIVE_COUNT", "VISIBILITY_TIMEOUT_SECONDS"}
)

_DEFAULTS = Settings.model_fields


class DeployConfig(BaseModel):
    """One deployment's choices. Unknown keys are refused, so a typo never passes silently."""

    model_config = ConfigDict(frozen=True, extra="forbid", alias_generator=to_camel, populate_by_name=True)

    # Tables and queues (validated again by Settings below).
    table_prefix: str = _DEFAULTS["table_prefix"].default
    inbound_queue_name: str = _DEFAULTS["inbound_queue_name"].default
    max_receive_count: int = _DEFAULTS["max_receive_count"].default
    visibility_timeout_seconds: int = _DEFAULTS["visibility_timeout_seconds"].default

    # Image: a registry URI, or None to build the repository's Dockerfile as a CDK asset.
    image: str | None = None
    # Secrets Manager secret (JSON object) holding `secret_keys`.
    secret_name: str = "orchestrator/production"  # noqa: S105 - the secret's name, not a secret
    secret_keys: tuple[str, ...] = SECRET_KEYS
    # Plain environment for both processes: LAMBDA_* URLs, reply sink, OPENAI_MODEL, OTEL_*...
    environment: dict[str, str] = Field(default_factory=dict)

    # Ingress: Fargate tasks behind the ALB, scaled on CPU.
    ingress_min_tasks: int = Field(default=2, ge=1)
    ingress_max_tasks: int = Field(default=6, ge=1)
    ingress_cpu: int = 512
    ingress_memory_mib: int = 1024
    certificate_arn: str | None = None  # HTTPS on 443 when set, else HTTP on 80

    # Workers: scaled on visible inbound messages per running task.
    worker_min_tasks: int = Field(default=2, ge=1)
    worker_max_tasks: int = Field(default=10, ge=1)
    worker_concurrency: int = _DEFAULTS["worker_concurrency"].default
    backlog_per_task: int = Field(default=64, ge=1)
    worker_cpu: int = 1024
    worker_memory_mib: int = 2048

    # Alarms.
    oldest_message_alarm_seconds: int = Field(default=300, ge=60)
    # Spelt out: the generated camelCase would be `ingress5XxAlarmPercent`.
    ingress_5xx_alarm_percent: float = Field(default=5.0, gt=0, le=100, alias="ingress5xxAlarmPercent")
    alarm_email: str | None = None

    # The services sit in private subnets with egress (backend, OpenAI, Meta): at least one NAT gateway.
    nat_gateways: int = Field(default=1, ge=1, le=3)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.worker_max_tasks < self.worker_min_tasks:
            raise ValueError("workerMaxTasks must be at least workerMinTasks")
        if self.ingress_max_tasks < self.ingress_min_tasks:
            raise ValueError("ingressMaxTasks must be at least ingressMinTasks")
        unknown = sorted(set(self.secret_keys) - set(SECRET_KEYS))
        missing = sorted(set(REQUIRED_SECRET_KEYS) - set(self.secret_keys))
        if unknown or missing:
            raise ValueError(f"secretKeys: unknown {unknown}, missing required {missing}")
        clashes = sorted(set(self.environment) & (STACK_OWNED_VARIABLES | set(SECRET_KEYS)))
        if clashes:
            raise ValueError(f"environment may not set {clashes}: the stack sets them, or they belong in the secret")
        for role, cpu, memory in (
            ("worker", self.worker_cpu, self.worker_memory_mib),
            ("ingress", self.ingress_cpu, self.ingress_memory_mib),
        ):
            if problem := _fargate_size_problem(role, cpu, memory):
                raise ValueError(problem)
        self.settings()  # tables and queues as the processes would read them
        if self.worker_stop_timeout_seconds > FARGATE_MAX_STOP_TIMEOUT_SECONDS:
            raise ValueError(
                f"visibilityTimeoutSeconds={self.visibility_timeout_seconds} needs a worker stop timeout of "
                f"{self.worker_stop_timeout_seconds} s; Fargate allows at most {FARGATE_MAX_STOP_TIMEOUT_SECONDS} s"
            )
        return self

    @property
    def worker_stop_timeout_seconds(self) -> int:
        """A scale-in or deploy lets in-flight turns finish: the drain deadline plus a margin."""
        return drain_deadline_seconds(self.visibility_timeout_seconds) + STOP_MARGIN_SECONDS

    def settings(self) -> Settings:
        """The service's Settings for the values that shape tables and queues (validated by it)."""
        return Settings(
            _env_file=None,
            table_prefix=self.table_prefix,
            inbound_queue_name=self.inbound_queue_name,
            max_receive_count=self.max_receive_count,
            visibility_timeout_seconds=self.visibility_timeout_seconds,
            worker_concurrency=self.worker_concurrency,
        )

    @classmethod
    def from_context(cls, context: Mapping[str, Any]) -> Self:
        """Our keys from the app's context. CDK keeps its own there too (feature flags such as
        `@aws-cdk/core:...`, `aws:cdk:...`): every such key has a colon, none of ours does."""
        return cls.model_validate({key: value for key, value in context.items() if ":" not in key})


def _fargate_size_problem(role: str, cpu: int, memory: int) -> str | None:
    """Why `cpu` units with `memory` MiB is no Fargate task size, in the context's own key names."""
    if cpu not in FARGATE_MEMORY_MIB:
        sizes = ", ".join(map(str, FARGATE_MEMORY_MIB))
        return f"{role}Cpu={cpu} is not a Fargate CPU size; use one of {sizes}"
    allowed = FARGATE_MEMORY_MIB[cpu]
    if memory not in allowed:
        listed = (
            ", ".join(map(str, allowed))
            if len(allowed) <= 4
            else f"{allowed[0]} to {allowed[-1]} by {allowed[1] - allowed[0]}"
        )
        return f"{role}MemoryMib={memory} does not go with {role}Cpu={cpu} on Fargate; use {listed}"
    return None


def context_problems(exc: ValidationError) -> list[str]:
    """Each problem of a refused context on one line, naming the key as it is written in `-c` or
    `deploy/cdk.json` (`inboundQueueName`, not the field), in words (no pydantic report)."""
    known = sorted(field.alias or to_camel(name) for name, field in DeployConfig.model_fields.items())
    lines = []
    for error in exc.errors():
        message = error["msg"].removeprefix("Value error, ")
        if not error["loc"]:
            lines.append(message)
            continue
        key = to_camel(str(error["loc"][0]))
        if error["type"] == "extra_forbidden":
            close = difflib.get_close_matches(key, known, n=1)
            hint = f"did you mean {close[0]}?" if close else f"the keys are {', '.join(known)}"
            message = f"not a key of this app; {hint}"
        lines.append(f"{key}: {message}")
    return lines
