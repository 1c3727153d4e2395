"""Where a running `orchestrator dev` says what it serves, so `chat` finds it from any folder.

One JSON file in the user's state directory (`$XDG_STATE_HOME/whatsapp-orchestrator/`, by default
`~/.local/state/whatsapp-orchestrator/`), readable by its owner only: it holds the admin token.
"""

from __future__ import annotations

import json
import os
from contextlib import suppress
from pathlib import Path

from pydantic import ValidationError

from orchestrator.models import Frozen

APP_DIR = "whatsapp-orchestrator"
STACK_FILE = "dev-stack.json"


class DevStack(Frozen):
    """What a running dev stack serves: for the banner, for `chat`, and for ops commands."""

    ingress_url: str
    admin_token: str
    ingest_token: str | None = None
    aws_endpoint: str | None = None
    demo_backend_url: str | None = None
    whatsapp_app_secret: str | None = None  # `chat` signs the Meta webhooks it sends (`/audio`)
    pid: int


def state_dir() -> Path:
    """The user's state folder for this tool (XDG base directories)."""
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / APP_DIR


def write_stack(stack: DevStack) -> Path:
    """Record the running stack (the newest `dev` wins); returns the file's path."""
    folder = state_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / STACK_FILE
    path.touch(mode=0o600, exist_ok=True)
    path.chmod(0o600)
    path.write_text(stack.model_dump_json())
    return path


def read_stack() -> DevStack | None:
    """The stack a live `orchestrator dev` recorded, or None (none ran, or it died without cleaning)."""
    try:
        stack = DevStack.model_validate(json.loads((state_dir() / STACK_FILE).read_text()))
    except (OSError, ValueError, ValidationError):
        return None
    return stack if _alive(stack.pid) else None


def forget_stack(pid: int) -> None:
    """Remove the record if it is still this process's (a newer `dev` may have replaced it)."""
    stack = read_stack()
    if stack is not None and stack.pid == pid:
        with suppress(OSError):
            (state_dir() / STACK_FILE).unlink()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True
