"""Voice-note benchmark (issue 11, "Measure"): per inbound voice note, the Graph API calls, the OpenAI
calls, and the worker wall time it adds over the same words typed, with a 300 ms transcription.

`python -m bench.voice_notes` prints a table and writes bench/results/voice_notes.json. The turn
runs as the worker runs it (`process_turn`) on the in-memory stores and backend of the tests, so
what is timed is the receiving side alone: the read receipt, the media lookup and download (real
HTTP to the local Graph API stand-in) and the transcription (the stand-in's OpenAI endpoint, through
the real `openai` client, answering after `--transcription-ms`).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import statistics
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import openai
import structlog

from orchestrator.devtools.graph_standin import TOKEN, GraphStandInServer, serve_graph_standin, voice_note_media_id
from orchestrator.integrations.cloud_api import CloudApiEndpoint
from orchestrator.integrations.graph import GraphApi
from orchestrator.integrations.llm import RulesInterpreter
from orchestrator.integrations.voice import OpenAiTranscriber, VoiceNoteReader
from orchestrator.machine import MachineConfig
from orchestrator.models import EventKind, InboundEvent, Shift
from orchestrator.turn import TurnDeps, process_turn
from tests.fakes.clock import MutableClock
from tests.fakes.ports import FakeBackend, FakeSink
from tests.fakes.stores import FakeLockStore, FakeSessionStore, MemoryTables
from tests.shifts import SHIFT_B

RESULTS = Path(__file__).parent / "results" / "voice_notes.json"
SPOKEN = "PA 12 por 8, FC 76, FR 18, sat 97%, temp 36,4, em ar ambiente, paciente tranquilo e orientado"
GRAPH_KINDS = ("read_receipt", "media_lookup", "media_download")
T0 = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=40, help="turns timed per kind of message")
    parser.add_argument("--transcription-ms", type=float, default=300.0, help="the stand-in's transcription time")
    return parser.parse_args()


class Rig:
    """One caregiver per turn (each a first message: the same work every round), on the fakes."""

    def __init__(self, standin: GraphStandInServer, http: httpx.AsyncClient, client: openai.AsyncOpenAI) -> None:
        self.standin = standin
        self.clock = MutableClock(T0)
        self.tables = MemoryTables(clock=self.clock)
        self.sink = FakeSink()
        graph = GraphApi(http, CloudApiEndpoint(standin.url, "bench", TOKEN))
        self.deps = TurnDeps(
            sessions=FakeSessionStore(self.tables),
            locks=FakeLockStore(self.tables),
            interpreter=RulesInterpreter(),
            backend=FakeBackend(Shift.model_validate(SHIFT_B)),
            sink=self.sink,
            config=MachineConfig(),
            owner="bench",
            clock=self.clock,
            receipts=graph,
            voice=VoiceNoteReader(graph, OpenAiTranscriber(client, "gpt-4o-mini-transcribe")),
        )
        self._count = 0

    def event(self, *, voice: bool) -> InboundEvent:
        self._count += 1
        metadata: dict[str, Any] = {"source": "whatsapp", "type": "audio" if voice else "text"}
        if voice:  # a distinct media id per round: nothing comes from the transcript cache
            metadata["media_id"] = voice_note_media_id(f"{SPOKEN} ({self._count})")
        return InboundEvent(
            kind=EventKind.MESSAGE,
            event_id=f"wamid.bench-{self._count}",
            session_id=f"55119{self._count:08d}",
            received_at=self.clock(),
            text="" if voice else SPOKEN,
            metadata=metadata,
        )

    async def timed_turn(self, event: InboundEvent) -> tuple[float, Counter[str]]:
        """Wall seconds of one turn, and the calls the stand-in received meanwhile, by kind."""
        before = len(self.standin.app.calls)
        started = time.perf_counter()
        await process_turn(self.deps, event.session_id, [event])
        elapsed = time.perf_counter() - started
        self.clock.advance(seconds=1)
        return elapsed, Counter(call.kind for call in self.standin.app.calls[before:])


def summary(seconds: list[float]) -> dict[str, float]:
    ordered = sorted(seconds)
    return {
        "median_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))] * 1000, 1),
    }


async def measure(rounds: int, transcription_ms: float) -> dict[str, Any]:
    async with (
        await serve_graph_standin() as standin,
        httpx.AsyncClient() as http,
        openai.AsyncOpenAI(api_key="bench", base_url=standin.openai_base_url) as client,
    ):
        standin.app.transcription_delay = transcription_ms / 1000
        rig = Rig(standin, http, client)
        await rig.timed_turn(rig.event(voice=True))  # warm-up: connections, imports
        typed, spoken, calls, typed_calls = [], [], [], []
        for _ in range(rounds):
            elapsed, counted = await rig.timed_turn(rig.event(voice=False))
            typed.append(elapsed)
            typed_calls.append(counted)
            elapsed, counted = await rig.timed_turn(rig.event(voice=True))
            spoken.append(elapsed)
            calls.append(counted)
        redelivered = rig.event(voice=True)
        await rig.timed_turn(redelivered)
        _, again = await rig.timed_turn(redelivered)
        standin.app.expired_downloads = 1
        _, expired = await rig.timed_turn(rig.event(voice=True))
    per_note = calls[0]
    per_typed = typed_calls[0]
    assert all(counted == per_note for counted in calls), "every voice note should cost the same calls"
    assert all(counted == per_typed for counted in typed_calls), "every typed message should cost the same calls"
    typed_s, spoken_s = summary(typed), summary(spoken)
    return {
        "rounds": rounds,
        "transcription_ms": transcription_ms,
        "per_voice_note": {
            "graph_api_calls": sum(per_note[kind] for kind in GRAPH_KINDS),
            "graph_api_calls_by_kind": {kind: per_note[kind] for kind in GRAPH_KINDS},
            "openai_calls": per_note["transcription"],
        },
        "per_voice_note_with_expired_url": {
            "graph_api_calls": sum(expired[kind] for kind in GRAPH_KINDS),
            "openai_calls": expired["transcription"],
        },
        "per_redelivered_voice_note": {
            "graph_api_calls": sum(again[kind] for kind in GRAPH_KINDS),
            "openai_calls": again["transcription"],
        },
        "per_typed_whatsapp_message": {
            "graph_api_calls": sum(per_typed[kind] for kind in GRAPH_KINDS),
            "openai_calls": per_typed["transcription"],
        },
        "turn_wall_time": {"typed": typed_s, "voice_note": spoken_s},
        "added_worker_wall_time_ms": {
            "median": round(spoken_s["median_ms"] - typed_s["median_ms"], 1),
            "p95": round(spoken_s["p95_ms"] - typed_s["p95_ms"], 1),
            "of_which_transcription_stand_in": transcription_ms,
        },
        "machine": {"python": platform.python_version(), "platform": platform.platform()},
    }


def main() -> None:
    args = parse_args()
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(40))  # quiet: warnings and below
    results = asyncio.run(measure(args.rounds, args.transcription_ms))
    note = results["per_voice_note"]
    print(
        f"per voice note: {note['graph_api_calls']} Graph API calls {note['graph_api_calls_by_kind']}, "
        f"{note['openai_calls']} OpenAI call(s)"
    )
    print(
        f"expired URL: {results['per_voice_note_with_expired_url']}; redelivered: "
        f"{results['per_redelivered_voice_note']}"
    )
    print(f"turn wall time: {results['turn_wall_time']}")
    print(
        f"added by a voice note ({args.transcription_ms:.0f} ms transcription): {results['added_worker_wall_time_ms']}"
    )
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
