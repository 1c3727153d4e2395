"""SPEC §12 through real HTTP on moto: every golden message type queued as its event, statuses
counted (sent/delivered/read: no AWS call), `failed` queued as a delivery_failed event."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from prometheus_client.parser import text_string_to_metric_families
from structlog.testing import capture_logs

from orchestrator.models import EventKind
from tests.aws_calls import CallLog
from tests.ingress.conftest import Ingress
from tests.ingress.meta_golden import (
    FAILED_131047,
    GOLDEN_MESSAGES,
    GOLDEN_STATUSES,
    Golden,
    failed_131047_metadata,
    message,
)
from tests.ingress.meta_payloads import PHONE_A, text_message, value, webhook

# What an accepted webhook costs: the readiness monitor's own sampling (GetQueueAttributes,
# DescribeTable) shares the clients and is no part of it.
_DATA_CALLS = {"PutItem", "UpdateItem", "GetItem", "TransactWriteItems", "SendMessage", "SendMessageBatch"}


@pytest.fixture
def aws_calls(ingress: Ingress) -> Iterator[CallLog]:
    """Every DynamoDB and SQS call the served app makes from now on."""
    calls = CallLog().watch(ingress.aws.dynamodb).watch(ingress.aws.sqs)
    yield calls
    calls.stop(ingress.aws.dynamodb)
    calls.stop(ingress.aws.sqs)


def data_calls(calls: CallLog) -> list[str]:
    return [operation for operation in calls.operations if operation in _DATA_CALLS]


async def status_counts(ingress: Ingress) -> dict[str, float]:
    text = (await ingress.client.get("/metrics")).text
    (family,) = [f for f in text_string_to_metric_families(text) if f.name == "orchestrator_whatsapp_statuses"]
    return {s.labels["status"]: s.value for s in family.samples if s.name.endswith("_total")}


class TestEveryMessageType:
    async def test_each_golden_message_is_queued_as_its_event(self, ingress: Ingress) -> None:
        """One delivery holding every type Meta sends: 200, each message one event in the caregiver's
        FIFO group, in payload order, with the text and metadata of the contract."""
        payloads = [golden.payload for golden in GOLDEN_MESSAGES]
        response = await ingress.post_meta(webhook(value(payloads)))
        assert response.status_code == 200, response.text
        assert response.json() == {
            "status": "accepted",
            "accepted": len(payloads),
            "replayed": 0,
            "ignored": 0,
            "rejected": [],
        }
        events = await ingress.inbound.drain()
        assert [event.event_id for event in events] == [payload["id"] for payload in payloads]
        for golden, event in zip(GOLDEN_MESSAGES, events, strict=True):
            assert (event.kind, event.session_id, event.text) == (EventKind.MESSAGE, PHONE_A, golden.text), golden.name
            expected = {"source": "whatsapp", "type": golden.payload["type"], "wa_id": PHONE_A, **golden.metadata}
            assert event.metadata == expected, golden.name

    async def test_a_twelve_digit_sender_is_queued_in_the_canonical_session(self, ingress: Ingress) -> None:
        """`from` without the 9th digit: the event's session (its FIFO group) is the 13-digit number."""
        await ingress.post_meta(webhook(value([text_message("wamid.12", "551188887777", "sim")])))
        (event,) = await ingress.inbound.drain()
        assert (event.session_id, event.metadata["wa_id"]) == ("5511988887777", "551188887777")

    async def test_a_message_missing_its_body_is_rejected_naming_the_path(self, ingress: Ingress) -> None:
        """An audio message without its media id: not queued, named by its JSON path in `rejected`;
        the good message of the same delivery is queued."""
        payload = webhook(value([text_message("wamid.ok", PHONE_A, "oi"), message("wamid.a", "audio", {})]))
        response = await ingress.post_meta(payload)
        assert response.status_code == 200
        assert [item["field"] for item in response.json()["rejected"]] == [
            "entry[0].changes[0].value.messages[1].audio.id"
        ]
        assert [event.event_id for event in await ingress.inbound.drain()] == ["wamid.ok"]


