"""Pure parts of the DLQ tooling: letters from messages, selections, redrive ids, endpoints, ages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from orchestrator.dlq.command import format_age
from orchestrator.dlq.native import is_aws_endpoint
from orchestrator.dlq.values import Selection, redrive_deduplication_id, to_letter
from orchestrator.envelope import deduplication_id, encode
from orchestrator.integrations.queue import QueueMessage
from tests.ops.world import message_event

SENT = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)


def dead_message(body: str, *, message_id: str = "m-1", group_id: str = "5511999990001") -> QueueMessage:
    return QueueMessage(
        message_id=message_id,
        receipt_handle="r-1",
        body=body,
        group_id=group_id,
        receive_count=6,
        sent_at=SENT,
        deduplication_id="d-1",
    )


class TestToLetter:
    def test_decoded_letter(self) -> None:
        """A valid envelope gives its event; the session is the FIFO group; this read's receive is not counted."""
        letter = to_letter(dead_message(encode(message_event("wamid.1", "5511999990001"))))
        assert letter.event is not None
        assert letter.event.event_id == "wamid.1"
        assert (letter.session_id, letter.receive_count, letter.reason) == ("5511999990001", 5, None)

    def test_malformed_letter_carries_the_decoder_reason(self) -> None:
        """An undecodable body becomes a letter whose reason says why."""
        letter = to_letter(dead_message('{"v": 1, "kind": "telegram"}'))
        assert letter.event is None
        assert letter.reason == "malformed envelope: unknown envelope kind: 'telegram'"

    def test_summary_is_the_list_json_contract(self) -> None:
        """`list --json` items have exactly the four SPEC keys."""
        summary = to_letter(dead_message("x")).summary()
        assert list(summary) == ["message_id", "session_id", "receive_count", "reason"]


class TestSelection:
    def test_empty_selects_everything(self) -> None:
        """No session and no message id: the whole queue."""
        assert Selection().everything
        assert Selection().matches(to_letter(dead_message("x")))

    def test_sessions_and_message_ids_add_up(self) -> None:
        """A letter matches when its session or its message id is named."""
        selection = Selection(sessions=frozenset({"5511999990001"}), message_ids=frozenset({"m-9"}))
        assert selection.matches(to_letter(dead_message("x")))
        assert selection.matches(to_letter(dead_message("x", message_id="m-9", group_id="5521988880003")))
        assert not selection.matches(to_letter(dead_message("x", message_id="m-2", group_id="5521988880003")))


class TestRedriveDeduplicationId:
    def test_differs_from_the_original(self) -> None:
        """The copy never reuses the id SQS remembers for 5 minutes after the original send."""
        message = dead_message("x")
        assert redrive_deduplication_id(message) not in {message.deduplication_id, deduplication_id("wamid.1")}

    def test_stable_for_one_dead_letter_and_new_for_another(self) -> None:
        """Same DLQ message -> same id (a re-run is deduplicated); a later arrival -> a new id."""
        first = dead_message("x", message_id="m-1")
        assert redrive_deduplication_id(first) == redrive_deduplication_id(dead_message("x", message_id="m-1"))
        assert redrive_deduplication_id(first) != redrive_deduplication_id(dead_message("x", message_id="m-2"))
        assert len(redrive_deduplication_id(first)) <= 128  # SQS's limit


class TestAwsEndpoint:
    @pytest.mark.parametrize(
        ("url", "expected"),
        [
            ("https://sqs.sa-east-1.amazonaws.com", True),
            ("https://sqs.cn-north-1.amazonaws.com.cn", True),
            ("https://sqs.us-east-1.api.aws", True),
            ("http://127.0.0.1:5000", False),
            ("http://elasticmq:9324", False),
            ("http://amazonaws.com.evil.example", False),
        ],
    )
    def test_only_amazon_hosts_get_the_native_move(self, url: str, expected: bool) -> None:
        """The native move task is tried only on Amazon's endpoints."""
        assert is_aws_endpoint(url) is expected


class TestFormatAge:
    @pytest.mark.parametrize(
        ("delta", "text"),
        [
            (timedelta(seconds=0), "0s"),
            (timedelta(seconds=75), "1m 15s"),
            (timedelta(hours=2, minutes=5, seconds=9), "2h 5m"),
            (timedelta(days=3, hours=4), "3d 4h"),
            (timedelta(days=1, seconds=30), "1d 30s"),
        ],
    )
    def test_two_largest_units(self, delta: timedelta, text: str) -> None:
        """Ages read at a glance: the two largest non-zero units."""
        assert format_age(int(delta.total_seconds())) == text
