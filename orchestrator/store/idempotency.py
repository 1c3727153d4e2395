"""Idempotency: the ingress claim on a webhook's idempotency key, one conditional write.

```
 claim (token T) ──> in_progress, T, until now + 10 s ──complete(T)──> completed ..... expiresAt (10 min)
   │ botocore retries the same PutItem (same T): our own write, won again
   │ deadline passed (its process died): a retry with the same payload takes it over (new T')
   └─ enqueue failed: release(T) deletes it, the sender's retry claims again
```
Only `completed` replays; a duplicate meeting `in_progress` is told to come back (the first
request may still fail to enqueue, and then nothing would ever be queued).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Final, NotRequired, TypedDict, cast

import structlog
from botocore.exceptions import ClientError

from orchestrator.clock import epoch_ms, epoch_seconds, utc_now
from orchestrator.errors import KeyReused
from orchestrator.store.base import (
    IDEMPOTENCY_TABLE,
    TTL_ATTRIBUTE,
    Claim,
    IdempotencyRecord,
    IdempotencyStatus,
    StoredResponse,
)
from orchestrator.store.items import (
    Expression,
    delete_while,
    encode_item,
    failed_item,
    is_condition_failure,
    item_absent,
    item_expired,
    live_item,
    store_error,
    time_from_epoch_ms,
)

if TYPE_CHECKING:
    from types_aiobotocore_dynamodb.client import DynamoDBClient

log = structlog.get_logger(__name__)

# How long a claim in progress belongs to its request; after it, a retry may take it over.
IN_PROGRESS_SECONDS = 10.0

_KEY: Final = "idempotencyKey"
_STATUS: Final = "status"
_HASH: Final = "payloadHash"
_CLAIMANT: Final = "claimToken"  # random per claim: whose claim this is
_DEADLINE: Final = "inProgressUntil"  # epoch milliseconds


class RecordValues(TypedDict):
    """An Idempotency item, decoded: what `_record_values` writes."""

    idempotencyKey: str
    payloadHash: str
    status: str
    response: str  # the JSON text of the StoredResponse
    claimToken: NotRequired[str]  # records written before claim tokens existed have none
    inProgressUntil: int
    expiresAt: int


def _record_values(record: IdempotencyRecord) -> dict[str, object]:
    return {
        _KEY: record.key,
        _HASH: record.payload_hash,
        _STATUS: record.status.value,
        "response": record.response.model_dump_json(),
        _CLAIMANT: record.token,
        _DEADLINE: epoch_ms(record.in_progress_until),
        TTL_ATTRIBUTE: epoch_seconds(record.expires_at),
    }


def _record_from_values(decoded: Mapping[str, object]) -> IdempotencyRecord:
    values = cast(RecordValues, decoded)
    return IdempotencyRecord(
        key=values[_KEY],
        payload_hash=values[_HASH],
        status=IdempotencyStatus(values[_STATUS]),
        response=StoredResponse.model_validate_json(values["response"]),
        token=values.get(_CLAIMANT, ""),
        in_progress_until=time_from_epoch_ms(values[_DEADLINE]),
        expires_at=datetime.fromtimestamp(values["expiresAt"], UTC),
    )


def _abandoned_claim(expr: Expression, payload_hash: str, now: datetime) -> str:
    """A claimant that died between claim and enqueue: its deadline passed, the record is still
    in progress, and it is the same payload (a different one must come back as KeyReused)."""
    return (
        f"({expr.name(_STATUS)} = {expr.value(IdempotencyStatus.IN_PROGRESS.value)}"
        f" AND {expr.name(_DEADLINE)} < {expr.value(epoch_ms(now))}"
        f" AND {expr.name(_HASH)} = {expr.value(payload_hash)})"
    )


def _our_own_write(expr: Expression, token: str) -> str:
    """A retry of this very PutItem (botocore re-sends it after a timeout even when the first
    attempt was applied): the record it meets is the one it wrote, so it wins again."""
    return f"{expr.name(_CLAIMANT)} = {expr.value(token)}"


def _still_our_claim(expr: Expression, record: IdempotencyRecord) -> str:
    """Complete and release touch only the claim they made, still in progress: never a completed
    record, a takeover's claim, or a later first claim of the same key."""
    return (
        f"{expr.name(_STATUS)} = {expr.value(IdempotencyStatus.IN_PROGRESS.value)}"
        f" AND {expr.name(_CLAIMANT)} = {expr.value(record.token)}"
    )


