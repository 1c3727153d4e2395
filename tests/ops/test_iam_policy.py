"""docs/iam-policy.json: least privilege that still covers every DynamoDB and SQS call in the code.

The calls are found by reading the source: a method called on a receiver named like a client
(`sqs`, `dynamodb`, `client`, with or without `self.` and `_`) whose name is an operation of
botocore's own service model. Each operation maps to the IAM actions that authorize it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import botocore.session
import pytest
from botocore import xform_name

from orchestrator.settings import Settings
from orchestrator.store.actions import STATUS_INDEX
from orchestrator.store.base import (
    CONVERSATION_TABLE,
    IDEMPOTENCY_TABLE,
    LOCKS_TABLE,
    PENDING_ACTIONS_TABLE,
    SESSIONS_TABLE,
)

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("orchestrator", "ingress", "worker")
TABLES = (SESSIONS_TABLE, PENDING_ACTIONS_TABLE, CONVERSATION_TABLE, LOCKS_TABLE, IDEMPOTENCY_TABLE)
SERVICES = {"sqs": "sqs", "dynamodb": "dynamodb"}  # botocore service name -> IAM prefix

# Operations authorized by other actions than their own name (AWS service authorization reference).
AUTHORIZED_BY: dict[str, frozenset[str]] = {
    "sqs:DeleteMessageBatch": frozenset({"sqs:DeleteMessage"}),
    "sqs:ChangeMessageVisibilityBatch": frozenset({"sqs:ChangeMessageVisibility"}),
    "sqs:SendMessageBatch": frozenset({"sqs:SendMessage"}),
    # A transaction is authorized item by item.
    "dynamodb:TransactWriteItems": frozenset(
        {"dynamodb:ConditionCheckItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"}
    ),
    "dynamodb:TransactGetItems": frozenset({"dynamodb:GetItem"}),
}

_CLIENT_CALL = re.compile(r"\b(?:self\.)?_?(?:sqs|dynamodb|client)\.([a-z][a-z0-9_]*)\(")
_PAGINATOR = re.compile(r"get_paginator\(\s*[\"']([a-z_]+)[\"']")


def operations_by_method() -> dict[str, str]:
    """`send_message` -> `sqs:SendMessage`, for every operation of both services."""
    session = botocore.session.get_session()
    found: dict[str, str] = {}
    for service, prefix in SERVICES.items():
        for operation in session.get_service_model(service).operation_names:
            found[xform_name(operation)] = f"{prefix}:{operation}"
    return found


def called_operations() -> dict[str, set[str]]:
    """IAM-style operation name -> the files that call it."""
    known = operations_by_method()
    calls: dict[str, set[str]] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            source = path.read_text()
            for method in _CLIENT_CALL.findall(source) + _PAGINATOR.findall(source):
                if method in known:
                    calls.setdefault(known[method], set()).add(str(path.relative_to(ROOT)))
    return calls


def required_actions() -> set[str]:
    return {action for operation in called_operations() for action in AUTHORIZED_BY.get(operation, {operation})}


@pytest.fixture(scope="module")
def policy() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((ROOT / "docs" / "iam-policy.json").read_text())
    return loaded


def granted(policy: dict[str, Any]) -> set[str]:
    return {action for statement in policy["Statement"] for action in statement["Action"]}


class TestPolicyShape:
    def test_allow_statements_with_explicit_actions_and_resources(self, policy: dict[str, Any]) -> None:
        """Every statement allows named actions on named resources: no wildcards anywhere."""
        assert policy["Version"] == "2012-10-17"
        sids = [statement["Sid"] for statement in policy["Statement"]]
        assert len(sids) == len(set(sids))
        for statement in policy["Statement"]:
            assert statement["Effect"] == "Allow"
            assert all("*" not in action for action in statement["Action"]), statement["Sid"]
            assert all("*" not in resource for resource in statement["Resource"]), statement["Sid"]

    def test_statements_belong_to_one_process(self, policy: dict[str, Any]) -> None:
        """Sids start with the process they are for, so the policy splits into one role each."""
        for statement in policy["Statement"]:
            assert statement["Sid"].startswith(("Ingress", "Worker", "Ops")), statement["Sid"]

    def test_resources_are_the_contract_tables_index_and_queues(self, policy: dict[str, Any]) -> None:
        """Exactly the five tables, the PendingActions status index and both FIFO queues."""
        settings = Settings(_env_file=None)
        resources = {resource for statement in policy["Statement"] for resource in statement["Resource"]}
        names = {resource.split(":", 5)[5] for resource in resources}
        assert names == {
            *(f"table/{table}" for table in TABLES),
            f"table/{PENDING_ACTIONS_TABLE}/index/{STATUS_INDEX}",
            settings.inbound_queue_name,
            settings.dlq_name,
        }

    def test_only_the_ingress_and_ops_touch_the_dead_letter_queue(self, policy: dict[str, Any]) -> None:
        """The worker never reads or deletes dead letters: the redrive policy moves them."""
        for statement in policy["Statement"]:
            if statement["Sid"].startswith("Worker"):
                assert not any(resource.endswith("-dlq.fifo") for resource in statement["Resource"])


class TestCoverage:
    def test_the_scan_finds_the_code_calls(self) -> None:
        """The source scan sees the core calls (guards against a scan that finds nothing)."""
        calls = called_operations()
        assert {"sqs:SendMessage", "sqs:ReceiveMessage", "dynamodb:TransactWriteItems"} <= set(calls)

    def test_every_called_operation_is_granted(self, policy: dict[str, Any]) -> None:
        """Each DynamoDB and SQS call in the code is authorized by some statement."""
        missing = required_actions() - granted(policy)
        assert not missing, f"calls without a grant: {sorted(missing)} (from {called_operations()})"

    def test_every_granted_action_is_used(self, policy: dict[str, Any]) -> None:
        """Least privilege: the policy grants nothing the code does not call."""
        unused = granted(policy) - required_actions()
        assert not unused, f"granted but never called: {sorted(unused)}"
