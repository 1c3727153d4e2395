"""Issue 11's "Done when", end to end: a voice note with five vital signs, then a tap on "Sim", writes
exactly one correct updateClinicalData.

Meta webhooks (signed) -> ingress -> SQS (moto) -> the worker built from settings (Graph API and
OpenAI at the local stand-in, WhatsApp Cloud sink) -> demo backend; the caregiver's WhatsApp is the
stand-in, which receives the read receipts and the replies.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest

from orchestrator.devtools.demo_backend import DEMO_PHONES, DemoShiftKind
from orchestrator.devtools.graph_standin import (
    TOKEN,
    GraphStandInServer,
    voice_note_media_id,
    voice_note_webhook,
)
from orchestrator.devtools.localaws import MotoServer
from orchestrator.integrations.llm import RulesInterpreter
from orchestrator.models import BackendContract
from tests.ingress.meta_payloads import interactive_message, value, webhook
from tests.integration.scripted import ScriptedServer
from tests.integration.stack import Stack, cloud_api, running_stack
from worker.app import WorkerDeps

CAREGIVER = DEMO_PHONES[DemoShiftKind.CONFIRMED]
APP_SECRET = "e2e-app-secret"
PHONE_NUMBER_ID = "1234567890"
SPOKEN = "PA 12 por 8, FC 76, FR 18, saturação 97%, temperatura 36,4, em ar ambiente, paciente tranquilo"


@pytest.fixture
async def channel(
    moto_server: MotoServer, scripted: ScriptedServer, table_prefix: str, standin: GraphStandInServer
) -> AsyncIterator[Stack]:
    """The whole system with the WhatsApp channel configured as in production, on the stand-in."""
    overrides = cloud_api(
        standin.url,
        app_secret=APP_SECRET,
        token=TOKEN,
        phone_number_id=PHONE_NUMBER_ID,
        openai_api_key="e2e-key",
        openai_base_url=standin.openai_base_url,
    )
    async with running_stack(moto_server.endpoint, scripted, table_prefix, **overrides) as running:
        yield running


async def deliver(stack: Stack, payload: dict[str, Any]) -> None:
    """POST a Meta webhook delivery, signed as Meta signs it; it must be accepted."""
    await stack.deliver_meta(payload)
    # The rules decide everything here; the interpreter is kept off the stand-in's OpenAI (which
    # only transcribes). Graph API, transcription and sink are built from the settings.
    await stack.drain(WorkerDeps(aws=stack.aws, interpreter=RulesInterpreter()))


def sent_texts(standin: GraphStandInServer) -> list[str]:
    """The bodies of the messages sent to the caregiver (text, or an interactive message's body)."""
    texts = []
    for call in standin.app.calls:
        if call.kind != "send":
            continue
        body = call.json()
        texts.append(body["text"]["body"] if body["type"] == "text" else body["interactive"]["body"]["text"])
    return texts


class TestVoiceNoteThenSim:
    async def test_voice_note_then_sim_writes_one_correct_update(
        self, channel: Stack, standin: GraphStandInServer
    ) -> None:
        """The voice note is heard and summarized (nothing written); "Sim" writes it exactly once."""
        wamid = f"wamid.{uuid.uuid4().hex}"
        await deliver(channel, voice_note_webhook(CAREGIVER, wamid, voice_note_media_id(SPOKEN)))
        [summary] = sent_texts(standin)
        assert summary.startswith(f'🎤 "{SPOKEN}"') and "120x80" in summary
        assert channel.writes() == []
        kinds = standin.app.kinds()
        assert kinds[:4] == ["read_receipt", "media_lookup", "media_download", "transcription"]
        assert standin.app.calls[0].json()["message_id"] == wamid

        tap = interactive_message(f"wamid.{uuid.uuid4().hex}", CAREGIVER, "button_reply", "yes", "Sim")
        await deliver(channel, webhook(value([tap])))
        [write] = channel.writes(BackendContract.UPDATE_CLINICAL)
        assert {key: write[key] for key in ("bloodPressure", "heartRate", "respRate", "saturationO2")} == {
            "bloodPressure": "120x80",
            "heartRate": 76,
            "respRate": 18,
            "saturationO2": 97,
        }
        assert (write["temperature"], write["supplementaryOxygen"]) == (36.4, "Ar ambiente")
        assert write["clinicalNote"] and "tranquilo" in write["clinicalNote"]
        assert len(sent_texts(standin)) == 2 and "salvos" in sent_texts(standin)[-1]
