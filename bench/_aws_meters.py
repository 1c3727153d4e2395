"""Meters of the worker bench: botocore event hooks counting AWS calls, and the capacity units
DynamoDB reports consuming, per message; and the assumed on-demand prices that turn them into
USD per million messages.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from bench.store import CallMeter
from orchestrator.integrations.aws import AwsClients

# Assumed list prices (USD). Region and date are stated in the results; re-price for yours.
PRICES: dict[str, Any] = {
    "region": "us-east-1",
    "as_of": "list prices after the November 2024 DynamoDB on-demand reduction; sa-east-1 (the "
    "default AWS_REGION) lists higher prices: re-price from the AWS price list for your region",
    "dynamodb_per_million_write_request_units": 0.625,
    "dynamodb_per_million_read_request_units": 0.125,
    "sqs_fifo_per_million_requests": 0.50,
    "notes": [
        "one write request unit per 1 KB of item written; transactional writes cost 2 per KB",
        "an UpdateItem is charged on the larger of the item before and after the update",
        "one read request unit per 4 KB for a strongly consistent read",
        "an SQS request is one API call (batches of up to 10 included) per 64 KB of payload; "
        "empty long polls are billed too (left out of the per-message cost: they follow idle time)",
        "storage, data transfer and the free tiers are left out",
    ],
}


@dataclass
class SqsMeter:
    """botocore hooks on the SQS client: calls by operation, and receives that returned nothing."""

    operations: Counter[str] = field(default_factory=Counter)
    empty_receives: int = 0

    def count_call(self, model: Any, **_: Any) -> None:
        if model.name != "GetQueueUrl":  # once per client start-up, not per message
            self.operations[model.name] += 1

    def check_receive(self, parsed: dict[str, Any], **_: Any) -> None:
        if not parsed.get("Messages"):
            self.empty_receives += 1

    def attach(self, client: Any) -> None:
        client.meta.events.register("before-call.sqs.*", self.count_call)
        client.meta.events.register("after-call.sqs.ReceiveMessage", self.check_receive)

    def take(self) -> dict[str, Any]:
        taken = {"operations": dict(self.operations), "empty_receives": self.empty_receives}
        self.operations.clear()
        self.empty_receives = 0
        return taken


@dataclass
class UnitsMeter(CallMeter):
    """The store bench's meter, also telling which operation consumed the units."""

    units_by_operation: Counter[str] = field(default_factory=Counter)

    def read_capacity(self, parsed: dict[str, Any], model: Any, **kwargs: Any) -> None:
        before = sum(self.capacity.values())
        super().read_capacity(parsed, model, **kwargs)
        self.units_by_operation[model.name] += sum(self.capacity.values()) - before

    def take(self) -> dict[str, Any]:
        taken = {**super().take(), "units_by_operation": dict(self.units_by_operation)}
        self.units_by_operation.clear()
        return taken


@dataclass
class Meters:
    """Both meters of one side (ingress or worker)."""

    dynamodb: UnitsMeter = field(default_factory=UnitsMeter)
    sqs: SqsMeter = field(default_factory=SqsMeter)

    def attach(self, aws: AwsClients) -> None:
        self.dynamodb.attach(aws.dynamodb)
        self.sqs.attach(aws.sqs)

    def per_message(self, messages: int) -> dict[str, Any]:
        """What was measured since the last call, divided by `messages`; then reset."""
        dynamodb, sqs = self.dynamodb.take(), self.sqs.take()
        sqs_calls = sum(sqs["operations"].values())
        return {
            "dynamodb_calls": round(dynamodb["calls"] / messages, 3),
            "dynamodb_by_operation": _per(Counter(dynamodb["operations"]), messages),
            "write_units": round(dynamodb.get("write_units", 0) / messages, 3),
            "read_units": round(dynamodb.get("read_units", 0) / messages, 3),
            "units_by_operation": _per(Counter(dynamodb["units_by_operation"]), messages),
            "sqs_calls": round(sqs_calls / messages, 3),
            "sqs_by_operation": _per(Counter(sqs["operations"]), messages),
            "sqs_empty_receives": round(sqs["empty_receives"] / messages, 3),
        }


def _per(counts: Counter[str], messages: int) -> dict[str, float]:
    return {name: round(count / messages, 3) for name, count in sorted(counts.items())}


def cost_per_million(ingress: dict[str, Any], worker: dict[str, Any]) -> dict[str, float]:
    """USD per million messages: request units and SQS requests per message, at PRICES.

    Empty receives are left out: here they are the bench's idle 1 s polls between rounds; a busy
    worker rarely makes one, an idle one makes 3 a minute (20 s long polls), whatever the traffic.
    """
    write = ingress["write_units"] + worker["write_units"]
    read = ingress["read_units"] + worker["read_units"]
    sqs = ingress["sqs_calls"] + worker["sqs_calls"] - worker["sqs_empty_receives"]
    dynamodb_usd = (
        write * PRICES["dynamodb_per_million_write_request_units"]
        + read * PRICES["dynamodb_per_million_read_request_units"]
    )
    sqs_usd = sqs * PRICES["sqs_fifo_per_million_requests"]
    return {
        "dynamodb_usd": round(dynamodb_usd, 3),
        "sqs_usd": round(sqs_usd, 3),
        "total_usd": round(dynamodb_usd + sqs_usd, 3),
    }
