"""Meta payload parsing: which messages become events, keyed and normalized how."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ingress.meta import parse_meta_payload
from orchestrator.errors import InvalidInput
from orchestrator.models import EventKind
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

    def test_unsupported_types_are_counted_not_enqueued(self) -> None:
        """Images, reactions and unknown interactive types produce no event."""
        image = {"from": PHONE_A, "id": "w.img", "type": "image", "image": {"id": "media"}}
        nfm = {"from": PHONE_A, "id": "w.nfm", "type": "interactive", "interactive": {"type": "nfm_reply"}}
        batch = parse_meta_payload(webhook(value([image, nfm])), received_at=NOW)
        assert (batch.events, batch.ignored) == ((), 2)

    def test_change_without_messages_is_fine(self) -> None:
        """A change with neither messages nor statuses is acknowledged."""
        assert parse_meta_payload(webhook(value()), received_at=NOW).events == ()


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
        ],
    )
    def test_problem_names_its_json_path(self, payload: object, field: str) -> None:
        """A structural problem or unusable supported message raises InvalidInput naming the path."""
        with pytest.raises(InvalidInput) as info:
            parse_meta_payload(payload, received_at=NOW)
        assert info.value.field == field
