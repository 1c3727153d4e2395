"""`orchestrator dlq` purge, partial failures and error exits, against a moto server.

The prompt and exit-code tests run the installed `orchestrator` script in a child process, as an
operator would.
"""

from __future__ import annotations

import asyncio
import io
import os
import sys
from pathlib import Path

import pytest

from orchestrator.devtools.localaws import MotoServer, free_port
from orchestrator.dlq.letters import DeadLetters
from orchestrator.dlq.values import Selection, redrive_deduplication_id
from orchestrator.integrations.aws import AwsClients
from tests.ops.world import DlqWorld, message_event

ANA = "5511999990001"
BETO = "5511999990002"
SCRIPT = Path(sys.executable).parent / "orchestrator"


async def run_script(env: dict[str, str], *argv: str, stdin: bytes | None = None) -> tuple[int, str, str]:
    """Run `orchestrator <argv>` with only `env` (plus PATH) and return (exit code, stdout, stderr)."""
    process = await asyncio.create_subprocess_exec(
        str(SCRIPT),
        *argv,
        stdin=asyncio.subprocess.PIPE if stdin is not None else asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env={"PATH": os.environ["PATH"], **env},
    )
    out, err = await asyncio.wait_for(process.communicate(stdin), timeout=90)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


def open_letters(world: DlqWorld) -> DeadLetters:
    return DeadLetters(dlq=world.dlq, inbound=world.inbound, sessions=world.sessions, wait_seconds=0)


