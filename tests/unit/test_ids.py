"""Derived ids are stored and compared across versions: each recipe keeps producing the same values."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from orchestrator import envelope, ids
from orchestrator.dlq.values import redrive_deduplication_id
from orchestrator.integrations.queue import QueueMessage
from orchestrator.machine.pending import Purpose
from orchestrator.machine.pending import action_id as machine_action_id

WAMID = "wamid.HBgNNTUxMTk5OTk5OTk5ORUCABIYFjNFQjBDMzg2"


class TestKnownValues:
    """Values computed by the code before the recipes moved into `orchestrator.ids`."""

    @pytest.mark.parametrize(("event_id", "marker"), [(WAMID, "PhmzeCVqQyDnCA3x"), ("m-1", "pGG0cstBqew97lyQ")])
    def test_event_marker(self, event_id: str, marker: str) -> None:
        """A session's processed list holds these markers: a new recipe would replay old events."""
        assert ids.event_marker(event_id) == marker

    def test_deduplication_id(self) -> None:
        """SQS drops a re-send only when its deduplication id is the same as the first send's."""
        expected = "a461b472cb41a9ec3dee5c90cf8e4a78252c9d82319adf75830031b8c309bfc6"
        assert ids.deduplication_id("m-1") == envelope.deduplication_id("m-1") == expected

    @pytest.mark.parametrize(
        ("kind", "parts", "expected"),
        [
            ("reply", ("5511900000001", "m-1", "m-2"), "04bc823d217cf2ddf6e003feff48649a"),
            ("commit", ("5511900000001", "3", "m-1"), "a2e9e1c56fb3971d9f098c66e9fcc06a"),
            ("follow-up", ("5511900000001", "4"), "1c4f202eaf3a408c7e6366f23bb38f37"),
        ],
    )
    def test_derive_id(self, kind: str, parts: tuple[str, ...], expected: str) -> None:
        """Reply ids are the sink's Idempotency-Key, commit tokens DynamoDB's ClientRequestToken."""
        assert ids.derive_id(kind, *parts) == expected

    @pytest.mark.parametrize(
        ("purpose", "expected"),
        [(Purpose.CLINICAL, "c9503a1195a990f00b74742e044eb9af"), (Purpose.CANCEL, "2254ccdefbfc1a06183cbf02e865030e")],
    )
    def test_action_id(self, purpose: Purpose, expected: str) -> None:
        """An action id is the backend's Idempotency-Key: a redelivery after an upgrade repeats it."""
        assert ids.action_id("m-1", purpose.value) == machine_action_id("m-1", purpose) == expected

    def test_redrive_deduplication_id(self) -> None:
        """The same dead letter redriven twice gets the same id (SQS drops the second copy)."""
        message = QueueMessage(
            message_id="dlq-1",
            receipt_handle="r",
            body="{}",
            group_id="5511900000001",
            receive_count=1,
            sent_at=datetime(2026, 11, 26, 12, tzinfo=UTC),
            deduplication_id="d-1",
        )
        expected = "f0a397a1f79406c8aec505f558456ad15ba0a7da111804d8ff35bd564ba3ff90"
        assert redrive_deduplication_id(message) == ids.redrive_deduplication_id("d-1", "dlq-1") == expected
