"""IAM for the tasks and the operators, read from docs/iam-policy.json (least privilege, no `*`).

The documented policy names the default resources (account 111122223333, no table prefix, the
default queue names); each of its statements is re-issued here with the same Sid and actions on
this stack's own table, index and queue ARNs. Statements go by their Sid's prefix: `Ingress*` to
the ingress task role, `Worker*` to the worker task role, `Ops*` to a managed policy for operators.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Any

from aws_cdk import aws_iam as iam

from deploy.data import DataResources
from orchestrator.settings import Settings

POLICY_PATH = Path(__file__).resolve().parents[1] / "docs" / "iam-policy.json"


class Grantee(StrEnum):
    """Who a documented statement is for: its Sid starts with this."""

    INGRESS = "Ingress"
    WORKER = "Worker"
    OPS = "Ops"


def documented_policy() -> dict[str, Any]:
    policy: dict[str, Any] = json.loads(POLICY_PATH.read_text())
    return policy


def _stack_arn(documented_arn: str, data: DataResources) -> str:
    """This stack's ARN (a CloudFormation token) for a resource the documented policy names."""
    defaults = Settings.model_construct()  # field defaults, not the environment: the doc names the defaults
    resource = documented_arn.split(":", 5)[5]
    queues = {defaults.inbound_queue_name: data.inbound, defaults.dlq_name: data.dead_letters}
    if resource in queues:
        return str(queues[resource].attr_arn)
    kind, _, path = resource.partition("/")
    table_name, _, index = path.partition("/index/")
    if kind != "table" or table_name not in data.tables:
        raise ValueError(f"{POLICY_PATH.name} names a resource this stack does not create: {documented_arn}")
    table_arn = str(data.tables[table_name].attr_arn)
    return f"{table_arn}/index/{index}" if index else table_arn


def statements_for(grantee: Grantee, data: DataResources) -> list[iam.PolicyStatement]:
    """The documented statements of one grantee, on this stack's resources."""
    statements = []
    for documented in documented_policy()["Statement"]:
        if not documented["Sid"].startswith(grantee.value):
            continue
        if documented["Effect"] != "Allow" or any("*" in action for action in documented["Action"]):
            raise ValueError(f"{POLICY_PATH.name}: {documented['Sid']} must allow named actions only")
        statements.append(
            iam.PolicyStatement(
                sid=documented["Sid"],
                actions=list(documented["Action"]),
                resources=[_stack_arn(arn, data) for arn in documented["Resource"]],
            )
        )
    return statements
