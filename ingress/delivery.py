"""A Meta delivery of many messages, admitted as a whole: claims concurrently, sends batched.

```
 claims: one PutItem per message, PARALLEL_CLAIMS at once
   └─> rounds: the next claimed message of every session, in payload order,
       up to 10 per SendMessageBatch  ──>  200 ....... completions (not awaited)
```
Round r holds the r-th message of each session, so no batch carries two messages of one session
and each session's messages reach its FIFO group in payload order, one round after another. A
session stops at its first failure: its later messages are released, not sent (they must not
overtake it). After a send that failed as a whole, nothing more is sent. The delivery answers 200
only when every message is queued or replayed; otherwise its most telling error, and Meta retries
the whole delivery (what was queued then replays). An id that comes again with another body is
acknowledged as a replay: the first version is the one queued.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import TypeGuard

import structlog

from ingress.admission import Admission, Admitted, Claimed
from ingress.errors import EnqueueUnavailable, IngressError, ServiceUnavailable
from orchestrator.errors import KeyReused
from orchestrator.integrations.queue import MAX_BATCH
from orchestrator.models import InboundEvent
from orchestrator.store.base import StoredResponse

log = structlog.get_logger(__name__)

# Claims in flight at once for one delivery (each is one PutItem).
PARALLEL_CLAIMS = 16

Failure = IngressError
# What became of one message: replayed, claimed by us, refused, or not tried (a failure came first).
Outcome = Admitted | Claimed | Failure | None


async def admit_delivery(admission: Admission, batch: Sequence[tuple[InboundEvent, StoredResponse]]) -> list[Admitted]:
    """Queue a delivery's events once each, keeping every session's order.

    Raises:
        ServiceUnavailable, ClaimInProgress: the most telling failure, in that order,
            once everything that could be queued was and the rest released.
    """
    outcomes = await _claim_all(admission, batch)
    rounds, held_back = _rounds(batch, outcomes)
    queued, unsent = await _send(admission, rounds)
    admission.complete_later(queued)
    await admission.release([*unsent, *held_back])
    failures = [outcome for outcome in outcomes if isinstance(outcome, IngressError)]
    if unsent:
        failures.append(EnqueueUnavailable("some events could not be enqueued; retry"))
    if failures:
        raise min(failures, key=_severity)
    # No failure: every outcome is a replay or a claim now queued.
    return [outcome.admitted if isinstance(outcome, Claimed) else outcome for outcome in outcomes if _answer(outcome)]


async def _claim_all(admission: Admission, batch: Sequence[tuple[InboundEvent, StoredResponse]]) -> list[Outcome]:
    """Claim every message, PARALLEL_CLAIMS at once; none starts after a failure."""
    outcomes: list[Outcome] = [None] * len(batch)
    gate = asyncio.Semaphore(PARALLEL_CLAIMS)
    failed = asyncio.Event()

    async def claim(index: int) -> None:
        async with gate:
            if failed.is_set():
                return
            try:
                outcomes[index] = await admission.claim(*batch[index])
            except KeyReused:
                # Meta's ids are unique per message and status: a second version of one (a failed
                # status re-sent with another time) is acknowledged and dropped. A 422 would make
                # Meta retry the whole delivery for days; the first version is the one queued.
                log.warning("meta_event_repeated_with_another_body", event_id=batch[index][0].event_id)
                outcomes[index] = Admitted(response=batch[index][1], replayed=True)
            except IngressError as exc:
                outcomes[index] = exc
                failed.set()

    async with asyncio.TaskGroup() as group:
        for index in range(len(batch)):
            group.create_task(claim(index))
    return outcomes


def _rounds(
    batch: Sequence[tuple[InboundEvent, StoredResponse]], outcomes: Sequence[Outcome]
) -> tuple[list[list[Claimed]], list[Claimed]]:
    """The claimed messages to send, round by round (round r: the r-th of each session), and the
    claimed ones held back because an earlier message of their session was not claimed."""
    queues: dict[str, list[Claimed]] = {}
    blocked: set[str] = set()
    held_back: list[Claimed] = []
    for (event, _), outcome in zip(batch, outcomes, strict=True):
        if isinstance(outcome, Admitted) and event.session_id not in blocked:
            continue  # queued by an earlier delivery: no reason to hold the next ones
        if isinstance(outcome, Claimed) and event.session_id not in blocked:
            queues.setdefault(event.session_id, []).append(outcome)
            continue
        blocked.add(event.session_id)
        if isinstance(outcome, Claimed):
            held_back.append(outcome)
    depth = max((len(queue) for queue in queues.values()), default=0)
    return [[queue[r] for queue in queues.values() if r < len(queue)] for r in range(depth)], held_back


async def _send(admission: Admission, rounds: list[list[Claimed]]) -> tuple[list[Claimed], list[Claimed]]:
    """Send round after round, up to 10 per call; returns (queued, not queued). A session with a
    message not queued sends nothing more; after a call that queued nothing, nothing is sent."""
    queued: list[Claimed] = []
    unsent: list[Claimed] = []
    broken: set[str] = set()
    halted = False  # the endpoint failed or stalled as a whole: each further call would too
    for claimed in rounds:
        unsent += [item for item in claimed if item.event.session_id in broken]  # never sent: released
        todo = [item for item in claimed if item.event.session_id not in broken]
        for start in range(0, len(todo), MAX_BATCH):
            chunk = todo[start : start + MAX_BATCH]
            sent = [False] * len(chunk) if halted else await admission.send_batch(chunk)
            halted = halted or not any(sent)
            for item, ok in zip(chunk, sent, strict=True):
                (queued if ok else unsent).append(item)
                if not ok:
                    broken.add(item.event.session_id)
    return queued, unsent


def _answer(outcome: Outcome) -> TypeGuard[Admitted | Claimed]:
    return isinstance(outcome, Admitted | Claimed)


def _severity(failure: Failure) -> int:
    return 0 if isinstance(failure, ServiceUnavailable) else 1
