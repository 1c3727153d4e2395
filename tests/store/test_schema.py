"""ensure_tables / describe_tables: five tables, TTL on expiresAt, the status GSI, idempotently."""

from __future__ import annotations

from orchestrator.store.actions import STATUS_INDEX
from orchestrator.store.base import PENDING_ACTIONS_TABLE, SESSIONS_TABLE
from orchestrator.store.schema import TABLES, describe_tables, ensure_tables
from tests.store.conftest import Dynamo


class TestEnsureTables:
    async def test_second_run_changes_nothing(self, dynamo: Dynamo) -> None:
        """The fixture already ran ensure_tables: running it again reports no change."""
        assert await ensure_tables(dynamo.client, dynamo.prefix) == []

    async def test_tables_ttl_and_index(self, dynamo: Dynamo) -> None:
        """All five tables are ACTIVE with TTL enabled on expiresAt; PendingActions has its GSI."""
        summaries = {summary["name"]: summary for summary in await describe_tables(dynamo.client, dynamo.prefix)}
        assert set(summaries) == {dynamo.table(spec.base_name) for spec in TABLES}
        for summary in summaries.values():
            assert (summary["status"], summary["ttl"], summary["ttl_attribute"]) == ("ACTIVE", "ENABLED", "expiresAt")
        assert summaries[dynamo.table(PENDING_ACTIONS_TABLE)]["indexes"] == [STATUS_INDEX]

    async def test_missing_index_and_ttl_are_added(self, dynamo: Dynamo) -> None:
        """A PendingActions table created without its GSI and TTL gets both, and says so."""
        prefix = f"{dynamo.prefix}old_"
        await dynamo.client.create_table(
            TableName=f"{prefix}{PENDING_ACTIONS_TABLE}",
            AttributeDefinitions=[
                {"AttributeName": "sessionId", "AttributeType": "S"},
                {"AttributeName": "actionId", "AttributeType": "S"},
            ],
            KeySchema=[
                {"AttributeName": "sessionId", "KeyType": "HASH"},
                {"AttributeName": "actionId", "KeyType": "RANGE"},
            ],
            BillingMode="PAY_PER_REQUEST",
        )
        try:
            changes = await ensure_tables(dynamo.client, prefix)
            table = f"{prefix}{PENDING_ACTIONS_TABLE}"
            assert f"created index {STATUS_INDEX} on {table}" in changes
            assert f"enabled TTL on {table}.expiresAt" in changes
            assert f"created table {prefix}{SESSIONS_TABLE}" in changes
            assert await ensure_tables(dynamo.client, prefix) == []
        finally:
            for spec in TABLES:
                await dynamo.client.delete_table(TableName=f"{prefix}{spec.base_name}")

    async def test_describe_reports_missing_tables(self, dynamo: Dynamo) -> None:
        """describe_tables names tables that do not exist as MISSING."""
        summaries = await describe_tables(dynamo.client, "absent_")
        assert {summary["status"] for summary in summaries} == {"MISSING"}