class TestNoticesThatAreNotMessages:
    async def test_a_number_change_and_a_deleted_message_queue_nothing(self, ingress: Ingress) -> None:
        """Meta's `system` notice (the caregiver changed number), `revoke` (a message deleted) and
        `request_welcome` (the chat opened for the first time) are not written to the bot:
        acknowledged as ignored, nothing queued, so the caregiver gets no "I read text only" answer
        to something they never sent; the text beside them is queued."""
        system = message(
            "wamid.sys",
            "system",
            {
                "body": "User Maria changed from 5511999990001 to 5511999990009",
                "wa_id": "5511999990009",
                "type": "user_changed_number",
            },
        )
        revoke = message("wamid.del", "revoke", {"original_message_id": "wamid.text"})
        welcome = message("wamid.hi", "request_welcome", None)
        text = text_message("wamid.t", PHONE_A, "oi")
        response = await ingress.post_meta(webhook(value([system, text, revoke, welcome])))
        assert response.status_code == 200, response.text
        assert response.json() == {"status": "accepted", "accepted": 1, "replayed": 0, "ignored": 3, "rejected": []}
        assert [event.event_id for event in await ingress.inbound.drain()] == ["wamid.t"]


class TestMetaErrors:
    async def test_an_error_meta_reports_is_logged_and_counted(self, ingress: Ingress) -> None:
        """`value.errors` (Meta telling the app something failed on its side, e.g. 131000) is
        acknowledged, logged with its code and title and counted by code: never dropped unseen."""
        errors = [{"code": 131000, "title": "Something went wrong", "error_data": {"details": "Unknown error"}}]
        with capture_logs() as logs:
            response = await ingress.post_meta(webhook(value() | {"errors": errors}))
        assert response.status_code == 200, response.text
        assert response.json() == {"status": "accepted", "accepted": 0, "replayed": 0, "ignored": 1, "rejected": []}
        reported = [entry for entry in logs if entry["event"] == "whatsapp_error_reported"]
        assert [(entry["code"], entry["title"], entry["log_level"]) for entry in reported] == [
            (131000, "Something went wrong", "warning")
        ]
        text = (await ingress.client.get("/metrics")).text
        (family,) = [f for f in text_string_to_metric_families(text) if f.name == "orchestrator_whatsapp_errors"]
        assert {s.labels["code"]: s.value for s in family.samples if s.name.endswith("_total")} == {"131000": 1}
        assert await ingress.inbound.drain() == []

    async def test_an_error_we_cannot_read_is_still_acknowledged(self, ingress: Ingress) -> None:
        """An out-of-band error in a shape we do not read is nothing to queue: 200 (a 400 would have
        Meta retry it for days), counted under code `unknown`."""
        response = await ingress.post_meta(webhook(value() | {"errors": [{"code": "n/a", "title": ["?"]}]}))
        assert response.status_code == 200, response.text
        assert response.json()["ignored"] == 1
        text = (await ingress.client.get("/metrics")).text
        (family,) = [f for f in text_string_to_metric_families(text) if f.name == "orchestrator_whatsapp_errors"]
        assert {s.labels["code"]: s.value for s in family.samples if s.name.endswith("_total")} == {"unknown": 1}


class TestAwsCalls:
    @pytest.mark.parametrize("golden", [GOLDEN_MESSAGES[0], GOLDEN_MESSAGES[4]], ids=lambda golden: golden.name)
    async def test_an_accepted_message_costs_what_it_did(
        self, ingress: Ingress, aws_calls: CallLog, golden: Golden
    ) -> None:
        """A text or a voice note: claim, batch send, then the claim's completion (3 calls, as since
        issue 16); the voice note is fetched and transcribed by the worker, never here."""
        response = await ingress.post_meta(webhook(value([golden.payload])))
        assert response.json()["accepted"] == 1
        await ingress.claims_settled()
        assert sorted(data_calls(aws_calls)) == ["PutItem", "SendMessageBatch", "UpdateItem"]


