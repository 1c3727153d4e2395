"""`make synth` (`python -m deploy.app -c key=value`) refusing bad context as an operator reads it:
one line per problem, naming the context key as it is typed in `-c` or `deploy/cdk.json`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.deploy.conftest import _missing_tooling

ROOT = Path(__file__).resolve().parents[2]


def _synth(*context: str, outdir: Path) -> subprocess.CompletedProcess[str]:
    reason = _missing_tooling()
    if reason:
        pytest.skip(reason)
    arguments = [part for pair in context for part in ("-c", pair)]
    return subprocess.run(
        [sys.executable, "-m", "deploy.app", *arguments],
        cwd=ROOT,
        env=os.environ | {"CDK_OUTDIR": str(outdir)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _our_lines(stderr: str) -> list[str]:
    """What deploy.app printed (Node's own end-of-life banner, on old Node versions, aside)."""
    return [line for line in stderr.splitlines() if not line.startswith("b'")]


@pytest.mark.parametrize(
    ("context", "says"),
    [
        (("workerMaxTask=3",), ("workerMaxTask", "workerMaxTasks")),  # a typo, and the key meant
        (("inboundQueueName=not-fifo",), ("inboundQueueName", ".fifo")),
        (("workerMinTasks=4", "workerMaxTasks=2"), ("workerMaxTasks must be at least workerMinTasks",)),
        # Passed validation, then CDK's own traceback ("There are no 'Private' subnet groups in this
        # VPC"): the services' subnets reach the backend, OpenAI and Meta through a NAT gateway.
        (("natGateways=0",), ("natGateways", "1")),
        # Synthesized with exit 0 (cfn-lint's warnings scrolling past), then refused by CloudFormation
        # minutes into the deploy, after the image was built and pushed.
        (("workerCpu=300",), ("workerCpu=300", "256, 512, 1024")),
        (("ingressCpu=256", "ingressMemoryMib=4096"), ("ingressMemoryMib=4096", "512, 1024, 2048")),
    ],
    ids=[
        "unknown key",
        "a setting the processes refuse",
        "inconsistent keys",
        "no NAT gateway",
        "a CPU size Fargate lacks",
        "memory the CPU size does not take",
    ],
)
def test_bad_context_is_one_line_naming_the_key(
    context: tuple[str, ...], says: tuple[str, ...], tmp_path: Path
) -> None:
    """It was pydantic's report: 'N validation error for DeployConfig', the snake_case field
    (`inbound_queue_name`), `[type=..., input_value=...]` and a link to errors.pydantic.dev, over four lines."""
    done = _synth(*context, outdir=tmp_path)
    assert done.returncode == 2
    (line,) = _our_lines(done.stderr)
    assert line.startswith("deploy: invalid context ")
    for words in says:
        assert words in line
    assert "pydantic" not in line and "input_value" not in line and "Value error" not in line
    assert "inbound_queue_name" not in line
