"""Deployment context is validated before anything is synthesized (no CDK or Node needed)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import structlog
from pydantic import ValidationError

from deploy.config import FARGATE_MAX_STOP_TIMEOUT_SECONDS, DeployConfig
from orchestrator.logs import configure_logging
from orchestrator.settings import Settings
from worker.app import drain_deadline_seconds


class TestContext:
    def test_defaults_are_the_services_own(self) -> None:
        """With no context, tables and queues are what the processes default to."""
        config = DeployConfig.from_context({})
        assert config.settings().inbound_queue_name == Settings.model_construct().inbound_queue_name
        assert config.max_receive_count == Settings.model_construct().max_receive_count

    def test_cdk_keys_are_ignored_and_typos_refused(self) -> None:
        """CDK's own keys (with a colon) pass through; an unknown key of ours is an error naming it."""
        DeployConfig.from_context({"@aws-cdk/core:newStyleStackSynthesis": True, "aws:cdk:enable-path-metadata": True})
        with pytest.raises(ValidationError, match="workerMaxTask"):
            DeployConfig.from_context({"workerMaxTask": 3})

    def test_queue_settings_are_validated_as_the_processes_validate_them(self) -> None:
        """A queue name Settings would refuse is refused at synth time."""
        with pytest.raises(ValidationError, match="inbound_queue_name"):
            DeployConfig.from_context({"inboundQueueName": "not-fifo"})

    def test_max_below_min_is_refused(self) -> None:
        with pytest.raises(ValidationError, match="workerMaxTasks must be at least workerMinTasks"):
            DeployConfig.from_context({"workerMinTasks": 4, "workerMaxTasks": 2})

    def test_stop_timeout_beyond_fargates_limit_is_refused(self) -> None:
        """A visibility timeout whose drain deadline Fargate cannot wait out is refused, naming the limit."""
        accepted = DeployConfig.from_context({"visibilityTimeoutSeconds": 60})
        assert accepted.worker_stop_timeout_seconds > drain_deadline_seconds(60)
        with pytest.raises(ValidationError, match=f"at most {FARGATE_MAX_STOP_TIMEOUT_SECONDS} s"):
            DeployConfig.from_context({"visibilityTimeoutSeconds": 300})

    def test_secrets_may_not_travel_as_plain_environment(self) -> None:
        """`environment` may not carry a secret or override what the stack sets."""
        with pytest.raises(ValidationError, match="OPENAI_API_KEY"):
            DeployConfig.from_context({"environment": {"OPENAI_API_KEY": "sk-..."}})
        with pytest.raises(ValidationError, match="ORCH_ENV"):
            DeployConfig.from_context({"environment": {"ORCH_ENV": "development"}})

    def test_the_required_tokens_stay_in_the_secret(self) -> None:
        """Production refuses to start without INGEST_TOKEN and ADMIN_TOKEN: secretKeys must keep them."""
        with pytest.raises(ValidationError, match="ADMIN_TOKEN"):
            DeployConfig.from_context({"secretKeys": ["INGEST_TOKEN"]})


class TestWorkerErrorsFilter:
    def test_error_lines_carry_level_error(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The worker-errors metric filter matches `{ $.level = "error" }`: JSON logs write exactly that."""
        configure_logging(Settings(_env_file=None, log_format="json"))
        try:
            structlog.get_logger("worker").error("turn_crashed")
            line = json.loads(capsys.readouterr().err.strip().splitlines()[-1])
        finally:
            structlog.reset_defaults()
        assert (line["event"], line["level"]) == ("turn_crashed", "error")


class TestDocumentedKeys:
    """docs/operations.md's context table is what `-c key=value` and cdk.json accept."""

    @staticmethod
    def _documented() -> set[str]:
        text = (Path(__file__).resolve().parents[2] / "docs" / "operations.md").read_text()
        table = text.split("| Key | Default | What |", 1)[1].split("\n5. ", 1)[0]
        rows = [line.split("|")[1] for line in table.splitlines() if line.strip().startswith("| `")]
        return {key for row in rows for key in re.findall(r"`([A-Za-z0-9]+)`", row)}

    def test_every_documented_key_is_accepted(self) -> None:
        """`ingress5xxAlarmPercent`, as documented, was refused as an unknown key: the field's
        generated alias was `ingress5XxAlarmPercent`, which no one would type."""
        defaults = DeployConfig.from_context({})
        fields = {info.alias: name for name, info in DeployConfig.model_fields.items()}
        for key in sorted(self._documented()):
            assert key in fields, f"{key} is documented, and refused as an unknown key"
            DeployConfig.from_context({key: getattr(defaults, fields[key])})

    def test_every_key_is_documented(self) -> None:
        accepted = {info.alias for info in DeployConfig.model_fields.values()}
        assert accepted == self._documented()

    def test_the_alarm_threshold_reaches_the_config(self) -> None:
        assert DeployConfig.from_context({"ingress5xxAlarmPercent": 12.5}).ingress_5xx_alarm_percent == 12.5
