"""The conversation state of one session (owned by the state machine).

Placeholder shape: the machine's issue fills it in. The store only relies on it being a
frozen pydantic model whose default instance is the state of a brand-new session.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class SessionState(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    schedule_id: str | None = None
