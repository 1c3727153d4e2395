"""Operational notes on the fakes: with no PendingActions item (SPEC section 6), the session's
`unexecuted` alone keeps one from being executed twice, across crashes and redeliveries."""

from __future__ import annotations

import pytest

from orchestrator.models import ActionKind
from tests.fakes.crashes import Crash, CrashingSessions
from tests.turn.conftest import TurnWorld

NOTE = "acabaram as luvas e a gaze"
NOTED = "Ocorrência registrada ✅"


def _noted(world: TurnWorld) -> int:
    return sum(NOTED in text for text in world.sink.texts)


class TestOperationalNoteOnce:
    async def test_note_is_written_once_and_leaves_nothing_behind(self, world: TurnWorld) -> None:
        """A remark is written at once, announced once, and leaves no action anywhere: none in
        PendingActions, none unexecuted on the session."""
        assert NOTED in await world.say(NOTE)
        [write] = world.backend.writes(ActionKind.UPDATE_CLINICAL)
        assert write.payload["operationalNote"] is True
        assert world.tables.actions == {}
        assert (await world.record()).unexecuted == ()

    @pytest.mark.parametrize("point", ["before_commit", "after_commit", "after_settle"])
    async def test_crash_then_redelivery_calls_the_backend_once(self, world: TurnWorld, point: str) -> None:
        """A worker dying before/after the commit or after the settle: the redelivered remark ends
        with exactly one backend call (not merely deduplicated by the backend) and one notice."""
        message = world.message(NOTE)
        with pytest.raises(Crash):
            await world.turn(message, deps=world.deps(sessions=CrashingSessions(world.sessions(), point)))
        await world.turn(message)
        assert len(world.backend.calls) == 1
        assert _noted(world) == 1
        assert (await world.record()).unexecuted == ()

    async def test_later_turns_do_not_execute_it_again(self, world: TurnWorld) -> None:
        """Once settled, the note is not executed by the session's next turns."""
        await world.say(NOTE)
        await world.say("como funciona?")
        assert len(world.backend.calls) == 1
