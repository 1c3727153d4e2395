"""SPEC §12 "Addresses" end to end: a caregiver whose WhatsApp account lacks the 9th digit writes
through Meta's webhook (real HTTP, moto), the worker asks the demo backend for the 13-digit number
and answers through the Cloud API sink (a scripted stand-in for the Graph API) to the 12-digit
`wa_id`. A `failed` status of one of those replies is taken by the worker without a reply."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from orchestrator.devtools.demo_backend import DEMO_PHONES, DemoShiftKind
from orchestrator.devtools.localaws import MotoServer
from orchestrator.models import BackendContract
from tests.ingress.meta_golden import FAILED_131047
from tests.ingress.meta_payloads import interactive_message, text_message, value, webhook
from tests.integration.scripted import ScriptedServer
from tests.integration.stack import Stack, cloud_api, running_stack

APP_SECRET = "meta-app-secret"
WA_ID = "551188887777"  # as Meta sends it: no 9th digit
CANONICAL = "5511988887777"  # as the backend knows the caregiver
GRAPH_MESSAGES = "/graph/777/messages"
FULL_VITALS = "PA 12 por 8, FC 76, FR 18, sat 97%, temp 36,4, em ar ambiente, paciente tranquilo e orientado"


@pytest.fixture
async def whatsapp_stack(moto_server: MotoServer, scripted: ScriptedServer, table_prefix: str) -> AsyncIterator[Stack]:
    """The whole system with the WhatsApp Cloud sink at the scripted Graph API stand-in, and a
    confirmed shift for CANONICAL only."""
    overrides = cloud_api(scripted.url + "/graph", app_secret=APP_SECRET)
    async with running_stack(moto_server.endpoint, scripted, table_prefix, **overrides) as stack:
        confirmed = stack.demo.backend.shift(DEMO_PHONES[DemoShiftKind.CONFIRMED])
        stack.demo.backend.shifts[CANONICAL] = confirmed.model_copy(update={"schedule_id": "S-12", "report_id": "R-12"})
        yield stack


def sent(scripted: ScriptedServer) -> list[dict[str, Any]]:
    """The messages sent to the caregiver (the read receipts go to the same endpoint: not counted)."""
    posted = [request.json() for request in scripted.received if request.path == GRAPH_MESSAGES]
    return [body for body in posted if body.get("status") != "read"]


class TestTwelveDigitWaId:
    async def test_backend_asked_with_thirteen_digits_replies_to_twelve(
        self, whatsapp_stack: Stack, scripted: ScriptedServer
    ) -> None:
        """Vitals then a tap on "Sim" from the 12-digit wa_id: the shift is fetched for the 13-digit
        number, exactly one updateClinicalData is written, and every reply goes to the 12-digit wa_id."""
        stack = whatsapp_stack
        await stack.deliver_meta(webhook(value([text_message("wamid.v", WA_ID, FULL_VITALS)])))
        await stack.drain()
        await stack.deliver_meta(webhook(value([interactive_message("wamid.y", WA_ID, "button_reply", "yes", "Sim")])))
        await stack.drain()

        lookups = stack.demo.backend.calls(BackendContract.GET_SCHEDULE)
        assert lookups and {call.body["phoneNumber"] for call in lookups} == {CANONICAL}  # type: ignore[index,call-overload]
        (write,) = stack.writes(BackendContract.UPDATE_CLINICAL)
        assert (write["scheduleID"], write["heartRate"]) == ("S-12", 76)
        replies = sent(scripted)
        assert len(replies) == 2
        assert {reply["to"] for reply in replies} == {WA_ID}
        assert "salvos" in replies[-1]["text"]["body"]
        assert {request.headers["authorization"] for request in scripted.received} == {"Bearer graph-token"}

    async def test_a_failed_status_is_taken_without_a_reply(
        self, whatsapp_stack: Stack, scripted: ScriptedServer
    ) -> None:
        """Meta reports one of our replies failed (131047): the worker takes the delivery_failed
        event in the caregiver's session, sends nothing, and nothing is left on any queue."""
        stack = whatsapp_stack
        await stack.deliver_meta(webhook(value([text_message("wamid.h", WA_ID, "como funciona?")])))
        await stack.drain()
        assert len(sent(scripted)) == 1
        await stack.deliver_meta(webhook(value(statuses=[FAILED_131047 | {"recipient_id": WA_ID}])))
        await stack.drain()
        assert len(sent(scripted)) == 1
        assert await stack.queue_depths() == {
            "inbound": {"visible": 0, "in_flight": 0},
            "dlq": {"visible": 0, "in_flight": 0},
        }
        record = await stack.sessions().load(CANONICAL)
        assert (record.wa_id, record.outbox) == (WA_ID, ())
