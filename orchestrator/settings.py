"""Settings from the environment (and `.env`): the names of SPEC section 9, typed, with defaults.

Only composition roots build `Settings` (the CLI, `dev`, `create_app`, `run_worker`); lower
layers receive plain arguments. An invalid value stops start-up naming the variable.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import TYPE_CHECKING, Self
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, create_model, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from orchestrator.models import BackendContract

# botocore's check of a region name (botocore.utils.validate_region_name).
_REGION = re.compile(r"[a-zA-Z0-9](?:[a-zA-Z0-9\-]{0,61}[a-zA-Z0-9])?")
# DynamoDB table names: 3-255 of [a-zA-Z0-9_.-]; the longest of ours, `OrchestratorSessions`, has 20.
_MAX_PREFIX = 235
_TABLE_PREFIX = re.compile(rf"[a-zA-Z0-9_.\-]{{0,{_MAX_PREFIX}}}")


def url_problem(value: str) -> str | None:
    """What keeps `value` from being an http(s) URL with a host (and a valid port, which urllib checks
    only when it is read); None when nothing does."""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "expected http(s)://host[:port]"
    try:
        parts.port  # noqa: B018
    except ValueError:
        return "the port must be a number from 1 to 65535"
    return None


class Environment(StrEnum):
    DEVELOPMENT = "development"
    PRODUCTION = "production"


class LogFormat(StrEnum):
    JSON = "json"
    CONSOLE = "console"


class LogLevel(StrEnum):
    """LOG_LEVEL's values (any case in the environment)."""

    DEBUG = "DEBUG"
    INFO = "INFO"
    WARNING = "WARNING"
    ERROR = "ERROR"
    CRITICAL = "CRITICAL"


# Backend contracts (SPEC section 7): one `LAMBDA_<NAME>` URL per `BackendContract`, unset in `dev`
# (-> the built-in demo backend). Declared from the enum, so a new contract brings its setting.
_BackendUrlSettings = create_model(
    "_BackendUrlSettings",
    __base__=BaseSettings,
    **{contract.setting.lower(): (str | None, None) for contract in BackendContract},  # type: ignore[call-overload]
)
if TYPE_CHECKING:  # the URLs are read through `backend_url`, never as attributes
    _SettingsBase = BaseSettings
else:
    _SettingsBase = _BackendUrlSettings


