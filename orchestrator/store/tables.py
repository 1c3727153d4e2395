"""The five tables as plain data: keys, the PendingActions status GSI, TTL, on-demand billing.

The one definition both `orchestrator init` (`store/schema.py`) and the CDK app (`deploy/`) build
from. Every shape below is both DynamoDB's API shape and CloudFormation's (`AWS::DynamoDB::Table`
uses the same names), so neither side translates.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from orchestrator.store.actions import STATUS_INDEX
from orchestrator.store.base import (
    CONVERSATION_TABLE,
    IDEMPOTENCY_TABLE,
    LOCKS_TABLE,
    PENDING_ACTIONS_TABLE,
    SESSIONS_TABLE,
    TTL_ATTRIBUTE,
)

if TYPE_CHECKING:
    from types_aiobotocore_dynamodb.literals import BillingModeType, ScalarAttributeTypeType
    from types_aiobotocore_dynamodb.type_defs import (
        AttributeDefinitionTypeDef,
        GlobalSecondaryIndexTypeDef,
        KeySchemaElementTypeDef,
        TimeToLiveSpecificationTypeDef,
    )

BILLING_MODE: BillingModeType = "PAY_PER_REQUEST"


@dataclass(frozen=True)
class Index:
    """A global secondary index projecting every attribute; both keys are strings."""

    name: str
    hash_key: str
    range_key: str

    def definition(self) -> GlobalSecondaryIndexTypeDef:
        return {
            "IndexName": self.name,
            "KeySchema": [
                {"AttributeName": self.hash_key, "KeyType": "HASH"},
                {"AttributeName": self.range_key, "KeyType": "RANGE"},
            ],
            "Projection": {"ProjectionType": "ALL"},
        }


@dataclass(frozen=True)
class TableSpec:
    """One table's contract: key attributes (all strings but the numeric sort keys) and GSIs."""

    base_name: str
    hash_key: str
    range_key: tuple[str, ScalarAttributeTypeType] | None = None  # (name, attribute type)
    indexes: tuple[Index, ...] = ()
    ttl_attribute: str = TTL_ATTRIBUTE
    billing_mode: BillingModeType = BILLING_MODE

    def physical_name(self, table_prefix: str) -> str:
        return f"{table_prefix}{self.base_name}"

    def attribute_definitions(self) -> list[AttributeDefinitionTypeDef]:
        types: dict[str, ScalarAttributeTypeType] = {self.hash_key: "S"}
        if self.range_key:
            types[self.range_key[0]] = self.range_key[1]
        for index in self.indexes:
            types.setdefault(index.hash_key, "S")
            types.setdefault(index.range_key, "S")
        return [{"AttributeName": name, "AttributeType": kind} for name, kind in types.items()]

    def key_schema(self) -> list[KeySchemaElementTypeDef]:
        schema: list[KeySchemaElementTypeDef] = [{"AttributeName": self.hash_key, "KeyType": "HASH"}]
        if self.range_key:
            schema.append({"AttributeName": self.range_key[0], "KeyType": "RANGE"})
        return schema

    def index_definitions(self) -> list[GlobalSecondaryIndexTypeDef]:
        return [index.definition() for index in self.indexes]

    def ttl_specification(self) -> TimeToLiveSpecificationTypeDef:
        return {"AttributeName": self.ttl_attribute, "Enabled": True}


TABLES: tuple[TableSpec, ...] = (
    TableSpec(SESSIONS_TABLE, "sessionId"),
    TableSpec(
        PENDING_ACTIONS_TABLE,
        "sessionId",
        ("actionId", "S"),
        # Sort key `createdAt` is a fixed-width ISO UTC string, so the index lists oldest first.
        indexes=(Index(STATUS_INDEX, "status", "createdAt"),),
    ),
    TableSpec(CONVERSATION_TABLE, "sessionId", ("createdAtEpoch", "N")),
    TableSpec(LOCKS_TABLE, "resource"),
    TableSpec(IDEMPOTENCY_TABLE, "idempotencyKey"),
)
