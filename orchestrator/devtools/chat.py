"""`orchestrator chat`: be a caregiver from the terminal.

Each line typed goes through the running ingress (`/webhook/ingest`) exactly as a webhook sender
would send it, and `/audio <text>` as a Meta voice-note webhook that the dev stack hears as <text>;
the bot's replies, with their buttons, are read back from the admin conversation
view as they land. Line editing and history come from readline (history in the state folder).
A plain loop, not asyncio: one person types, one request at a time, and Ctrl-C must just stop.
"""

from __future__ import annotations

import sys
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import NotRequired, TypedDict

import httpx
from pydantic import JsonValue, SecretStr

from ingress.auth import sign_meta_body
from orchestrator.devtools.graph_standin import voice_note_media_id, voice_note_webhook
from orchestrator.devtools.stackfile import read_stack, state_dir
from orchestrator.exits import ExitCode, Refusal
from orchestrator.integrations.http import encode_json
from orchestrator.phones import normalize_phone

DEFAULT_URL = "http://127.0.0.1:8000"
REPLY_TIMEOUT_SECONDS = 30.0
# Replies are read by polling the admin conversation view, which the ingress rate-limits (120 reads
# a minute per client): quick polls while a reply usually lands, then one a second.
POLL_SECONDS = 0.25
SLOW_POLL_SECONDS = 1.0
QUICK_POLL_WINDOW_SECONDS = 2.0
# The view's answers that say "ask again later" (rate limited; DynamoDB slow), honoured by Retry-After.
_LATER_STATUSES = frozenset({429, 503})
_DEFAULT_RETRY_AFTER_SECONDS = 1.0
PROMPT = "você › "
HISTORY_FILE = "chat-history"
QUIT = frozenset({"/sair", "/quit"})
# `/audio <text>`: a WhatsApp voice note (through the Meta webhook) that the dev stack's stand-in
# transcribes as <text>.
AUDIO = "/audio"
COMMANDS_HELP = f"{AUDIO} <texto> sends a voice note, /sair ends (a line starting with / is never sent)"


def run_chat(
    *,
    phone: str,
    url: str | None,
    ingest_token: SecretStr | None,
    admin_token: SecretStr | None,
    app_secret: SecretStr | None = None,
) -> int:
    """Read lines until EOF, Ctrl-C or `/sair`. The tokens and the app secret (which signs `/audio`'s
    Meta webhook) are the settings', else those the running dev stack recorded.

    Raises:
        Refusal: no admin token for the stack, or the stack stopped answering.
    """
    stack = read_stack()
    base = (url or (stack.ingress_url if stack else DEFAULT_URL)).rstrip("/")
    ours = stack if stack is not None and stack.ingress_url == base else None
    admin = admin_token.get_secret_value() if admin_token else (ours.admin_token if ours else None)
    if admin is None:
        raise Refusal(
            f"no admin token for {base} (replies are read from its admin view): run `make run` and chat finds "
            "it, or set ADMIN_TOKEN to the stack's token",
            ExitCode.CONFIGURATION,
        )
    ingest = ingest_token.get_secret_value() if ingest_token else (ours.ingest_token if ours else None)
    secret = app_secret.get_secret_value() if app_secret else (ours.whatsapp_app_secret if ours else None)
    with httpx.Client(base_url=base, timeout=10) as client, _line_history(state_dir() / HISTORY_FILE):
        conversation = _Conversation(client, normalize_phone(phone), admin, ingest, app_secret=secret)
        seen = conversation.last_turn_ms()
        print(f"Conversando como +{conversation.session_id} com {base}. {AUDIO} <texto> manda um áudio. /sair termina.")  # noqa: T201
        while (text := _read_line()) is not None:
            command = text.split(maxsplit=1)[0] if text.startswith("/") else None
            if command == AUDIO:
                seen = conversation.speak(text.removeprefix(AUDIO).strip(), seen)
            elif command is not None:
                # Never sent as something the caregiver said: a mistyped command would become a note.
                print(f"chat: unknown command {command}; {COMMANDS_HELP}")  # noqa: T201
            elif text:
                seen = conversation.say(phone, text, seen, tapped=tap_for(text, conversation.offered))
    return ExitCode.OK


def _read_line() -> str | None:
    """The next line typed (stripped); None at the end (EOF, Ctrl-C, /sair)."""
    try:
        text = input(PROMPT).strip()
    except (EOFError, KeyboardInterrupt):
        print()  # noqa: T201 - leave the shell's prompt on a line of its own
        return None
    return None if text in QUIT else text


