"""DynamoPendingActionStore: forward-only conditional transitions, expiry on read, the status GSI."""

from __future__ import annotations

import pytest

from orchestrator.errors import InvalidTransition
from orchestrator.models import ActionStatus
from tests.store.conftest import SESSION, Dynamo, make_action


class TestStage:
    async def test_stage_then_get(self, dynamo: Dynamo) -> None:
        """A staged action reads back equal, floats in its payload included."""
        action = make_action(dynamo.clock)
        await dynamo.actions().stage(action)
        assert await dynamo.actions().get(SESSION, action.action_id) == action

    async def test_restage_keeps_the_stored_action(self, dynamo: Dynamo) -> None:
        """Staging an id again (a redelivery) leaves the stored action, its status included."""
        actions = dynamo.actions()
        action = make_action(dynamo.clock)
        await actions.stage(action)
        await actions.transition(SESSION, action.action_id, ActionStatus.CONFIRMED)
        await actions.stage(action.model_copy(update={"summary": "outro"}))
        stored = await actions.get(SESSION, action.action_id)
        assert stored is not None and (stored.status, stored.summary) == (ActionStatus.CONFIRMED, action.summary)

    async def test_absent_action(self, dynamo: Dynamo) -> None:
        """An unknown action id reads as None."""
        assert await dynamo.actions().get(SESSION, "nope") is None


class TestTransition:
    async def test_forward_path(self, dynamo: Dynamo) -> None:
        """staged -> confirmed -> executed, each transition returning the moved action."""
        actions = dynamo.actions()
        action = make_action(dynamo.clock)
        await actions.stage(action)
        confirmed = await actions.transition(SESSION, action.action_id, ActionStatus.CONFIRMED)
        executed = await actions.transition(SESSION, action.action_id, ActionStatus.EXECUTED)
        assert (confirmed.status, executed.status) == (ActionStatus.CONFIRMED, ActionStatus.EXECUTED)
        assert executed == action.model_copy(update={"status": ActionStatus.EXECUTED})

    @pytest.mark.parametrize(
        ("path", "illegal"),
        [
            ((), ActionStatus.EXECUTED),  # staged cannot execute
            ((ActionStatus.CONFIRMED,), ActionStatus.ABORTED),  # confirmed cannot abort
            ((ActionStatus.ABORTED,), ActionStatus.CONFIRMED),  # aborted never comes back
            ((ActionStatus.CONFIRMED, ActionStatus.EXECUTED), ActionStatus.EXECUTED),  # executed once
        ],
    )
    async def test_backward_or_skipping_moves_are_refused(
        self, dynamo: Dynamo, path: tuple[ActionStatus, ...], illegal: ActionStatus
    ) -> None:
        """A move from a status it does not start from raises InvalidTransition, status kept."""
        actions = dynamo.actions()
        action = make_action(dynamo.clock)
        await actions.stage(action)
        for status in path:
            await actions.transition(SESSION, action.action_id, status)
        with pytest.raises(InvalidTransition):
            await actions.transition(SESSION, action.action_id, illegal)
        stored = await actions.get(SESSION, action.action_id)
        assert stored is not None and stored.status is (path[-1] if path else ActionStatus.STAGED)

    async def test_absent_action_is_a_key_error(self, dynamo: Dynamo) -> None:
        """Moving an action that does not exist raises KeyError, not InvalidTransition."""
        with pytest.raises(KeyError):
            await dynamo.actions().transition(SESSION, "nope", ActionStatus.CONFIRMED)

    async def test_confirm_after_window_is_refused(self, dynamo: Dynamo) -> None:
        """A staged action past its confirmation window cannot be confirmed, only expired."""
        actions = dynamo.actions()
        action = make_action(dynamo.clock)
        await actions.stage(action)
        dynamo.clock.advance(minutes=11)
        with pytest.raises(InvalidTransition):
            await actions.transition(SESSION, action.action_id, ActionStatus.CONFIRMED)
        expired = await actions.transition(SESSION, action.action_id, ActionStatus.EXPIRED)
        assert expired.status is ActionStatus.EXPIRED

    async def test_item_past_ttl_is_absent(self, dynamo: Dynamo) -> None:
        """An action item past its 1-hour TTL reads as None and cannot be moved."""
        actions = dynamo.actions()
        action = make_action(dynamo.clock, status=ActionStatus.CONFIRMED)
        await actions.stage(action)
        dynamo.clock.advance(hours=2)
        assert await actions.get(SESSION, action.action_id) is None
        with pytest.raises(KeyError):
            await actions.transition(SESSION, action.action_id, ActionStatus.EXECUTED)


class TestCurrent:
    async def test_newest_open_action(self, dynamo: Dynamo) -> None:
        """current() is the newest staged or confirmed action; closed ones are skipped."""
        actions = dynamo.actions()
        await actions.stage(make_action(dynamo.clock, "old", created_offset=-60))
        await actions.stage(make_action(dynamo.clock, "mid", status=ActionStatus.CONFIRMED, created_offset=-30))
        await actions.stage(make_action(dynamo.clock, "new", status=ActionStatus.EXECUTED))
        current = await actions.current(SESSION)
        assert current is not None and current.action_id == "mid"

    async def test_staged_past_window_reads_expired(self, dynamo: Dynamo) -> None:
        """A staged action whose window closed reads with status EXPIRED, whatever is stored."""
        actions = dynamo.actions()
        await actions.stage(make_action(dynamo.clock))
        dynamo.clock.advance(minutes=10)
        current = await actions.current(SESSION)
        assert current is not None and current.status is ActionStatus.EXPIRED

    async def test_no_open_action(self, dynamo: Dynamo) -> None:
        """A session without actions has no current action."""
        assert await dynamo.actions().current(SESSION) is None


class TestListByStatus:
    async def test_lists_across_sessions_oldest_first(self, dynamo: Dynamo) -> None:
        """The GSI lists one status across sessions, oldest first, up to the limit."""
        actions = dynamo.actions()
        for n, session in enumerate(["5511900000001", "5511900000002", "5511900000003"]):
            await actions.stage(make_action(dynamo.clock, f"a{n}", session_id=session, created_offset=-n))
        await actions.stage(make_action(dynamo.clock, "c", status=ActionStatus.CONFIRMED))
        listed = await actions.list_by_status(ActionStatus.STAGED)
        assert [action.action_id for action in listed] == ["a2", "a1", "a0"]
        assert [a.action_id for a in await actions.list_by_status(ActionStatus.STAGED, limit=2)] == ["a2", "a1"]

    async def test_window_expiry_decided_on_read(self, dynamo: Dynamo) -> None:
        """A staged action past its window is listed as EXPIRED, no longer as STAGED."""
        actions = dynamo.actions()
        await actions.stage(make_action(dynamo.clock, "late", window_minutes=1))
        await actions.stage(make_action(dynamo.clock, "fresh", window_minutes=30))
        dynamo.clock.advance(minutes=5)
        assert [a.action_id for a in await actions.list_by_status(ActionStatus.STAGED)] == ["fresh"]
        assert [a.action_id for a in await actions.list_by_status(ActionStatus.EXPIRED)] == ["late"]