class TestStatuses:
    async def test_sent_delivered_read_are_counted_with_no_aws_call(self, ingress: Ingress, aws_calls: CallLog) -> None:
        """A callback of sent, delivered and read statuses: 200, counted by status, 0 AWS calls."""
        response = await ingress.post_meta(webhook(value(statuses=list(GOLDEN_STATUSES.values()))))
        assert response.json() == {"status": "accepted", "accepted": 0, "replayed": 0, "ignored": 3, "rejected": []}
        assert data_calls(aws_calls) == []
        assert await status_counts(ingress) == {"sent": 1, "delivered": 1, "read": 1}

    async def test_failed_is_queued_once_as_delivery_failed(self, ingress: Ingress, aws_calls: CallLog) -> None:
        """A failed status: one delivery_failed event in the recipient's group, as an accepted
        message costs (claim, batch send, then the claim's completion: 3 calls); Meta repeating the
        callback replays it (one PutItem) and queues nothing more."""
        recipient = "551188887777"
        callback = webhook(value(statuses=[FAILED_131047 | {"recipient_id": recipient}]))
        response = await ingress.post_meta(callback)
        assert response.json() == {"status": "accepted", "accepted": 1, "replayed": 0, "ignored": 0, "rejected": []}
        await ingress.claims_settled()
        assert sorted(data_calls(aws_calls)) == ["PutItem", "SendMessageBatch", "UpdateItem"]
        aws_calls.clear()
        again = await ingress.post_meta(callback)
        assert again.json() == {"status": "accepted", "accepted": 0, "replayed": 1, "ignored": 0, "rejected": []}
        assert data_calls(aws_calls) == ["PutItem"]
        (event,) = await ingress.inbound.drain()
        assert (event.kind, event.event_id, event.session_id) == (
            EventKind.DELIVERY_FAILED,
            "wamid.out2:failed",
            "5511988887777",
        )
        assert event.metadata == failed_131047_metadata(recipient)
        assert (await status_counts(ingress))["failed"] == 2

    async def test_a_status_repeated_with_another_body_is_acknowledged_once(self, ingress: Ingress) -> None:
        """Meta re-sending a failed status with another time (or a message id with another body) gets
        200, never 422 (Meta would retry the whole delivery for days): the first version stays queued,
        alone, and the delivery's other messages are queued as usual."""
        first = webhook(value(statuses=[FAILED_131047]))
        assert (await ingress.post_meta(first)).status_code == 200
        later = FAILED_131047 | {"timestamp": str(int(FAILED_131047["timestamp"]) + 60)}
        again = await ingress.post_meta(webhook(value([text_message("wamid.next", PHONE_A, "oi")], statuses=[later])))
        assert again.status_code == 200
        assert again.json() == {"status": "accepted", "accepted": 1, "replayed": 1, "ignored": 0, "rejected": []}
        events = await ingress.inbound.drain()
        assert [event.event_id for event in events] == ["wamid.out2:failed", "wamid.next"]
        assert events[0].metadata == failed_131047_metadata(PHONE_A)

    async def test_a_failure_follows_the_sessions_message_in_its_group(self, ingress: Ingress) -> None:
        """A message and a failed status of one caregiver in one delivery: both queued, in payload order."""
        payload = webhook(value([text_message("wamid.m", PHONE_A, "oi")], statuses=[FAILED_131047]))
        assert (await ingress.post_meta(payload)).status_code == 200
        events = await ingress.inbound.drain()
        assert [(event.kind, event.session_id) for event in events] == [
            (EventKind.MESSAGE, PHONE_A),
            (EventKind.DELIVERY_FAILED, PHONE_A),
        ]
