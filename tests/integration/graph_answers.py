"""The Graph API's answers to a send, as the scripted server plays them for the Cloud API sink."""

from __future__ import annotations

from tests.integration.scripted import Scripted


def graph_sent(wamid: str) -> Scripted:
    """A send accepted: the id Meta gives the message (a later status or reaction names it)."""
    return Scripted.json({"messaging_product": "whatsapp", "contacts": [], "messages": [{"id": wamid}]})


def graph_throttled(status: int = 429) -> Scripted:
    """Cloud API throughput exceeded (error 130429): the message was not sent."""
    return Scripted.json({"error": {"message": "rate limit", "code": 130429}}, status=status)
