"""Meta payload parsing: which messages become events, keyed and normalized how."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ingress.meta import parse_meta_payload
from ingress.meta_models import StatusKind
from orchestrator.errors import InvalidInput
from orchestrator.models import EventKind
from tests.ingress.meta_golden import (
    FAILED_131047,
    GOLDEN_MESSAGES,
    GOLDEN_STATUSES,
    Golden,
    failed_131047_metadata,
    message,
    status,
)
from tests.ingress.meta_payloads import (
    PHONE_A,
    PHONE_B,
    button_message,
    interactive_message,
    status_update,
    text_message,
    value,
    webhook,
)

NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


class TestSupportedMessages:
    def test_each_message_of_every_change_is_one_event_in_order(self) -> None:
        """Two changes, three messages: three events in payload order, keyed by wamid."""
        payload = webhook(
            value([text_message("wamid.1", PHONE_A, "PA 12/8"), text_message("wamid.2", PHONE_B, "FC 80")]),
            value([text_message("wamid.3", PHONE_A, "FR 18")]),
        )
        batch = parse_meta_payload(payload, received_at=NOW)
        assert [event.event_id for event in batch.events] == ["wamid.1", "wamid.2", "wamid.3"]
        assert [event.session_id for event in batch.events] == [PHONE_A, PHONE_B, PHONE_A]
        assert [event.text for event in batch.events] == ["PA 12/8", "FC 80", "FR 18"]
        assert all(event.kind is EventKind.MESSAGE and event.received_at == NOW for event in batch.events)
        assert batch.ignored == 0

    @pytest.mark.parametrize("kind", ["button_reply", "list_reply"])
    def test_interactive_reply_uses_title_and_keeps_id(self, kind: str) -> None:
        """An interactive reply's title is the text; its id is kept in metadata."""
        payload = webhook(value([interactive_message("wamid.9", PHONE_A, kind, "confirm_yes", "Sim")]))
        (event,) = parse_meta_payload(payload, received_at=NOW).events
        assert event.text == "Sim"
        assert event.metadata["reply_id"] == "confirm_yes"
        assert event.metadata["type"] == "interactive"

    def test_template_button_uses_its_text_and_payload(self) -> None:
        """A template quick-reply button: its text is the text, its payload the reply id."""
        payload = webhook(value([button_message("wamid.b", PHONE_A, "Confirmar", "CONFIRM")]))
        (event,) = parse_meta_payload(payload, received_at=NOW).events
        assert (event.text, event.metadata["reply_id"]) == ("Confirmar", "CONFIRM")

    def test_from_is_never_prefixed_twice(self) -> None:
        """Meta's `from` already has the country code, even a non-Brazilian 11-digit one."""
        payload = webhook(value([text_message("w1", "12025550123", "hi")]))
        (event,) = parse_meta_payload(payload, received_at=NOW).events
        assert event.session_id == "12025550123"


class TestIgnored:
    def test_status_callbacks_are_counted_not_enqueued(self) -> None:
        """A delivery status produces no event."""
        batch = parse_meta_payload(webhook(value(statuses=[status_update("wamid.s", PHONE_A)])), received_at=NOW)
        assert (batch.events, batch.ignored) == ((), 1)

    def test_sent_delivered_read_are_statuses_without_events(self) -> None:
        """SPEC §12: sent, delivered and read are counted by status, nothing enqueued."""
        batch = parse_meta_payload(webhook(value(statuses=list(GOLDEN_STATUSES.values()))), received_at=NOW)
        assert batch.events == ()
        assert batch.statuses == (StatusKind.SENT, StatusKind.DELIVERED, StatusKind.READ)
        assert batch.ignored == 3

    def test_a_status_meta_adds_later_is_counted_as_other(self) -> None:
        """An unknown status keeps the metric's labels a closed set."""
        batch = parse_meta_payload(webhook(value(statuses=[status("wamid.x", "deleted")])), received_at=NOW)
        assert (batch.events, batch.statuses) == ((), (StatusKind.OTHER,))

    def test_change_without_messages_is_fine(self) -> None:
        """A change with neither messages nor statuses is acknowledged."""
        assert parse_meta_payload(webhook(value()), received_at=NOW).events == ()


class TestGoldenMessages:
    @pytest.mark.parametrize("golden", GOLDEN_MESSAGES, ids=lambda golden: golden.name)
    def test_every_type_is_one_event(self, golden: Golden) -> None:
        """SPEC §12: every message type is an event keyed by its wamid, with its text and metadata."""
        (event,) = parse_meta_payload(webhook(value([golden.payload])), received_at=NOW).events
        assert (event.kind, event.event_id, event.session_id) == (EventKind.MESSAGE, golden.payload["id"], PHONE_A)
        assert event.text == golden.text
        expected = {"source": "whatsapp", "type": golden.payload["type"], "wa_id": PHONE_A, **golden.metadata}
        assert event.metadata == expected

    def test_a_sender_without_the_ninth_digit_is_the_canonical_session(self) -> None:
        """A 12-digit Brazilian `from`: the session is the 13-digit number, `wa_id` keeps Meta's form."""
        (event,) = parse_meta_payload(webhook(value([text_message("w", "551188887777", "oi")])), received_at=NOW).events
        assert (event.session_id, event.metadata["wa_id"]) == ("5511988887777", "551188887777")


