"""Create-or-update of the five tables (`store/tables.py` defines them) for `orchestrator init`,
plus the summary the admin route shows.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from botocore.exceptions import ClientError
from typing_extensions import TypedDict  # pydantic (the admin body) needs this one below Python 3.12

from orchestrator.store.items import error_code, store_error
from orchestrator.store.tables import TABLES, TableSpec

if TYPE_CHECKING:
    from types_aiobotocore_dynamodb.client import DynamoDBClient
    from types_aiobotocore_dynamodb.type_defs import CreateTableInputTypeDef, TableDescriptionTypeDef


_ACTIVE = "ACTIVE"
_TTL_ON = frozenset({"ENABLED", "ENABLING"})
_WAIT_TIMEOUT = 600.0


class TableSummary(TypedDict, total=False):
    """One table as the admin route shows it; a missing table has only the first four keys."""

    name: str
    status: str
    ttl: str | None
    item_count: int
    ttl_attribute: str | None
    indexes: list[str]


async def ensure_tables(client: DynamoDBClient, table_prefix: str) -> list[str]:
    """Create missing tables, add a missing GSI, switch to on-demand, enable TTL; wait until ACTIVE.

    Returns:
        What changed, one line each; empty when everything was already in place.
    """
    # TTL comes last, once every table and index is ACTIVE: DynamoDB Local builds a new index on
    # the same worker threads as its TTL sweepers and starves it once several tables have TTL on.
    changes = await _for_each_table(_ensure_structure, client, table_prefix)
    changes += await _for_each_table(_ensure_ttl, client, table_prefix)
    return changes  # the caller reports them (`init` prints each, `dev` logs how many)


async def _for_each_table(
    step: Callable[[DynamoDBClient, str, TableSpec], Awaitable[list[str]]], client: DynamoDBClient, table_prefix: str
) -> list[str]:
    """Run `step` on the five tables concurrently (each may take seconds to become ACTIVE);
    every task runs to its end before the first failure is raised."""
    results = await asyncio.gather(
        *(step(client, spec.physical_name(table_prefix), spec) for spec in TABLES), return_exceptions=True
    )
    changes: list[str] = []
    for result in results:
        if isinstance(result, ClientError):
            raise store_error(result) from result
        if isinstance(result, BaseException):
            raise result
        changes += result
    return changes


async def _ensure_structure(client: DynamoDBClient, name: str, spec: TableSpec) -> list[str]:
    """The table exists, on demand, with every index of its spec, all ACTIVE."""
    changes: list[str] = []
    table = await _describe(client, name)
    if table is None:
        request: CreateTableInputTypeDef = {
            "TableName": name,
            "AttributeDefinitions": spec.attribute_definitions(),
            "KeySchema": spec.key_schema(),
            "BillingMode": spec.billing_mode,
        }
        if spec.indexes:
            request["GlobalSecondaryIndexes"] = spec.index_definitions()
        await client.create_table(**request)
        changes.append(f"created table {name}")
        table = await _wait_active(client, name)
    if _is_provisioned(table):
        await client.update_table(TableName=name, BillingMode=spec.billing_mode)
        changes.append(f"switched {name} to on-demand billing")
        table = await _wait_active(client, name)
    present = {index["IndexName"] for index in table.get("GlobalSecondaryIndexes", [])}
    for index in spec.indexes:
        if index.name not in present:
            # DynamoDB builds one new GSI per update; wait for each before the next.
            await client.update_table(
                TableName=name,
                AttributeDefinitions=spec.attribute_definitions(),
                GlobalSecondaryIndexUpdates=[{"Create": index.definition()}],
            )
            changes.append(f"created index {index.name} on {name}")
            await _wait_active(client, name)
    return changes


async def _ensure_ttl(client: DynamoDBClient, name: str, spec: TableSpec) -> list[str]:
    """TTL is on, on the spec's attribute (`expiresAt`)."""
    ttl = (await client.describe_time_to_live(TableName=name)).get("TimeToLiveDescription", {})
    if ttl.get("TimeToLiveStatus") in _TTL_ON and ttl.get("AttributeName") == spec.ttl_attribute:
        return []
    await client.update_time_to_live(TableName=name, TimeToLiveSpecification=spec.ttl_specification())
    return [f"enabled TTL on {name}.{spec.ttl_attribute}"]


def _is_provisioned(table: TableDescriptionTypeDef) -> bool:
    summary = table.get("BillingModeSummary")
    if summary:
        return bool(summary.get("BillingMode") == "PROVISIONED")
    # Tables that predate billing modes have no summary; on-demand ones report zero capacity.
    return int(table.get("ProvisionedThroughput", {}).get("ReadCapacityUnits", 0)) > 0


async def _describe(client: DynamoDBClient, name: str) -> TableDescriptionTypeDef | None:
    try:
        response = await client.describe_table(TableName=name)
    except ClientError as exc:
        if error_code(exc) == "ResourceNotFoundException":
            return None
        raise
    return response["Table"]


async def _wait_active(client: DynamoDBClient, name: str) -> TableDescriptionTypeDef:
    """Poll until the table and all its indexes are ACTIVE (botocore's waiter sleeps 20 s a try)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + _WAIT_TIMEOUT
    delay = 0.05
    while True:
        table = await _describe(client, name)
        indexes = [] if table is None else table.get("GlobalSecondaryIndexes", [])
        if table and table["TableStatus"] == _ACTIVE and all(i.get("IndexStatus") == _ACTIVE for i in indexes):
            return table
        if loop.time() > deadline:
            raise TimeoutError(f"table {name} not ACTIVE after {_WAIT_TIMEOUT} s")
        await asyncio.sleep(delay)
        delay = min(delay * 2, 2.0)


async def describe_tables(client: DynamoDBClient, table_prefix: str) -> list[TableSummary]:
    """Name, status, TTL status and approximate item count of each table (`MISSING` if absent)."""

    async def summary(spec: TableSpec) -> TableSummary:
        name = spec.physical_name(table_prefix)
        table = await _describe(client, name)
        if table is None:
            return {"name": name, "status": "MISSING", "ttl": None, "item_count": 0}
        ttl = (await client.describe_time_to_live(TableName=name)).get("TimeToLiveDescription", {})
        return {
            "name": name,
            "status": table["TableStatus"],
            "ttl": ttl.get("TimeToLiveStatus", "DISABLED"),
            "ttl_attribute": ttl.get("AttributeName"),
            "item_count": int(table.get("ItemCount", 0)),
            "indexes": [index["IndexName"] for index in table.get("GlobalSecondaryIndexes", [])],
        }

    summaries: list[TableSummary] = []
    for spec in TABLES:  # five cheap reads on an admin route: no need for concurrency
        try:
            summaries.append(await summary(spec))
        except ClientError as exc:
            raise store_error(exc) from exc
    return summaries
