"""`orchestrator chat`: be a caregiver from the terminal.

Each line typed goes through the running ingress (`/webhook/ingest`) exactly as a webhook sender
would send it; the bot's replies are read back from the admin conversation view as they land.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
from pydantic import SecretStr

from orchestrator.phones import normalize_phone

# Left by `orchestrator dev` (URL and admin token of the running stack).
DEV_SESSION_FILE = Path(".cache") / "dev-session.json"
REPLY_TIMEOUT_SECONDS = 30.0
POLL_SECONDS = 0.25
PROMPT = "você › "


def run_chat(*, phone: str, url: str, ingest_token: SecretStr | None, admin_token: SecretStr | None) -> int:
    """Read lines until EOF or `/sair`; exit 1 when the ingress cannot be used."""
    try:
        return asyncio.run(_chat(phone, url, ingest_token, admin_token))
    except KeyboardInterrupt:
        return 0


def _dev_admin_token(url: str) -> str | None:
    """The token a local `orchestrator dev` generated, when it serves this URL."""
    try:
        session = json.loads(DEV_SESSION_FILE.read_text())
    except (OSError, ValueError):
        return None
    return str(session["admin_token"]) if session.get("url") == url.rstrip("/") else None


async def _chat(phone: str, url: str, ingest_token: SecretStr | None, admin_token: SecretStr | None) -> int:
    session_id = normalize_phone(phone)
    admin = admin_token.get_secret_value() if admin_token else _dev_admin_token(url)
    if admin is None:
        print("chat: set ADMIN_TOKEN (replies are read from the admin conversation view)")  # noqa: T201
        return 1
    ingest_headers = {"Authorization": f"Bearer {ingest_token.get_secret_value()}"} if ingest_token else {}
    async with httpx.AsyncClient(base_url=url, timeout=10) as client:
        seen = await _last_turn_ms(client, session_id, admin)
        print(f"Conversando como +{session_id}. Digite /sair para terminar.")  # noqa: T201
        while True:
            try:
                text = (await asyncio.to_thread(input, PROMPT)).strip()
            except EOFError:
                return 0
            if text in {"/sair", "/quit"}:
                return 0
            if not text:
                continue
            message_id = f"chat-{uuid.uuid4().hex}"
            body = {"message_id": message_id, "phoneNumber": phone, "text": text}
            response = await client.post("/webhook/ingest", json=body, headers=ingest_headers)
            if response.status_code != 202:
                print(f"chat: the ingress answered {response.status_code}: {response.text}")  # noqa: T201
                continue
            seen = await _print_replies(client, session_id, admin, seen, message_id)


async def _conversation(client: httpx.AsyncClient, session_id: str, admin: str, limit: int) -> list[dict[str, Any]]:
    response = await client.get(
        f"/sessions/{session_id}/conversation",
        params={"limit": limit},
        headers={"Authorization": f"Bearer {admin}"},
    )
    response.raise_for_status()
    turns: list[dict[str, Any]] = response.json()["turns"]
    return turns


async def _last_turn_ms(client: httpx.AsyncClient, session_id: str, admin: str) -> int:
    turns = await _conversation(client, session_id, admin, 1)
    return int(turns[-1]["at_ms"]) if turns else 0


async def _print_replies(client: httpx.AsyncClient, session_id: str, admin: str, seen: int, message_id: str) -> int:
    """Print bot turns newer than `seen` until the one answering `message_id` arrives."""
    deadline = time.monotonic() + REPLY_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        answered = False
        for turn in await _conversation(client, session_id, admin, 20):
            if turn["at_ms"] <= seen:
                continue
            seen = int(turn["at_ms"])
            if turn["role"] == "bot":
                print(f"\nbot › {turn['text']}\n")  # noqa: T201
                answered = answered or turn["message_id"] == message_id
        if answered:
            return seen
        await asyncio.sleep(POLL_SECONDS)
    print("chat: no reply yet (is a worker running?)")  # noqa: T201
    return seen
