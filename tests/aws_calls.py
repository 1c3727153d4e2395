"""Counting AWS calls with botocore's own event hooks: what a test may assert (a count is
deterministic; a latency is not)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(eq=False)  # hashable by identity: botocore keeps handlers in a set
class CallLog:
    """Operations sent by a client, counted by a botocore `before-call` event hook."""

    operations: list[str] = field(default_factory=list)

    def __call__(self, event_name: str, **_: Any) -> None:
        self.operations.append(event_name.rsplit(".", 1)[-1])

    def clear(self) -> None:
        self.operations.clear()

    def watch(self, client: Any) -> CallLog:
        """Count every call `client` makes from now on."""
        client.meta.events.register("before-call.*.*", self)
        return self

    def stop(self, client: Any) -> None:
        client.meta.events.unregister("before-call.*.*", self)
