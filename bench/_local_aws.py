"""The worker bench's AWS stand-ins and what their processes cost: DynamoDB Local (the real Amazon
emulator) for DynamoDB, moto's SQS in a keep-alive server process (`bench._moto_keepalive`), and
/proc readings (CPU seconds, RSS).

Endpoints reach botocore through `AWS_ENDPOINT_URL_DYNAMODB` / `AWS_ENDPOINT_URL_SQS`, so the
bench's own clients and the worker processes it starts resolve them the same way.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench._moto_keepalive import KeepAliveMoto
from orchestrator.devtools.localaws import LOCAL_CREDENTIALS, DynamoDBLocal, default_cache_dir

REGION = "sa-east-1"


@dataclass(frozen=True)
class LocalAws:
    """Where the stand-ins listen, their pids, and the environment that points botocore at them."""

    dynamodb_endpoint: str
    sqs_endpoint: str
    dynamodb_pid: int
    sqs_pid: int

    def environment(self) -> dict[str, str]:
        return {
            "AWS_ENDPOINT_URL_DYNAMODB": self.dynamodb_endpoint,
            "AWS_ENDPOINT_URL_SQS": self.sqs_endpoint,
            "AWS_ACCESS_KEY_ID": LOCAL_CREDENTIALS["aws_access_key_id"],
            "AWS_SECRET_ACCESS_KEY": LOCAL_CREDENTIALS["aws_secret_access_key"],
            "AWS_REGION": REGION,
            "AWS_DEFAULT_REGION": REGION,
        }


@contextmanager
def local_aws() -> Iterator[LocalAws]:
    """Start both stand-ins, point this process's botocore at them, stop them on exit."""
    dynamodb = DynamoDBLocal(cache_dir=default_cache_dir()).start()
    try:
        moto = KeepAliveMoto().start()
    except BaseException:
        dynamodb.stop()
        raise
    aws = LocalAws(
        dynamodb_endpoint=dynamodb.endpoint,
        sqs_endpoint=moto.endpoint,
        dynamodb_pid=_child_pid_running("DynamoDBLocal.jar"),
        sqs_pid=moto.pid,
    )
    saved = {name: os.environ.get(name) for name in [*aws.environment(), "AWS_ENDPOINT_URL"]}
    os.environ.pop("AWS_ENDPOINT_URL", None)  # it would win over nothing, but keep botocore's resolution plain
    os.environ.update(aws.environment())
    try:
        yield aws
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        moto.stop()
        dynamodb.stop()


def _child_pid_running(marker: str) -> int:
    """The pid of this process's child whose command line contains `marker`."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if parent == os.getpid() and marker in command:
            return int(entry.name)
    raise RuntimeError(f"no child process running {marker}")


def process_tree(pid: int) -> list[int]:
    """`pid` and its descendants (a server's worker processes)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
            children.setdefault(parent, []).append(int(entry.name))
    tree, index = [pid], 0
    while index < len(tree):
        tree.extend(children.get(tree[index], []))
        index += 1
    return tree


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds used so far by one process (its threads included)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    """Resident set size (VmRSS) of one process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for pid {pid}")