class TestPurge:
    async def test_yes_empties_the_dlq(self, world: DlqWorld, capsys: pytest.CaptureFixture[str]) -> None:
        """`purge --yes` deletes every dead letter without asking."""
        await world.bury(message_event("wamid.1", ANA), reason="boom")
        await world.bury_raw("{not json", group_id=BETO, dedup="poison-1")
        assert await world.run("purge", "--yes") == 0
        assert "purged" in capsys.readouterr().out
        assert await world.peek(world.dlq) == []

    async def test_a_no_keeps_everything(
        self, world: DlqWorld, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Without `--yes` purge asks; answering no deletes nothing and exits 1."""
        message_id = await world.bury(message_event("wamid.1", ANA), reason="boom")
        monkeypatch.setattr(sys, "stdin", io.StringIO("n\n"))
        assert await world.run("purge") == 1
        captured = capsys.readouterr()
        assert "Delete all (about 1) dead letters" in captured.err
        assert "purge cancelled" in captured.err
        assert "--yes" not in captured.err  # the operator answered: no hint needed
        assert [message.message_id for message in await world.peek(world.dlq)] == [message_id]

    @pytest.mark.slow
    async def test_the_script_purges_after_a_yes(self, world: DlqWorld, moto_server: MotoServer) -> None:
        """The installed script reads the answer from stdin: `y` purges."""
        await world.bury(message_event("wamid.1", ANA), reason="boom")
        code, out, _ = await run_script(world.environment(moto_server.endpoint), "dlq", "purge", stdin=b"y\n")
        assert code == 0
        assert "purged" in out
        assert await world.peek(world.dlq) == []

    @pytest.mark.slow
    async def test_no_answer_is_a_no(self, world: DlqWorld, moto_server: MotoServer) -> None:
        """With no one to answer (stdin closed), the script deletes nothing and exits 1."""
        message_id = await world.bury(message_event("wamid.1", ANA), reason="boom")
        code, _, err = await run_script(world.environment(moto_server.endpoint), "dlq", "purge")
        assert code == 1
        assert "purge cancelled" in err
        assert "(no answer on stdin; use --yes)" in err  # a script learns how to purge unattended
        assert [message.message_id for message in await world.peek(world.dlq)] == [message_id]


class TestPartialRedrive:
    async def test_failed_send_keeps_the_letter_and_its_sessions_later_letters(
        self, world: DlqWorld, moto_aws: AwsClients
    ) -> None:
        """When the send fails, the letter stays in the DLQ, and so do the later letters of its
        session (a session's events are never reordered)."""
        a1 = await world.bury(message_event("wamid.a1", ANA), reason="boom")
        a2 = await world.bury(message_event("wamid.a2", ANA), reason="boom")
        letters = open_letters(world)
        await moto_aws.sqs.delete_queue(QueueUrl=world.inbound.url)
        result = await letters.redrive(Selection())
        assert not result.ok
        assert [failure.letter.message_id for failure in result.failed] == [a1]
        assert [letter.message_id for letter in result.held_back] == [a2]
        assert result.moved == ()
        assert [message.message_id for message in await world.peek(world.dlq)] == [a1, a2]

    async def test_rerun_after_a_crash_between_send_and_delete_sends_one_copy(self, world: DlqWorld) -> None:
        """A redrive that sent but died before deleting is re-run: SQS drops the second copy, because
        the redrive deduplication id is stable for one dead letter."""
        await world.bury(message_event("wamid.a1", ANA), reason="boom")
        (dead,) = await world.peek(world.dlq)
        await world.inbound.send_raw(dead.body, group_id=ANA, deduplication_id=redrive_deduplication_id(dead))
        result = await open_letters(world).redrive(Selection())
        assert result.ok
        assert result.moved_count == 1
        assert len(await world.peek(world.inbound)) == 1
        assert await world.peek(world.dlq) == []


class TestLongReads:
    async def test_a_read_whose_holds_run_out_ends_without_repeats(self, world: DlqWorld) -> None:
        """Letters that reappear because their hold ran out are not listed twice, and the read ends."""
        ids = [await world.bury(message_event(f"wamid.{n}", f"551199999000{n}"), reason="boom") for n in range(3)]
        letters = DeadLetters(
            dlq=world.dlq, inbound=world.inbound, sessions=world.sessions, hold_seconds=0, wait_seconds=0
        )
        listing = await letters.scan()
        assert sorted(letter.message_id for letter in listing.letters) == sorted(ids)


class TestErrorExits:
    @pytest.mark.slow
    async def test_missing_queue(self, world: DlqWorld, moto_server: MotoServer) -> None:
        """A queue that does not exist: exit 1 and one line naming it and the fix."""
        env = world.environment(moto_server.endpoint) | {"INBOUND_QUEUE_NAME": "nobody-inbound.fifo"}
        code, out, err = await run_script(env, "dlq", "list", "--json")
        assert code == 1
        assert out == ""
        assert err.strip() == "orchestrator dlq: queue nobody-inbound-dlq.fifo does not exist (run `orchestrator init`)"

    @pytest.mark.slow
    async def test_missing_sessions_table(self, world: DlqWorld, moto_server: MotoServer) -> None:
        """Queues without the sessions table: exit 1 and one line naming the table."""
        await world.bury(message_event("wamid.1", ANA), reason="boom")
        env = world.environment(moto_server.endpoint) | {"TABLE_PREFIX": "absent_"}
        code, _, err = await run_script(env, "dlq", "list")
        assert code == 1
        assert err.strip() == (
            "orchestrator dlq: table absent_OrchestratorSessions does not exist (run `orchestrator init`)"
        )

    @pytest.mark.slow
    async def test_unreachable_endpoint(self, world: DlqWorld) -> None:
        """No server at the endpoint: one line naming the endpoint, the setting and the fix, no traceback;
        exit 3, the code of every command for an AWS it cannot reach (issue 14: it was botocore's text
        after retries, exit 1 like a failed operation)."""
        closed = f"http://127.0.0.1:{free_port()}"
        code, _, err = await run_script(world.environment(closed), "dlq", "list")
        assert code == 3
        assert len(err.strip().splitlines()) == 1
        assert err.startswith(f"orchestrator dlq: AWS is not answering at {closed} (AWS_ENDPOINT_URL)")
        assert "start that endpoint or correct the setting" in err
