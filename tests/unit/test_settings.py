"""Settings: defaults, validation naming the variable, the production refusal."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from orchestrator.settings import Settings


class TestSettings:
    def test_defaults_follow_the_spec(self) -> None:
        """Defaults of SPEC section 9."""
        settings = Settings(_env_file=None)
        assert settings.aws_region == "sa-east-1"
        assert settings.inbound_queue_name == "orchestrator-inbound.fifo"
        assert settings.dlq_name == "orchestrator-inbound-dlq.fifo"
        assert (settings.max_receive_count, settings.visibility_timeout_seconds) == (5, 30)
        assert (settings.pending_action_ttl_minutes, settings.schedule_refresh_seconds) == (10, 300)
        assert settings.openai_model == "gpt-4o-mini"

    def test_invalid_value_names_the_variable(self) -> None:
        """A bad value fails validation on the field of that name."""
        with pytest.raises(ValidationError) as info:
            Settings(_env_file=None, max_receive_count="many")
        assert info.value.errors()[0]["loc"] == ("max_receive_count",)

    def test_production_refuses_without_tokens(self) -> None:
        """ORCH_ENV=production without INGEST_TOKEN and ADMIN_TOKEN does not start, naming both."""
        with pytest.raises(ValidationError, match="INGEST_TOKEN, ADMIN_TOKEN"):
            Settings(_env_file=None, orch_env="production")

    def test_production_meta_webhook_needs_app_secret(self) -> None:
        """With the Meta handshake configured, production also needs WHATSAPP_APP_SECRET."""
        with pytest.raises(ValidationError, match="WHATSAPP_APP_SECRET"):
            Settings(
                _env_file=None, orch_env="production", ingest_token="a", admin_token="b", whatsapp_verify_token="c"
            )

    def test_production_with_secrets_starts(self) -> None:
        """All secrets present: the settings validate."""
        settings = Settings(_env_file=None, orch_env="production", ingest_token="a", admin_token="b")
        assert settings.ingest_token is not None
