"""The versioned queue envelope."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from orchestrator import envelope
from orchestrator.errors import InvalidEnvelope
from orchestrator.models import EventKind, InboundEvent, Template


def _event(**overrides: object) -> InboundEvent:
    fields: dict[str, object] = {
        "kind": EventKind.MESSAGE,
        "event_id": "wamid.1",
        "session_id": "5511999990001",
        "received_at": datetime(2026, 11, 26, 12, tzinfo=UTC),
        "text": "PA 12 por 8 — ok 👍",
    }
    fields.update(overrides)
    return InboundEvent.model_validate(fields)


class TestEnvelope:
    def test_round_trip(self) -> None:
        """A message and a template event come back equal after encode/decode."""
        for event in (_event(), _event(kind=EventKind.TEMPLATE_FIRED, text="", template=Template.FINISH_SHIFT)):
            assert envelope.decode(envelope.encode(event)) == event

    def test_body_is_versioned(self) -> None:
        """The body names its version and kind at the top level."""
        body = json.loads(envelope.encode(_event()))
        assert (body["v"], body["kind"]) == (1, "message")

    @pytest.mark.parametrize(
        "body",
        [
            "not json",
            "[]",
            '{"v": 2, "kind": "message", "event": {}}',
            '{"v": 1, "kind": "other", "event": {}}',
            '{"v": 1, "kind": "message", "event": {"kind": "message"}}',
        ],
    )
    def test_rejects_unknown_or_invalid(self, body: str) -> None:
        """Anything but a valid v1 envelope raises InvalidEnvelope."""
        with pytest.raises(InvalidEnvelope):
            envelope.decode(body)

    def test_deduplication_id_is_stable_and_sqs_safe(self) -> None:
        """The same key gives the same id; the id fits SQS's 128-character alphabet."""
        first = envelope.deduplication_id("wamid.HBg=/+ key with spaces")
        assert first == envelope.deduplication_id("wamid.HBg=/+ key with spaces")
        assert len(first) == 64 and first.isalnum()