class Settings(_SettingsBase):
    """Every setting of the service. Field names are the environment names, lower-cased."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", env_ignore_empty=True, extra="ignore", frozen=True
    )

    orch_env: Environment = Environment.DEVELOPMENT

    # AWS. Endpoints are botocore's own AWS_ENDPOINT_URL* variables, read by botocore itself;
    # `aws_endpoint_url` is only read here so `dev` knows whether to start its embedded moto.
    aws_region: str = "sa-east-1"
    aws_endpoint_url: str | None = None
    aws_endpoint_url_dynamodb: str | None = None
    aws_endpoint_url_sqs: str | None = None
    table_prefix: str = ""
    inbound_queue_name: str = Field(default="orchestrator-inbound.fifo", pattern=r"^[A-Za-z0-9_-]{1,75}\.fifo$")
    max_receive_count: int = Field(default=5, ge=1, le=1000)
    visibility_timeout_seconds: int = Field(default=30, ge=5, le=43_200)
    # Long-poll wait of a receive. Lower it only for emulators that hold a message group for a
    # whole poll (moto blocks a group that was in flight when the poll began).
    receive_wait_seconds: int = Field(default=20, ge=0, le=20)

    # Worker.
    worker_concurrency: int = Field(default=32, ge=1, le=1024)
    lock_lease_seconds: int = Field(default=10, ge=2, le=300)
    pending_action_ttl_minutes: int = Field(default=10, ge=1, le=60)
    schedule_refresh_seconds: int = Field(default=300, ge=0)

    # Understanding.
    openai_api_key: SecretStr | None = None
    openai_base_url: str | None = None
    openai_model: str = "gpt-4o-mini"
    openai_timeout_seconds: float = Field(default=8.0, gt=0)
    openai_transcribe_model: str = "gpt-4o-mini-transcribe"

    # The backend's `LAMBDA_*` URLs are declared above (`_BackendUrlSettings`).
    backend_timeout_seconds: float = Field(default=10.0, gt=0)

    # Reply delivery (SPEC section 8): the first configured sink wins.
    reply_webhook_url: str | None = None
    whatsapp_access_token: SecretStr | None = None
    whatsapp_phone_number_id: str | None = None
    whatsapp_api_base: str = "https://graph.facebook.com/v21.0"
    # The WhatsApp channel (SPEC section 12).
    whatsapp_read_receipts: bool = True
    whatsapp_max_sends_per_second: float = Field(default=20.0, gt=0)
    whatsapp_reengage_template: str | None = None

    # Ingress authentication.
    whatsapp_verify_token: SecretStr | None = None
    whatsapp_app_secret: SecretStr | None = None
    ingest_token: SecretStr | None = None
    admin_token: SecretStr | None = None

    log_level: LogLevel = LogLevel.INFO
    log_format: LogFormat = LogFormat.JSON

    @field_validator("log_level", mode="before")
    @classmethod
    def _level_in_any_case(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("aws_endpoint_url", "aws_endpoint_url_dynamodb", "aws_endpoint_url_sqs")
    @classmethod
    def _endpoint_is_a_url(cls, value: str | None) -> str | None:
        """botocore would refuse it too, but only at the first client, with a traceback."""
        if value is None:
            return value
        if problem := url_problem(value):
            raise ValueError(f"{value!r} is not an endpoint URL ({problem})")
        return value

    @field_validator(
        *(contract.setting.lower() for contract in BackendContract),
        "reply_webhook_url",
        "whatsapp_api_base",
        "openai_base_url",
    )
    @classmethod
    def _service_is_a_url(cls, value: str | None) -> str | None:
        """A worker with `LAMBDA_GET_SCHEDULE=abc` started and sent every turn to the DLQ instead."""
        if value is None:
            return value
        if url_problem(value):
            raise ValueError(f"{value!r} is not a URL (expected http(s)://host[:port]/path)")
        return value

    @field_validator("aws_region")
    @classmethod
    def _region_is_a_name(cls, value: str) -> str:
        """botocore's own format check, made before the first client (it raised from there)."""
        if not _REGION.fullmatch(value):
            raise ValueError(f"{value!r} is not an AWS region name (e.g. sa-east-1, us-east-1)")
        return value

    @field_validator("table_prefix")
    @classmethod
    def _prefix_fits_table_names(cls, value: str) -> str:
        """DynamoDB refuses other characters, but only at the first call on the table."""
        if not _TABLE_PREFIX.fullmatch(value):
            raise ValueError(
                f"{value!r} cannot start a DynamoDB table name: "
                f"use at most {_MAX_PREFIX} letters, digits, '_', '-' or '.'"
            )
        return value

    @model_validator(mode="after")
    def _production_needs_secrets(self) -> Self:
        """In production, refuse to start with an open ingest or admin surface."""
        if self.orch_env is not Environment.PRODUCTION:
            return self
        missing = [name for name in ("ingest_token", "admin_token") if getattr(self, name) is None]
        # The Meta webhook is in use as soon as its handshake token is configured.
        if self.whatsapp_verify_token is not None and self.whatsapp_app_secret is None:
            missing.append("whatsapp_app_secret")
        if missing:
            names = ", ".join(name.upper() for name in missing)
            raise ValueError(f"ORCH_ENV=production requires {names} to be set")
        return self

    # -- derived names -------------------------------------------------------------------------

    @property
    def dlq_name(self) -> str:
        """`orchestrator-inbound.fifo` -> `orchestrator-inbound-dlq.fifo`."""
        return self.inbound_queue_name.removesuffix(".fifo") + "-dlq.fifo"

    def table(self, base: str) -> str:
        """The physical name of one of the five tables."""
        return f"{self.table_prefix}{base}"

    @property
    def aws_endpoint_configured(self) -> bool:
        """Some local or custom AWS endpoint is set (else `dev` embeds moto)."""
        return any((self.aws_endpoint_url, self.aws_endpoint_url_dynamodb, self.aws_endpoint_url_sqs))

    def backend_url(self, contract: BackendContract) -> str | None:
        """The URL of a backend contract (`LAMBDA_<NAME>`), None when unset."""
        url: str | None = getattr(self, contract.setting.lower())
        return url

    @property
    def backend_configured(self) -> bool:
        return self.backend_url(BackendContract.GET_SCHEDULE) is not None
