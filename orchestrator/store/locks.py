"""Locks: a lease lock per resource with owner and random token; the token fences the commit.

```
 holder A: |--- lease (10 s) ---|            A's commit: token A != stored token B -> LockLost
 holder B:                        ^ A's lease passed: B's conditional put wins, new token
```
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING

import structlog
from botocore.exceptions import ClientError

from orchestrator.clock import epoch_ms, epoch_seconds, utc_now
from orchestrator.errors import LockLost
from orchestrator.store.base import LOCKS_TABLE, TTL_ATTRIBUTE, Lease
from orchestrator.store.items import (
    Expression,
    TransactEntry,
    delete_while,
    encode_item,
    is_condition_failure,
    item_absent,
    store_error,
    time_from_epoch_ms,
)

if TYPE_CHECKING:
    from types_aiobotocore_dynamodb.client import DynamoDBClient

log = structlog.get_logger(__name__)

_KEY = "resource"
_TOKEN = "token"  # noqa: S105 - an attribute name
_LEASE_END = "leaseEnd"  # epoch milliseconds
# TTL only cleans abandoned locks; the margin keeps it clear of live leases whatever the clock skew.
_TTL_MARGIN = timedelta(minutes=5)


def _token_matches(expr: Expression, token: str) -> str:
    """Fencing: the lease is still the one this holder acquired (nobody took over after expiry)."""
    return f"{expr.name(_TOKEN)} = {expr.value(token)}"


def _lease_passed(expr: Expression, now: datetime) -> str:
    """The previous holder's lease ended: it counts as dead and the lock is free."""
    return f"{expr.name(_LEASE_END)} < {expr.value(epoch_ms(now))}"


def fence_operation(table_prefix: str, lease: Lease, *, release: bool) -> TransactEntry:
    """The commit's lock entry: delete the lock if still ours, or only check that it is ours."""
    expr = Expression()
    operation = {
        "TableName": f"{table_prefix}{LOCKS_TABLE}",
        "Key": encode_item({_KEY: lease.resource}),
        "ConditionExpression": _token_matches(expr, lease.token),
    } | expr.params()
    return {"Delete": operation} if release else {"ConditionCheck": operation}


class DynamoLockStore:
    """`LockStore` on the Locks table (key `resource`)."""

    def __init__(
        self,
        client: DynamoDBClient,
        table_prefix: str,
        lease_seconds: float = 10.0,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self._client = client
        self._table = f"{table_prefix}{LOCKS_TABLE}"
        self._lease = timedelta(seconds=lease_seconds)
        self._clock = clock

    def _lease_item(self, lease: Lease) -> dict[str, object]:
        lease_end = epoch_ms(lease.expires_at)
        return {
            _KEY: lease.resource,
            "owner": lease.owner,
            _TOKEN: lease.token,
            _LEASE_END: lease_end,
            TTL_ATTRIBUTE: epoch_seconds(lease.expires_at + _TTL_MARGIN),
        }

    def _new_lease(self, resource: str, owner: str, token: str, now: datetime) -> Lease:
        # Stored as milliseconds: build the value from them so the lease equals what is stored.
        return Lease(
            resource=resource, owner=owner, token=token, expires_at=time_from_epoch_ms(epoch_ms(now + self._lease))
        )

    async def try_acquire(self, resource: str, owner: str) -> Lease | None:
        now = self._clock()
        lease = self._new_lease(resource, owner, secrets.token_urlsafe(16), now)
        expr = Expression()
        try:
            await self._client.put_item(
                TableName=self._table,
                Item=encode_item(self._lease_item(lease)),
                ConditionExpression=f"{item_absent(expr, _KEY)} OR {_lease_passed(expr, now)}",
                **expr.params(),
            )
        except ClientError as exc:
            if is_condition_failure(exc):
                return None
            raise store_error(exc) from exc
        return lease

    async def heartbeat(self, lease: Lease) -> Lease:
        renewed = self._new_lease(lease.resource, lease.owner, lease.token, self._clock())
        item = self._lease_item(renewed)
        expr = Expression()
        update = (
            f"SET {expr.name(_LEASE_END)} = {expr.value(item[_LEASE_END])}, "
            f"{expr.name(TTL_ATTRIBUTE)} = {expr.value(item[TTL_ATTRIBUTE])}"
        )
        try:
            await self._client.update_item(
                TableName=self._table,
                Key=encode_item({_KEY: lease.resource}),
                UpdateExpression=update,
                ConditionExpression=_token_matches(expr, lease.token),
                **expr.params(),
            )
        except ClientError as exc:
            if is_condition_failure(exc):
                raise LockLost("lease taken over or released") from exc
            raise store_error(exc) from exc
        return renewed

    async def release(self, lease: Lease) -> None:
        if not await delete_while(
            self._client, self._table, {_KEY: lease.resource}, partial(_token_matches, token=lease.token)
        ):
            log.info("lock_release_skipped", reason="lease_no_longer_ours")