class DynamoIdempotencyStore:
    """`IdempotencyStore` on the Idempotency table (key `idempotencyKey`)."""

    def __init__(
        self,
        client: DynamoDBClient,
        table_prefix: str,
        ttl_seconds: float = 600,
        in_progress_seconds: float = IN_PROGRESS_SECONDS,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self._client = client
        self._table = f"{table_prefix}{IDEMPOTENCY_TABLE}"
        self._ttl = timedelta(seconds=ttl_seconds)
        self._in_progress = timedelta(seconds=in_progress_seconds)
        self._clock = clock

    def _new_record(self, key: str, payload_hash: str, response: StoredResponse, now: datetime) -> IdempotencyRecord:
        # Built from the stored precision (ms, s) so the record equals what a later read returns.
        return IdempotencyRecord(
            key=key,
            payload_hash=payload_hash,
            status=IdempotencyStatus.IN_PROGRESS,
            response=response,
            token=uuid.uuid4().hex,
            in_progress_until=time_from_epoch_ms(epoch_ms(now + self._in_progress)),
            expires_at=datetime.fromtimestamp(epoch_seconds(now + self._ttl), UTC),
        )

    async def claim(self, key: str, payload_hash: str, response: StoredResponse) -> Claim:
        now = self._clock()
        record = self._new_record(key, payload_hash, response, now)
        expr = Expression()
        condition = " OR ".join(
            (
                item_absent(expr, _KEY),
                item_expired(expr, now),
                _our_own_write(expr, record.token),
                _abandoned_claim(expr, payload_hash, now),
            )
        )
        try:
            written = await self._client.put_item(
                TableName=self._table,
                Item=encode_item(_record_values(record)),
                ConditionExpression=condition,
                ReturnValues="ALL_OLD",  # tells a takeover from a first claim
                ReturnValuesOnConditionCheckFailure="ALL_OLD",  # the existing record, no second read
                **expr.params(),
            )
        except ClientError as exc:
            if not is_condition_failure(exc):
                raise store_error(exc) from exc
            existing = live_item(failed_item(exc), now)
            if existing is None:  # only if the backend returned no item; not worth guessing
                raise store_error(exc) from exc
            stored = _record_from_values(existing)
            if stored.payload_hash != payload_hash:
                raise KeyReused("idempotency key reused with a different payload") from exc
            return Claim(won=False, record=stored, previous=stored)
        old = live_item(written.get("Attributes"), now)
        if old is None:
            return Claim(won=True, record=record)
        previous = _record_from_values(old)
        if previous.token == record.token:
            log.info("idempotency_claim_write_retried")
            return Claim(won=True, record=record)
        log.info("idempotency_claim_taken_over")
        return Claim(won=True, record=record, previous=previous)

    async def complete(self, record: IdempotencyRecord) -> None:
        expr = Expression()
        try:
            await self._client.update_item(
                TableName=self._table,
                Key=encode_item({_KEY: record.key}),
                UpdateExpression=f"SET {expr.name(_STATUS)} = {expr.value(IdempotencyStatus.COMPLETED.value)}",
                # Never creates a bare record, never completes someone else's claim.
                ConditionExpression=_still_our_claim(expr, record),
                **expr.params(),
            )
        except ClientError as exc:
            if not is_condition_failure(exc):
                raise store_error(exc) from exc
            log.info("idempotency_complete_skipped", reason="claim_no_longer_ours")

    async def release(self, record: IdempotencyRecord) -> None:
        still_ours = partial(_still_our_claim, record=record)
        if not await delete_while(self._client, self._table, {_KEY: record.key}, still_ours):
            log.info("idempotency_release_skipped", reason="claim_no_longer_ours")
