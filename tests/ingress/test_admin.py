"""Admin routes through real HTTP: hidden without ADMIN_TOKEN, bearer-protected, rate-limited, and
their views of sessions, conversations, tables and queues."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from ingress.admin import ADMIN_RATE_LIMIT
from orchestrator.machine.state import SessionState
from orchestrator.models import ActionChange, ActionKind, ActionStatus, PendingAction, Role, Turn
from orchestrator.store.base import CommitPlan, SessionRecord
from tests.ingress.conftest import ADMIN_TOKEN, Ingress, IngressFactory

SESSION = "5511999990001"
AUTH = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
ADMIN_PATHS = [
    f"/sessions/{SESSION}/state",
    f"/sessions/{SESSION}/conversation",
    "/debug/dynamo/tables",
    "/metrics/sessions",
]


async def commit_session(
    ingress: Ingress, schedule_id: str = "S-1", *, actions: tuple[PendingAction, ...] = (), turns: tuple[Turn, ...] = ()
) -> None:
    """A first commit of the session, writing `actions` (as new) and `turns` with it, as a turn would."""
    record = SessionRecord(session_id=SESSION, state=SessionState(schedule_id=schedule_id))
    changes = tuple(ActionChange(action=action, previous=None) for action in actions)
    plan = CommitPlan(record=record, expected_version=0, lease=None, actions=changes, turns=turns, request_token="t-1")
    await ingress.deps.sessions.commit(plan)


def staged_action(now: datetime) -> PendingAction:
    return PendingAction(
        action_id="a-1",
        session_id=SESSION,
        kind=ActionKind.UPDATE_SCHEDULE,
        status=ActionStatus.STAGED,
        payload={"scheduleID": "S-1", "responseValue": "confirmado"},
        created_at=now,
        expires_at=now + timedelta(minutes=10),
        message_id="m-1",
    )


class TestAdminAuth:
    async def test_routes_do_not_exist_without_admin_token(self, serve_ingress: IngressFactory) -> None:
        """ADMIN_TOKEN unset: every admin route is 404, even with a bearer."""
        ingress = await serve_ingress(admin_token=None)
        for path in ADMIN_PATHS:
            response = await ingress.client.get(path, headers={"Authorization": "Bearer anything"})
            assert (path, response.status_code, response.json()["error"]) == (path, 404, "not_found")

    async def test_wrong_or_missing_token_is_401(self, ingress: Ingress) -> None:
        """A wrong bearer or none: every admin route is 401."""
        for path in ADMIN_PATHS:
            wrong = await ingress.client.get(path, headers={"Authorization": "Bearer wrong"})
            missing = await ingress.client.get(path)
            assert (path, wrong.status_code, missing.status_code) == (path, 401, 401)

    async def test_rate_limited_per_client(self, ingress: Ingress) -> None:
        """Past the per-minute budget the admin routes answer 429 rate_limited."""
        _, budget = ADMIN_RATE_LIMIT
        for _ in range(budget):
            assert (await ingress.client.get("/debug/dynamo/tables")).status_code == 401
        limited = await ingress.client.get("/debug/dynamo/tables", headers=AUTH)
        assert (limited.status_code, limited.json()["error"]) == (429, "rate_limited")
        # The answer says the limit and when to come back, in words and in Retry-After.
        retry = int(limited.headers["Retry-After"])
        assert 0 < retry <= 60
        assert limited.json()["detail"] == f"more than {budget} requests in 60 s from this client; retry in {retry} s"


class TestSessionViews:
    async def test_state_shows_version_state_and_pending_action(self, ingress: Ingress) -> None:
        """After a commit and a staged action: version 1, the state, and the action."""
        await commit_session(ingress, actions=(staged_action(datetime.now(UTC)),))
        body = (await ingress.client.get(f"/sessions/{SESSION}/state", headers=AUTH)).json()
        assert (body["session_id"], body["version"]) == (SESSION, 1)
        assert body["state"]["schedule_id"] == "S-1"
        assert body["pending_action"]["action_id"] == "a-1"
        assert body["pending_action"]["status"] == "staged"
        assert body["failures"] == {}

    async def test_state_shows_why_events_failed(self, ingress: Ingress) -> None:
        """SPEC 6: a failure recorded on the session shows in its state, by event id; a session whose
        first message failed (never committed) shows too, rather than 404."""
        await commit_session(ingress)
        await ingress.deps.sessions.record_failure(SESSION, "m-1", "unexpected IndexError in the turn")
        body = (await ingress.client.get(f"/sessions/{SESSION}/state", headers=AUTH)).json()
        assert (body["version"], body["failures"]) == (1, {"m-1": "unexpected IndexError in the turn"})
        never_committed = "5511900000002"
        await ingress.deps.sessions.record_failure(never_committed, "m-2", "backend answered 400")
        response = await ingress.client.get(f"/sessions/{never_committed}/state", headers=AUTH)
        assert (response.status_code, response.json()["version"]) == (200, 0)
        assert response.json()["failures"] == {"m-2": "backend answered 400"}

    async def test_raw_phone_in_path_is_normalized(self, ingress: Ingress) -> None:
        """`+55 11 99999-0001` reads the session 5511999990001."""
        await commit_session(ingress)
        response = await ingress.client.get("/sessions/+55 11 99999-0001/state", headers=AUTH)
        assert response.json()["session_id"] == SESSION

    async def test_unknown_session_is_404(self, ingress: Ingress) -> None:
        """A session never saved and without actions: 404."""
        response = await ingress.client.get("/sessions/5511900000000/state", headers=AUTH)
        assert response.status_code == 404

    async def test_conversation_is_last_n_oldest_first(self, ingress: Ingress) -> None:
        """Three turns stored, limit=2: the last two, oldest first."""
        now_ms = int(datetime.now(UTC).timestamp() * 1000)
        turns = tuple(
            Turn(session_id=SESSION, at_ms=now_ms + i, role=(Role.USER, Role.BOT)[i % 2], text=f"t{i}", message_id="m")
            for i in range(3)
        )
        await commit_session(ingress, turns=turns)
        response = await ingress.client.get(f"/sessions/{SESSION}/conversation", params={"limit": 2}, headers=AUTH)
        assert [turn["text"] for turn in response.json()["turns"]] == ["t1", "t2"]

    async def test_conversation_limit_out_of_range_is_400(self, ingress: Ingress) -> None:
        """limit=0: 400 naming `limit`."""
        response = await ingress.client.get(f"/sessions/{SESSION}/conversation", params={"limit": 0}, headers=AUTH)
        assert (response.status_code, response.json()["field"]) == (400, "limit")


class TestOperatorViews:
    async def test_tables_lists_the_five_tables_active_with_ttl(self, ingress: Ingress) -> None:
        """Each of the five tables: ACTIVE, TTL enabled, prefixed name."""
        tables = (await ingress.client.get("/debug/dynamo/tables", headers=AUTH)).json()["tables"]
        assert len(tables) == 5
        assert all(table["status"] == "ACTIVE" and table["ttl"] == "ENABLED" for table in tables)
        assert all(table["name"].startswith(ingress.settings.table_prefix) for table in tables)

    async def test_sessions_metrics_counts_actions_queue_and_active_sessions(self, ingress: Ingress) -> None:
        """One staged action, one queued message, one session saved now: all three show."""
        await commit_session(ingress, actions=(staged_action(datetime.now(UTC)),))
        await ingress.client.post("/webhook/ingest", json={"message_id": "m-9", "phoneNumber": SESSION, "text": "oi"})
        body = (await ingress.client.get("/metrics/sessions", headers=AUTH)).json()
        assert body["pending_actions"]["staged"] == 1
        assert body["pending_actions"]["confirmed"] == 0
        assert body["queues"]["inbound"]["visible"] == 1
        assert body["queues"]["dlq"] == {"visible": 0, "in_flight": 0}
        assert body["active_sessions_24h"] == 1
