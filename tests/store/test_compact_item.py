"""The session item's compact attributes (issue 15): the state compressed, the event markers packed,
and items in the shapes written before both still loading (moto and DynamoDB Local)."""

from __future__ import annotations

import uuid
import zlib

import pytest
from boto3.dynamodb.types import Binary  # type: ignore[import-untyped]

from orchestrator.ids import event_marker
from orchestrator.machine.state import SessionState
from orchestrator.store.base import SESSIONS_TABLE, CommitPlan, SessionRecord
from orchestrator.store.items import encode_item
from orchestrator.store.session_codec import (
    pack_json,
    pack_markers,
    pack_state,
    unpack_entry,
    unpack_markers,
    unpack_state,
)
from tests.store.conftest import SESSION, Dynamo
from tests.store.old_shapes import SESSION as OLD_SESSION
from tests.store.old_shapes import old_session_values


def _plan_with(update: dict[str, object], loaded: SessionRecord) -> CommitPlan:
    record = loaded.model_copy(update=update)
    return CommitPlan(record=record, expected_version=record.version, lease=None, request_token=uuid.uuid4().hex)


class TestCompactSessionItem:
    async def test_markers_and_state_round_trip_in_fewer_bytes(self, dynamo: Dynamo) -> None:
        """200 markers are stored as 2,400 raw bytes and the state as compressed binary; both load
        back exactly as committed."""
        sessions = dynamo.sessions()
        markers = tuple(event_marker(f"wamid.{n}") for n in range(200))
        state = SessionState(schedule_id="S-1", clinical_note="paciente tranquilo", vitals_requested=True)
        plan = _plan_with({"processed": markers, "state": state}, await sessions.load(SESSION))
        await sessions.commit(plan)
        loaded = await sessions.load(SESSION)
        assert (loaded.processed, loaded.state) == (markers, state)
        (item,) = await dynamo.stored(SESSIONS_TABLE)
        assert isinstance(item["processed"].value, bytes) and len(item["processed"].value) == 200 * 12
        assert len(item["state"].value) < len(state.model_dump_json())

    async def test_an_item_with_json_state_and_listed_markers_loads(self, dynamo: Dynamo) -> None:
        """An item as written before issue 15 (state as JSON text, markers as a list of strings)
        loads, and its next commit stores the compact shape of the same values."""
        values = old_session_values(dynamo.clock())
        await dynamo.client.put_item(TableName=dynamo.table(SESSIONS_TABLE), Item=encode_item(values))
        sessions = dynamo.sessions()
        record = await sessions.load(OLD_SESSION)
        assert record.processed == tuple(values["processed"])
        assert record.state == SessionState.model_validate_json(values["state"])
        await sessions.commit(_plan_with({}, record))
        again = await sessions.load(OLD_SESSION)
        assert (again.processed, again.state) == (record.processed, record.state)
        (item,) = await dynamo.stored(SESSIONS_TABLE)
        assert isinstance(item["processed"].value, bytes) and isinstance(item["state"].value, bytes)


class TestMarkerPacking:
    def test_anything_that_is_not_a_marker_keeps_the_list(self) -> None:
        """Ids that are not markers (or a marker-length text outside base64's URL alphabet) are kept
        as a list, in order; an empty list stays a list (DynamoDB has no empty binary)."""
        for processed in (["wamid.1", event_marker("a")], ["ABCDEFGHIJKLMNO="], ["abc+defghijklmno"], []):
            assert pack_markers(processed) == processed
            assert unpack_markers(pack_markers(processed)) == tuple(processed)

    def test_markers_pack_to_twelve_bytes_each_in_order(self) -> None:
        markers = [event_marker(f"e{n}") for n in range(5)]
        packed = pack_markers(markers)
        assert isinstance(packed, bytes) and len(packed) == 60
        assert unpack_markers(packed) == tuple(markers)


class TestDictionaryCompression:
    STATE = SessionState(schedule_id="S-1", clinical_note="paciente tranquilo", vitals_requested=True)

    def test_a_state_packs_smaller_against_the_dictionary_and_round_trips(self) -> None:
        packed = pack_state(self.STATE)
        assert len(packed) < len(zlib.compress(self.STATE.model_dump_json().encode())) / 2
        assert unpack_state(Binary(packed)) == unpack_state(packed) == self.STATE

    def test_states_and_entries_of_earlier_shapes_still_read(self) -> None:
        """Plain zlib (the first compact items) and JSON text (before issue 15) both load."""
        text = self.STATE.model_dump_json()
        assert unpack_state(zlib.compress(text.encode())) == unpack_state(text) == self.STATE
        assert unpack_entry({"at": 0, "json": text}) == text
        assert unpack_entry({"at": 0, "z": Binary(pack_json(text))}) == text.encode()

    def test_a_stream_of_an_unknown_dictionary_is_refused_clearly(self) -> None:
        packer = zlib.compressobj(zdict=b"a dictionary of a newer version")
        packed = packer.compress(self.STATE.model_dump_json().encode()) + packer.flush()
        with pytest.raises(ValueError, match="unknown dictionary"):
            unpack_state(packed)