@contextmanager
def _line_history(path: Path) -> Iterator[None]:
    """readline editing and a persistent history, on a terminal only (pipes read plain lines)."""
    if not sys.stdin.isatty():
        yield
        return
    try:
        import readline
    except ImportError:  # Python built without it: plain input still works
        yield
        return
    readline.set_history_length(1000)
    with suppress(OSError):
        readline.read_history_file(path)
    try:
        yield
    finally:
        with suppress(OSError):
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            readline.write_history_file(path)
            path.chmod(0o600)


class OfferedChoice(TypedDict):
    """A reply button or list row as the conversation view shows it."""

    id: str
    title: str


class TurnView(TypedDict):
    """One turn of `GET /sessions/{id}/conversation`, as far as the chat reads it."""

    at_ms: int
    role: str
    text: str
    message_id: str
    buttons: NotRequired[list[OfferedChoice]]
    options: NotRequired[list[OfferedChoice]]


@dataclass
class _Conversation:
    """One caregiver's side of the conversation, over the ingress's public and admin routes."""

    client: httpx.Client
    session_id: str
    admin_token: str
    ingest_token: str | None
    offered: tuple[OfferedChoice, ...] = ()  # the buttons / list rows of the newest bot reply
    app_secret: str | None = None  # the dev stack's WHATSAPP_APP_SECRET, to sign Meta webhooks
    told: set[int] = field(default_factory=set)  # the "ask later" statuses already explained

    def last_turn_ms(self) -> int:
        deadline = time.monotonic() + REPLY_TIMEOUT_SECONDS
        while True:
            try:
                turns = self._turns(1)
            except _AskLater as later:
                if time.monotonic() + later.seconds > deadline:
                    raise Refusal(
                        f"{self._base} keeps answering {later.status} to the conversation view ({later.detail})",
                        ExitCode.UNREACHABLE,
                    ) from later
                self._waiting(later)
                time.sleep(later.seconds)
                continue
            return int(turns[-1]["at_ms"]) if turns else 0

    def say(self, phone: str, text: str, seen: int, tapped: OfferedChoice | None = None) -> int:
        """Send one line (or the button / row `tapped`: its title, its id relayed as
        `meta.reply_id`); print the bot turns newer than `seen` until the one answering it arrives."""
        message_id = f"chat-{uuid.uuid4().hex}"
        headers = {"Authorization": f"Bearer {self.ingest_token}"} if self.ingest_token else {}
        body: dict[str, JsonValue] = {"message_id": message_id, "phoneNumber": phone, "text": text}
        if tapped is not None:
            body |= {"text": str(tapped["title"]), "meta": {"reply_id": str(tapped["id"])}}
        response = self._call("POST", "/webhook/ingest", json=body, headers=headers)
        return self._await_reply(message_id, seen, response, accepted=202)

    def speak(self, spoken: str, seen: int) -> int:
        """Send a voice note heard as `spoken`, as Meta's webhook would; then as `say`."""
        if not spoken:
            print(f"chat: {AUDIO} <o que o áudio diz>")  # noqa: T201
            return seen
        if self.app_secret is None:
            # Found by itself only for the stack `orchestrator dev` recorded on this machine.
            print(f"chat: {AUDIO} signs a Meta webhook: set WHATSAPP_APP_SECRET to the stack's app secret")  # noqa: T201
            return seen
        message_id = f"wamid.chat-{uuid.uuid4().hex}"
        body = encode_json(voice_note_webhook(self.session_id, message_id, voice_note_media_id(spoken)))
        headers = {"Content-Type": "application/json", "X-Hub-Signature-256": sign_meta_body(body, self.app_secret)}
        response = self._call("POST", "/webhook/whatsapp", content=body, headers=headers)
        return self._await_reply(message_id, seen, response, accepted=200)

    def _await_reply(self, message_id: str, seen: int, response: httpx.Response, *, accepted: int) -> int:
        """Print the bot turns newer than `seen` until the one answering `message_id` arrives, once
        the ingress `accepted` it (any other answer is printed instead: no reply will come)."""
        if response.status_code != accepted:
            print(f"chat: the ingress answered {response.status_code}: {response.text}")  # noqa: T201
            return seen
        started = time.monotonic()
        deadline = started + REPLY_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            answered = False
            try:
                turns = self._turns(20)
            except _AskLater as later:
                self._waiting(later)
                time.sleep(max(0.0, min(later.seconds, deadline - time.monotonic())))
                continue
            for turn in turns:
                if turn["at_ms"] <= seen:
                    continue
                seen = int(turn["at_ms"])
                if turn["role"] == "bot":
                    print(f"\n{render_reply(turn)}\n")  # noqa: T201
                    self.offered = tuple(turn.get("buttons") or turn.get("options") or ())
                    answered = answered or turn.get("message_id") == message_id
            if answered:
                return seen
            quick = time.monotonic() - started < QUICK_POLL_WINDOW_SECONDS
            time.sleep(POLL_SECONDS if quick else SLOW_POLL_SECONDS)
        print("chat: no reply yet (is a worker running?)")  # noqa: T201
        return seen

    def _turns(self, limit: int) -> list[TurnView]:
        response = self._call(
            "GET",
            f"/sessions/{self.session_id}/conversation",
            params={"limit": limit},
            headers={"Authorization": f"Bearer {self.admin_token}"},
        )
        if response.status_code in (401, 403, 404):
            raise Refusal(
                f"{self.client.base_url} refused the admin token ({response.status_code}); set ADMIN_TOKEN to "
                "the stack's token, or run `make run` and chat finds it",
                ExitCode.UNREACHABLE,
            )
        if response.status_code in _LATER_STATUSES:
            raise _AskLater(response.status_code, _retry_after(response), _detail(response))
        if response.status_code != 200:
            raise Refusal(
                f"{self._base} answered HTTP {response.status_code} to the conversation view ({_detail(response)}); "
                "its log says why",
                ExitCode.FAILED,
            )
        turns: list[TurnView] = response.json()["turns"]
        return turns

    @property
    def _base(self) -> str:
        return str(self.client.base_url).rstrip("/")

    def _waiting(self, later: _AskLater) -> None:
        """Say once per kind of wait why replies are slow to show (the rate limit is chat's own doing)."""
        if later.status in self.told:
            return
        self.told.add(later.status)
        why = "rate-limited" if later.status == 429 else "not answering for now"
        print(f"chat: the conversation view is {why} ({later.detail}); waiting, then reading again")  # noqa: T201

    def _call(
        self,
        method: str,
        path: str,
        *,
        headers: Mapping[str, str],
        json: JsonValue = None,
        content: bytes | None = None,
        params: Mapping[str, int] | None = None,
    ) -> httpx.Response:
        try:
            return self.client.request(method, path, headers=headers, json=json, content=content, params=params)
        except httpx.TransportError as exc:
            line = f"the stack at {str(self.client.base_url).rstrip('/')} is not answering; is `make run` running?"
            raise Refusal(line, ExitCode.UNREACHABLE) from exc


