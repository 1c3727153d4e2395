"""One turn of one session: lock, load, understand, step, commit once, execute, deliver, settle.

The only package that orders I/O. Every turn first finishes what an earlier one left (confirmed
actions not executed, replies not delivered), then applies its new events in order under one
lock, one load and one commit, and answers them with one reply.
"""

from orchestrator.turn.context import TurnDeps, TurnStats
from orchestrator.turn.run import process_turn

__all__ = ["TurnDeps", "TurnStats", "process_turn"]
