"""Meta Cloud API webhook bodies as Meta sends them, for the parser and HTTP tests."""

from __future__ import annotations

from typing import Any

PHONE_A = "5511999990001"
PHONE_B = "5521988880002"


def text_message(wamid: str, sender: str, body: str) -> dict[str, Any]:
    return {"from": sender, "id": wamid, "timestamp": "1717000000", "type": "text", "text": {"body": body}}


def interactive_message(wamid: str, sender: str, kind: str, reply_id: str, title: str) -> dict[str, Any]:
    return {
        "from": sender,
        "id": wamid,
        "timestamp": "1717000000",
        "type": "interactive",
        "interactive": {"type": kind, kind: {"id": reply_id, "title": title}},
    }


def button_message(wamid: str, sender: str, text: str, payload: str) -> dict[str, Any]:
    return {
        "from": sender,
        "id": wamid,
        "timestamp": "1717000000",
        "type": "button",
        "button": {"text": text, "payload": payload},
    }


def status_update(wamid: str, recipient: str) -> dict[str, Any]:
    return {"id": wamid, "status": "delivered", "timestamp": "1717000001", "recipient_id": recipient}


def webhook(*changes: dict[str, Any]) -> dict[str, Any]:
    """One entry whose changes carry the given `value`s."""
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": "WABA_ID", "changes": [{"field": "messages", "value": value} for value in changes]}],
    }


def value(messages: list[dict[str, Any]] | None = None, statuses: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    result: dict[str, Any] = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "15550001111", "phone_number_id": "PNID"},
    }
    if messages is not None:
        result["contacts"] = [{"profile": {"name": "Maria"}, "wa_id": message.get("from", "")} for message in messages]
        result["messages"] = messages
    if statuses is not None:
        result["statuses"] = statuses
    return result
