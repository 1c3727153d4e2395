"""`orchestrator dlq` against a moto server: list, show, redrive and purge real dead letters."""

from __future__ import annotations

import json

import pytest

from orchestrator.envelope import deduplication_id
from orchestrator.phones import mask_phone
from tests.ops.world import MAX_RECEIVES, DlqWorld, message_event

ANA = "5511999990001"
BETO = "5511999990002"
CAIO = "5521988880003"


def listed(capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    items: list[dict[str, object]] = json.loads(capsys.readouterr().out)
    return items


class TestDeadLettering:
    async def test_poison_and_failed_messages_end_in_the_dlq(self, world: DlqWorld) -> None:
        """Messages received MAX_RECEIVE_COUNT times without a delete move to the DLQ, group kept."""
        failed = await world.bury(message_event("wamid.1", ANA), reason="backend 503 after retries")
        poison = await world.bury_raw("{not json", group_id=BETO, dedup="poison-1")
        dead = {message.message_id: message for message in await world.peek(world.dlq)}
        assert set(dead) == {failed, poison}
        assert (dead[failed].group_id, dead[poison].group_id) == (ANA, BETO)
        assert dead[failed].receive_count > MAX_RECEIVES
        assert await world.peek(world.inbound) == []


class TestList:
    async def test_json_lists_each_letter_with_its_reason(
        self, world: DlqWorld, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`list --json` is the SPEC array: message id, session id, receive count, first failure reason;
        the session id (a phone number) is masked like the table's (issue 14: it was printed in clear)."""
        failed = await world.bury(message_event("wamid.1", ANA), reason="backend 503 after retries")
        poison = await world.bury_raw('{"v": 9}', group_id=BETO, dedup="poison-1")
        assert await world.run("list", "--json") == 0
        items = {item["message_id"]: item for item in listed(capsys)}
        assert set(items) == {failed, poison}
        assert all(set(item) == {"message_id", "session_id", "receive_count", "reason"} for item in items.values())
        assert items[failed]["session_id"] == mask_phone(ANA)
        assert items[failed]["reason"] == "backend 503 after retries"
        assert items[failed]["receive_count"] == MAX_RECEIVES
        assert items[poison]["session_id"] == mask_phone(BETO)
        assert str(items[poison]["reason"]).startswith("malformed envelope: unsupported envelope version")

    async def test_json_reveal_prints_the_session_ids(
        self, world: DlqWorld, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`list --json --reveal` gives the session ids as stored, for scripts that need them."""
        await world.bury(message_event("wamid.1", ANA), reason="boom")
        assert await world.run("list", "--json", "--reveal") == 0
        assert [item["session_id"] for item in listed(capsys)] == [ANA]

    async def test_first_recorded_reason_wins(self, world: DlqWorld, capsys: pytest.CaptureFixture[str]) -> None:
        """A later failure of the same event does not replace the first reason."""
        await world.bury(message_event("wamid.1", ANA), reason="backend 503 after retries")
        await world.sessions.record_failure(ANA, "wamid.1", "lock busy")
        assert await world.run("list", "--json") == 0
        assert [item["reason"] for item in listed(capsys)] == ["backend 503 after retries"]

    async def test_reason_is_null_when_none_was_recorded(
        self, world: DlqWorld, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A letter whose worker died before recording anything lists with reason null."""
        await world.bury(message_event("wamid.1", ANA))
        assert await world.run("list", "--json") == 0
        assert [item["reason"] for item in listed(capsys)] == [None]

    async def test_listing_leaves_every_letter_visible(
        self, world: DlqWorld, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """SQS has no peek: list receives, then makes every letter visible again."""
        for index in range(3):
            await world.bury(message_event(f"wamid.{index}", ANA), reason="boom")
        await world.bury(message_event("wamid.b", BETO), reason="boom")
        assert await world.run("list", "--json") == 0
        first = listed(capsys)
        assert await world.dlq.depth() == {"visible": 4, "in_flight": 0}
        assert await world.run("list", "--json") == 0
        assert [item["message_id"] for item in listed(capsys)] == [item["message_id"] for item in first]

    async def test_table_masks_session_ids(self, world: DlqWorld, capsys: pytest.CaptureFixture[str]) -> None:
        """The human table shows the masked session and the reason, never the phone number."""
        message_id = await world.bury(message_event("wamid.1", ANA), reason="backend 503 after retries")
        assert await world.run("list") == 0
        out = capsys.readouterr().out
        assert message_id in out
        assert mask_phone(ANA) in out
        assert ANA not in out
        assert "backend 503 after retries" in out

    async def test_empty_dlq(self, world: DlqWorld, capsys: pytest.CaptureFixture[str]) -> None:
        """An empty DLQ lists as an empty JSON array."""
        assert await world.run("list", "--json") == 0
        assert listed(capsys) == []


class TestShow:
    async def test_show_prints_envelope_and_failure_without_phi(
        self, world: DlqWorld, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`show` prints the event id, kind and recorded failure; the phone and text stay hidden."""
        text = "paciente com tosse seca"
        message_id = await world.bury(message_event("wamid.1", ANA, text), reason="backend 503 after retries")
        assert await world.run("show", message_id) == 0
        out = capsys.readouterr().out
        assert "wamid.1" in out
        assert "backend 503 after retries" in out
        assert text not in out
        assert ANA not in out

    async def test_reveal_prints_phone_and_text(self, world: DlqWorld, capsys: pytest.CaptureFixture[str]) -> None:
        """`show --reveal` is the explicit request to see the phone and the message text."""
        text = "paciente com tosse seca"
        message_id = await world.bury(message_event("wamid.1", ANA, text), reason="boom")
        assert await world.run("show", message_id, "--reveal") == 0
        out = capsys.readouterr().out
        assert text in out
        assert ANA in out

    async def test_show_leaves_the_letter_in_place(self, world: DlqWorld) -> None:
        """Showing a letter does not hide or remove it."""
        message_id = await world.bury(message_event("wamid.1", ANA), reason="boom")
        assert await world.run("show", message_id) == 0
        assert [message.message_id for message in await world.peek(world.dlq)] == [message_id]

    async def test_the_caregiver_message_id_finds_the_letter(
        self, world: DlqWorld, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`show` also takes the id the worker's log lines show (the webhook's message id or wamid), not
        only the SQS message id: an operator following `turn_failed message_id=...` finds the letter."""
        message_id = await world.bury(message_event("wamid.1", ANA), reason="backend 503 after retries")
        assert await world.run("show", "wamid.1") == 0
        out = capsys.readouterr().out
        assert message_id in out
        assert "backend 503 after retries" in out

    async def test_unknown_id_fails_with_one_line(self, world: DlqWorld, capsys: pytest.CaptureFixture[str]) -> None:
        """An id not in the DLQ exits 1 with one line on stderr."""
        await world.bury(message_event("wamid.1", ANA), reason="boom")
        assert await world.run("show", "no-such-id") == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1
        assert "no dead letter with message id no-such-id" in err


class TestRedrive:
    async def test_selected_session_moves_alone_and_keeps_its_group(
        self, world: DlqWorld, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`--session` moves only that session's letters, in order, in its FIFO group; others stay."""
        a1 = await world.bury(message_event("wamid.a1", ANA), reason="boom")
        a2 = await world.bury(message_event("wamid.a2", ANA), reason="boom")
        b1 = await world.bury(message_event("wamid.b1", BETO), reason="boom")
        assert await world.run("redrive", "--session", "+55 (11) 99999-0001") == 0
        assert "moved 2 dead letter(s)" in capsys.readouterr().out
        moved = await world.peek(world.inbound)
        assert [(message.group_id, json.loads(message.body)["event"]["event_id"]) for message in moved] == [
            (ANA, "wamid.a1"),
            (ANA, "wamid.a2"),
        ]
        assert [message.message_id for message in await world.peek(world.dlq)] == [b1]
        assert not {a1, a2} & {message.message_id for message in moved}  # copies are new messages

    async def test_selected_message_moves_alone(self, world: DlqWorld) -> None:
        """`--message` moves exactly the named letter."""
        await world.bury(message_event("wamid.a1", ANA), reason="boom")
        b1 = await world.bury(message_event("wamid.b1", BETO), reason="boom")
        c1 = await world.bury(message_event("wamid.c1", CAIO), reason="boom")
        assert await world.run("redrive", "--message", c1) == 0
        assert [message.group_id for message in await world.peek(world.inbound)] == [CAIO]
        assert b1 in {message.message_id for message in await world.peek(world.dlq)}

    async def test_a_caregiver_message_id_selects_its_letter(
        self, world: DlqWorld, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`--message wamid.b1` (the id in the logs) moves that letter alone and reports nothing missing
        (it said "not found in the DLQ" and exited 1)."""
        a1 = await world.bury(message_event("wamid.a1", ANA), reason="boom")
        await world.bury(message_event("wamid.b1", BETO), reason="boom")
        assert await world.run("redrive", "--message", "wamid.b1") == 0
        assert "moved 1 dead letter(s)" in capsys.readouterr().out
        assert [json.loads(message.body)["event"]["event_id"] for message in await world.peek(world.inbound)] == [
            "wamid.b1"
        ]
        assert [message.message_id for message in await world.peek(world.dlq)] == [a1]

    async def test_redriven_copy_is_delivered_inside_the_deduplication_window(self, world: DlqWorld) -> None:
        """Seconds after the original send, the copy still arrives: it does not reuse the original
        deduplication id, which SQS would drop for 5 minutes."""
        event = message_event("wamid.a1", ANA)
        await world.bury(event, reason="boom")
        assert await world.run("redrive") == 0
        (copy,) = await world.peek(world.inbound)
        assert json.loads(copy.body)["event"]["event_id"] == "wamid.a1"
        assert copy.deduplication_id != deduplication_id(event.event_id)

    async def test_dry_run_changes_nothing(self, world: DlqWorld, capsys: pytest.CaptureFixture[str]) -> None:
        """`--dry-run` lists what would move and leaves both queues as they were."""
        a1 = await world.bury(message_event("wamid.a1", ANA), reason="backend 503 after retries")
        b1 = await world.bury(message_event("wamid.b1", BETO), reason="boom")
        assert await world.run("redrive", "--session", ANA, "--dry-run") == 0
        out = capsys.readouterr().out
        assert "dry run: 1 dead letter(s) would move" in out
        assert a1 in out
        assert b1 not in out
        assert await world.peek(world.inbound) == []
        assert {message.message_id for message in await world.peek(world.dlq)} == {a1, b1}

    async def test_whole_queue_redrive_uses_the_selective_path_off_aws(
        self, world: DlqWorld, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """With no selection every letter moves; moto has no native move task, so the selective path runs."""
        await world.bury(message_event("wamid.a1", ANA), reason="boom")
        await world.bury_raw("{not json", group_id=BETO, dedup="poison-1")
        assert await world.run("redrive") == 0
        assert "moved 2 dead letter(s)" in (out := capsys.readouterr().out)
        assert "selective redrive" in out
        assert await world.peek(world.dlq) == []
        assert sorted(message.group_id for message in await world.peek(world.inbound)) == [ANA, BETO]

    async def test_unknown_message_id_exits_non_zero(self, world: DlqWorld, capsys: pytest.CaptureFixture[str]) -> None:
        """A `--message` id that is not in the DLQ is reported and the exit code is 1."""
        a1 = await world.bury(message_event("wamid.a1", ANA), reason="boom")
        assert await world.run("redrive", "--message", "no-such-id") == 1
        assert "no-such-id" in capsys.readouterr().err
        assert [message.message_id for message in await world.peek(world.dlq)] == [a1]

    async def test_each_problem_is_one_line_when_piped(
        self, world: DlqWorld, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Piped (as a script or a log collector reads it), each problem is one line, however long:
        two unknown SQS message ids and a session without letters were wrapped at 80 columns."""
        await world.bury(message_event("wamid.a1", ANA), reason="boom")
        ids = ["0f9d2c1e-6b7a-4c55-9a51-0c2f8a9d6e21", "7c1b4e2a-1d3f-4e5a-8b6c-9d0e1f2a3b4c"]
        assert await world.run("redrive", "--message", ids[0], "--message", ids[1], "--session", BETO) == 1
        lines = capsys.readouterr().err.splitlines()
        assert f"not found in the DLQ (or behind an unselected letter of its session): {', '.join(ids)}" in lines
        assert "no dead letters of session(s) 5511*******02 (already redriven, or another number?)" in lines

    async def test_a_session_without_letters_is_reported(
        self, world: DlqWorld, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`--session` of a caregiver with no dead letter: nothing moves, the (masked) session is
        named on stderr and the exit code is 1, as for an unknown `--message` (it said "moved 0", exit 0)."""
        a1 = await world.bury(message_event("wamid.a1", ANA), reason="boom")
        assert await world.run("redrive", "--session", BETO) == 1
        captured = capsys.readouterr()
        assert "moved 0 dead letter(s)" in captured.out
        assert "no dead letters of session(s) 5511*******02" in captured.err
        assert BETO not in captured.err
        assert [message.message_id for message in await world.peek(world.dlq)] == [a1]
        assert await world.peek(world.inbound) == []


class TestDelete:
    async def test_deletes_only_the_named_letters(self, world: DlqWorld, capsys: pytest.CaptureFixture[str]) -> None:
        """`delete ID --yes` removes that poison letter and leaves the others in the DLQ."""
        poison = await world.bury_raw("{not json", group_id=BETO, dedup="poison-1")
        kept = await world.bury(message_event("wamid.a1", ANA), reason="boom")
        assert await world.run("delete", poison, "--yes") == 0
        assert "deleted 1 dead letter(s)" in capsys.readouterr().out
        assert [message.message_id for message in await world.peek(world.dlq)] == [kept]

    async def test_a_caregiver_message_id_names_the_letter(
        self, world: DlqWorld, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`delete wamid.a1 --yes` deletes the letter carrying that event; the others stay."""
        await world.bury(message_event("wamid.a1", ANA), reason="boom")
        kept = await world.bury(message_event("wamid.b1", BETO), reason="boom")
        assert await world.run("delete", "wamid.a1", "--yes") == 0
        assert "deleted 1 dead letter(s)" in capsys.readouterr().out
        assert [message.message_id for message in await world.peek(world.dlq)] == [kept]

    async def test_unknown_id_exits_non_zero_and_deletes_nothing(
        self, world: DlqWorld, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """An id that is not in the DLQ is reported, exit 1, and nothing else is touched."""
        kept = await world.bury(message_event("wamid.a1", ANA), reason="boom")
        assert await world.run("delete", "no-such-id", "--yes") == 1
        assert "no-such-id" in capsys.readouterr().err
        assert [message.message_id for message in await world.peek(world.dlq)] == [kept]


class TestShowMalformed:
    async def test_body_of_a_poison_letter_only_on_reveal(
        self, world: DlqWorld, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A malformed body may hold PHI: `show` prints why it is malformed, `--reveal` the body itself."""
        body = '{"phoneNumber": "5511999990001", "text": "sat 91"}'
        poison = await world.bury_raw(body, group_id=BETO, dedup="poison-1")
        assert await world.run("show", poison) == 0
        out = capsys.readouterr().out
        assert "malformed: unsupported envelope version" in out
        assert "sat 91" not in out
        assert await world.run("show", poison, "--reveal") == 0
        assert "sat 91" in capsys.readouterr().out
