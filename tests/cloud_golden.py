"""What the Cloud API must receive for a yes/no question (SPEC section 12, "Outbound"): one golden, shared
by the payload, sink and whole-system tests."""

from __future__ import annotations

from typing import Any

YES_NO_ACTION: dict[str, Any] = {
    "buttons": [
        {"type": "reply", "reply": {"id": "yes", "title": "Sim"}},
        {"type": "reply", "reply": {"id": "no", "title": "Não"}},
    ]
}