class TestFailedStatus:
    def test_failed_is_a_delivery_failed_event_of_the_recipients_session(self) -> None:
        """`failed` with errors: a DELIVERY_FAILED event keyed `<wamid>:failed` carrying the first error."""
        recipient = "552188880002"  # without the 9th digit
        failed = FAILED_131047 | {"recipient_id": recipient}
        batch = parse_meta_payload(webhook(value(statuses=[GOLDEN_STATUSES["sent"], failed])), received_at=NOW)
        (event,) = batch.events
        assert (event.kind, event.event_id, event.session_id, event.text) == (
            EventKind.DELIVERY_FAILED,
            "wamid.out2:failed",
            "5521988880002",
            "",
        )
        assert event.metadata == failed_131047_metadata(recipient)
        assert (batch.statuses, batch.ignored) == ((StatusKind.SENT, StatusKind.FAILED), 1)

    def test_failed_without_errors_or_timestamp(self) -> None:
        """No `errors`: code and title are null; no `timestamp`: the time of receipt."""
        bare = {"id": "wamid.o", "status": "failed", "recipient_id": PHONE_A}
        (event,) = parse_meta_payload(webhook(value(statuses=[bare])), received_at=NOW).events
        assert (event.metadata["code"], event.metadata["title"]) == (None, None)
        assert event.metadata["failed_at"] == NOW.isoformat()

    @pytest.mark.parametrize(
        ("status_body", "field"),
        [
            ({"id": "w", "status": "failed"}, "recipient_id"),
            ({"id": "w", "status": "failed", "recipient_id": "12"}, "recipient_id"),
            ({"id": "w", "status": "failed", "recipient_id": PHONE_A, "timestamp": "soon"}, "timestamp"),
            ({"id": "w", "status": "failed", "recipient_id": PHONE_A, "timestamp": "9" * 30}, "timestamp"),
            ({"status": "failed", "recipient_id": PHONE_A}, "id"),
            ({"id": "w", "status": "failed", "recipient_id": PHONE_A, "errors": [{"code": "x"}]}, "errors[0].code"),
        ],
    )
    def test_an_unusable_failed_status_names_its_path(self, status_body: dict[str, object], field: str) -> None:
        """A failed status we cannot attribute is a 400 naming the field, never a lost failure."""
        with pytest.raises(InvalidInput) as info:
            parse_meta_payload(webhook(value(statuses=[status_body])), received_at=NOW)
        assert info.value.field == f"entry[0].changes[0].value.statuses[0].{field}"


class TestInvalid:
    @pytest.mark.parametrize(
        ("payload", "field"),
        [
            ([], "body"),
            ({"object": "whatsapp_business_account"}, "entry"),
            ({"entry": [{"changes": {}}]}, "entry[0].changes"),
            (
                webhook(value([{"id": "w", "type": "text", "text": {"body": "x"}}])),
                "entry[0].changes[0].value.messages[0].from",
            ),
            (
                webhook(value([{"from": PHONE_A, "type": "text", "text": {"body": "x"}}])),
                "entry[0].changes[0].value.messages[0].id",
            ),
            (webhook(value([text_message("w", PHONE_A, " ")])), "entry[0].changes[0].value.messages[0].text.body"),
            (webhook(value([text_message("w", "123", "x")])), "entry[0].changes[0].value.messages[0].from"),
            (webhook(value([message("w", "text", None)])), "entry[0].changes[0].value.messages[0].text"),
            (
                webhook(value([message("w", "audio", {"voice": True})])),
                "entry[0].changes[0].value.messages[0].audio.id",
            ),
            (webhook(value([message("w", "reaction", None)])), "entry[0].changes[0].value.messages[0].reaction"),
            (
                webhook(value([message("w", "interactive", {"type": "button_reply"})])),
                "entry[0].changes[0].value.messages[0].interactive.button_reply",
            ),
            (webhook(value([message("w", "image", {"id": 7})])), "entry[0].changes[0].value.messages[0].image.id"),
            (webhook(value([{"from": PHONE_A, "id": "w"}])), "entry[0].changes[0].value.messages[0].type"),
        ],
    )
    def test_problem_names_its_json_path(self, payload: object, field: str) -> None:
        """A structural problem or unusable supported message raises InvalidInput naming the path."""
        with pytest.raises(InvalidInput) as info:
            parse_meta_payload(payload, received_at=NOW)
        assert info.value.field == field
