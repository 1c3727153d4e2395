"""The PendingActions item of a measurement or a report stays within 1 KB (issue 15): each of its
three moves (staged Put, confirmed Update, executed Put) is billed per started KB, in transactions
and once more for the status index, so crossing 1 KB costs 26-32 write units instead of 16.

Its summary is not stored when its payload shows it (derived again on read): the payload already
holds every value and the whole note. Sizes are DynamoDB's own rules (`dynamodb_sizes`), on items
from the machine with the bench's shift ids and Meta-length wamids.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from orchestrator.models import ActionStatus, PendingAction, Purpose
from orchestrator.store.actions import action_from_values, action_to_item
from orchestrator.store.items import decode_item
from tests.shifts import SHIFT_B, SHIFT_C
from tests.store.dynamodb_sizes import KB, item_bytes
from tests.unit.driver import Driver

PHONE_IDS = "5511001000005"
# The ids the demo backend (and the worker bench) gives a caregiver's shift.
BENCH_SHIFT = {
    "scheduleID": f"S-{PHONE_IDS}",
    "caregiverID": f"C-{PHONE_IDS}",
    "reportID": f"R-{PHONE_IDS}",
    "patientID": "P-B",
}
# A two-sentence observation, as a caregiver dictates it: 200 characters.
NOTE = (
    "paciente tranquilo e orientado, aceitou bem o almoço e a hidratação, refere leve dor lombar ao "
    "levantar, sem febre, deambulando com apoio, curativo do calcâneo limpo e seco, trocado às 14h pela "
    "enfermagem"
)
FULL_REPORT = (
    "comeu bem no almoço, bebeu bastante água, dormiu a tarde toda; evacuou normal, urina clara; calmo; "
    "tomou losartana às 14h; fez fisioterapia; sem intercorrências; filha visitou"
)


def wamid() -> str:
    """A Meta-like message id (about 60 characters)."""
    return f"wamid.HBgN{uuid.uuid4().hex}{uuid.uuid4().hex[:16]}"


def staged_by(backend: dict[str, Any], *messages: str) -> PendingAction:
    """The action the machine stages after `messages`, each with a Meta-length id."""
    driver = Driver({**backend, **BENCH_SHIFT})
    for text in messages:
        driver.send(text, event_id=wamid())
    assert driver.state.staged is not None, driver.reply
    return driver.state.staged


def moves(action: PendingAction) -> dict[str, PendingAction]:
    """The action as each write of its life stores it (the executed one is a whole Put)."""
    confirmed = action.model_copy(update={"status": ActionStatus.CONFIRMED, "confirmed_by": wamid()})
    return {
        "staged": action,
        "confirmed": confirmed,
        "executed": confirmed.model_copy(update={"status": ActionStatus.EXECUTED}),
    }


def measurement(note: str = NOTE) -> PendingAction:
    action = staged_by(SHIFT_B, f"PA 12 por 8, FC 76, FR 18, sat 97%, temp 36,4, em ar ambiente, {note}")
    assert action.purpose is Purpose.CLINICAL and action.payload["clinicalNote"] == note
    return action


class TestItemSize:
    def test_a_measurement_with_its_note_stays_under_1_kb_at_every_move(self) -> None:
        """With a 200-character note the executed item weighed 1.17 KB (the note stored twice, in the
        payload and the summary): 2 KB billed at each move. Now each is under 1 KB."""
        sizes = {name: item_bytes(action_to_item(action)) for name, action in moves(measurement()).items()}
        assert max(sizes.values()) < KB, sizes

    def test_a_longer_note_adds_its_bytes_once(self) -> None:
        """More note makes the item bigger by its bytes once (they were in the payload and the summary)."""
        short = NOTE.partition(", refere")[0]
        grown = item_bytes(action_to_item(measurement(NOTE))) - item_bytes(action_to_item(measurement(short)))
        assert grown == len(NOTE.encode()) - len(short.encode())

    def test_a_report_stays_under_1_kb_at_every_move(self) -> None:
        """The report's summary repeats every topic of its payload: 1.2 KB with it, now under 1 KB."""
        report = staged_by(SHIFT_C, FULL_REPORT)
        assert report.purpose is Purpose.REPORT
        sizes = {name: item_bytes(action_to_item(action)) for name, action in moves(report).items()}
        assert max(sizes.values()) < KB, sizes


class TestDerivedSummary:
    def test_the_summary_is_not_stored_and_reads_back_the_same(self) -> None:
        """A measurement's and a report's item hold no summary; read back, the action is the one staged,
        summary included (the admin route's `pending_action` shows it)."""
        for action in (measurement(), staged_by(SHIFT_C, FULL_REPORT)):
            item = action_to_item(action)
            assert "summary" not in item
            assert action_from_values(decode_item(item), action.created_at) == action

    def test_a_summary_its_payload_does_not_show_is_stored(self) -> None:
        """A summary that is not what the payload derives (a body that is not its contract's, or a
        wording of another version) is kept as it was."""
        odd = measurement().model_copy(update={"summary": "PA 12/8 (resumo de outra versão)"})
        broken = odd.model_copy(update={"payload": {"note": "sem queixas"}})
        for action in (odd, broken):
            item = action_to_item(action)
            assert decode_item(item)["summary"] == action.summary
            assert action_from_values(decode_item(item), action.created_at) == action

    def test_an_item_written_with_its_summary_still_reads(self) -> None:
        """Items written before issue 15 (live for an hour, read during a rolling deploy) hold the
        summary: it is read as stored, even where today's wording would differ."""
        action = measurement()
        values = decode_item(action_to_item(action)) | {"summary": "o resumo de antes"}
        read = action_from_values(values, action.created_at + timedelta(minutes=1))
        assert read == action.model_copy(update={"summary": "o resumo de antes"})

    def test_actions_without_a_summary_store_none(self) -> None:
        """A presence answer shows no summary: nothing stored, an empty one read back."""
        presence = staged_by({**SHIFT_B, "response": "aguardando resposta", "scheduleStarted": False}, "oi")
        assert presence.purpose is Purpose.PRESENCE and presence.summary == ""
        item = action_to_item(presence)
        assert "summary" not in item
        assert action_from_values(decode_item(item), presence.created_at) == presence
