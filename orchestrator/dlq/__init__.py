"""Dead-letter queue operations (`letters`) and the `orchestrator dlq` command (`command`)."""

from __future__ import annotations

from orchestrator.dlq.command import run_dlq_command
from orchestrator.dlq.letters import DeadLetters
from orchestrator.dlq.values import DeadLetter, Listing, RedriveResult, Removal, Selection

__all__ = ["DeadLetter", "DeadLetters", "Listing", "RedriveResult", "Removal", "Selection", "run_dlq_command"]