class _AskLater(Exception):
    """The conversation view said "ask again later" (429, 503) and how long to wait."""

    def __init__(self, status: int, seconds: float, detail: str) -> None:
        super().__init__(f"HTTP {status}: {detail}")
        self.status = status
        self.seconds = seconds
        self.detail = detail


def _retry_after(response: httpx.Response) -> float:
    """The answer's Retry-After in seconds (the ingress sends whole seconds), else a second."""
    raw = response.headers.get("Retry-After", "")
    return float(raw) if raw.isdigit() else _DEFAULT_RETRY_AFTER_SECONDS


def _detail(response: httpx.Response) -> str:
    """What the ingress said (its JSON error's detail or code), short, on one line."""
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict):
        said = body.get("detail") or body.get("error")
        if isinstance(said, str) and said:
            return said
    return " ".join(response.text.split())[:200] or response.reason_phrase


def render_reply(turn: TurnView) -> str:
    """A bot turn as the caregiver would see it: the text, then its reply buttons or list options.

    Buttons (`buttons`) and list rows (`options`), each `{"id", "title"}`, are printed numbered when
    the conversation view carries them (the WhatsApp channel's interactive replies): typing the
    number (or the id) taps it (`tap_for`).
    """
    lines = [f"bot › {turn['text']}"]
    buttons = [str(button.get("title", button.get("id", ""))) for button in turn.get("buttons") or []]
    if buttons:
        lines.append("      " + "  ".join(f"[{number}] {title}" for number, title in enumerate(buttons, 1)))
    for number, option in enumerate(turn.get("options") or [], 1):
        lines.append(f"      {number}. {option.get('title', option.get('id', ''))}")
    return "\n".join(lines)


def tap_for(text: str, offered: Sequence[OfferedChoice]) -> OfferedChoice | None:
    """The offered button or row a typed line taps: its number as shown, or its id; None for
    anything else (sent as typed text)."""
    if text.isdigit() and 1 <= int(text) <= len(offered):
        return offered[int(text) - 1]
    return next((choice for choice in offered if choice.get("id") == text), None)
