"""PendingActions: forward-only moves written by session commits, expiry on read, the status GSI.

Actions are written only inside a session's commit (and settle): these tests write them that way.
"""

from __future__ import annotations

import pytest

from orchestrator.errors import InvalidTransition
from orchestrator.models import ALLOWED_PREVIOUS, ActionChange, ActionStatus, PendingAction
from tests.store.conftest import SESSION, Stores, commit_writes, make_action, put_actions


def _move(action: PendingAction, to: ActionStatus) -> ActionChange:
    """The change a turn commits to move `action` to `to`, from the status that move starts from."""
    previous = ALLOWED_PREVIOUS[to][0]
    return ActionChange(action=action.model_copy(update={"status": to}), previous=previous)


async def _status(stores: Stores, action: PendingAction) -> ActionStatus | None:
    """The stored action's status as read back (the GSI, consistent enough for one writer)."""
    for status in ActionStatus:
        if any(a.action_id == action.action_id for a in await stores.actions().list_by_status(status)):
            return status
    return None


class TestCreate:
    async def test_created_action_reads_back(self, stores: Stores) -> None:
        """A new action committed reads back equal, floats in its payload included."""
        action = make_action(stores.clock)
        await put_actions(stores, action)
        assert await stores.actions().current(SESSION) == action

    async def test_created_once(self, stores: Stores) -> None:
        """Creating an id again (a re-run of its event) is refused and leaves the stored action,
        its status included."""
        action = make_action(stores.clock)
        await put_actions(stores, action)
        await commit_writes(stores, actions=(_move(action, ActionStatus.CONFIRMED),))
        with pytest.raises(InvalidTransition):
            await put_actions(stores, action.model_copy(update={"summary": "outro"}))
        stored = await stores.actions().current(SESSION)
        assert stored is not None and (stored.status, stored.summary) == (ActionStatus.CONFIRMED, action.summary)


class TestMoves:
    async def test_forward_path(self, stores: Stores) -> None:
        """staged -> confirmed -> executed, each move a commit, the action read back moved."""
        action = make_action(stores.clock)
        await put_actions(stores, action)
        await commit_writes(stores, actions=(_move(action, ActionStatus.CONFIRMED),))
        assert await _status(stores, action) is ActionStatus.CONFIRMED
        await commit_writes(stores, actions=(_move(action, ActionStatus.EXECUTED),))
        [executed] = await stores.actions().list_by_status(ActionStatus.EXECUTED)
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
        self, stores: Stores, path: tuple[ActionStatus, ...], illegal: ActionStatus
    ) -> None:
        """A move from a status it does not start from cancels its commit, status kept."""
        action = make_action(stores.clock)
        await put_actions(stores, action)
        for status in path:
            await commit_writes(stores, actions=(_move(action, status),))
        with pytest.raises(InvalidTransition):
            await commit_writes(stores, actions=(_move(action, illegal),))
        assert await _status(stores, action) is (path[-1] if path else ActionStatus.STAGED)

    async def test_moving_an_absent_action_is_refused(self, stores: Stores) -> None:
        """Moving an action that does not exist cancels the commit and creates nothing."""
        with pytest.raises(InvalidTransition):
            await commit_writes(stores, actions=(_move(make_action(stores.clock), ActionStatus.CONFIRMED),))
        assert await stores.actions().current(SESSION) is None

    async def test_item_past_ttl_is_absent(self, stores: Stores) -> None:
        """An action item past its 1-hour TTL reads as absent and cannot be moved (but see
        TestSettle: recording its execution still works)."""
        action = make_action(stores.clock)
        await put_actions(stores, action)
        stores.clock.advance(hours=2)
        assert await stores.actions().current(SESSION) is None
        with pytest.raises(InvalidTransition):
            await commit_writes(stores, actions=(_move(action, ActionStatus.ABORTED),))


class TestCurrent:
    async def test_newest_open_action(self, stores: Stores) -> None:
        """current() is the newest staged or confirmed action; closed ones are skipped."""
        await put_actions(
            stores,
            make_action(stores.clock, "old", created_offset=-60),
            make_action(stores.clock, "mid", status=ActionStatus.CONFIRMED, created_offset=-30),
            make_action(stores.clock, "new", status=ActionStatus.EXECUTED),
        )
        current = await stores.actions().current(SESSION)
        assert current is not None and current.action_id == "mid"

    async def test_staged_past_window_reads_expired(self, stores: Stores) -> None:
        """A staged action whose window closed reads with status EXPIRED, whatever is stored."""
        await put_actions(stores, make_action(stores.clock))
        stores.clock.advance(minutes=10)
        current = await stores.actions().current(SESSION)
        assert current is not None and current.status is ActionStatus.EXPIRED

    async def test_no_open_action(self, stores: Stores) -> None:
        """A session without actions has no current action."""
        assert await stores.actions().current(SESSION) is None


class TestListByStatus:
    async def test_lists_across_sessions_oldest_first(self, stores: Stores) -> None:
        """The GSI lists one status across sessions, oldest first, up to the limit."""
        sessions = ["5511900000001", "5511900000002", "5511900000003"]
        await put_actions(
            stores,
            *(make_action(stores.clock, f"a{n}", session_id=s, created_offset=-n) for n, s in enumerate(sessions)),
            make_action(stores.clock, "c", status=ActionStatus.CONFIRMED),
        )
        actions = stores.actions()
        listed = await actions.list_by_status(ActionStatus.STAGED)
        assert [action.action_id for action in listed] == ["a2", "a1", "a0"]
        assert [a.action_id for a in await actions.list_by_status(ActionStatus.STAGED, limit=2)] == ["a2", "a1"]

    async def test_window_expiry_decided_on_read(self, stores: Stores) -> None:
        """A staged action past its window is listed as EXPIRED, no longer as STAGED."""
        await put_actions(
            stores,
            make_action(stores.clock, "late", window_minutes=1),
            make_action(stores.clock, "fresh", window_minutes=30),
        )
        stores.clock.advance(minutes=5)
        actions = stores.actions()
        assert [a.action_id for a in await actions.list_by_status(ActionStatus.STAGED)] == ["fresh"]
        assert [a.action_id for a in await actions.list_by_status(ActionStatus.EXPIRED)] == ["late"]
