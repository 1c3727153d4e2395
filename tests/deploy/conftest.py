"""The CDK stack synthesized once per test process (≈15 s) into a temporary directory.

Needs the `deploy` extra (aws-cdk-lib, cfn-lint) and Node (CDK's jsii runtime); without either
the tests that need a template are skipped, saying which is missing. `make install` installs
the extra, and CI has Node, so CI runs them.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Context that differs from every default, so the tests see context reach the template.
CONTEXT: dict[str, Any] = {
    "workerMinTasks": 3,
    "workerMaxTasks": 7,
    "backlogPerTask": 40,
    "visibilityTimeoutSeconds": 45,
    "maxReceiveCount": 4,
    "environment": {"OPENAI_MODEL": "gpt-4o-mini", "OTEL_TRACES_EXPORTER": "otlp"},
}


def _missing_tooling() -> str | None:
    if importlib.util.find_spec("aws_cdk") is None or importlib.util.find_spec("cfnlint") is None:
        return "the deploy extra is not installed (pip install -e '.[deploy]')"
    if shutil.which("node") is None:
        return "Node is not installed: CDK's jsii runtime needs it to synthesize"
    return None


@pytest.fixture(scope="session")
def template_path(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    reason = _missing_tooling()
    if reason:
        pytest.skip(reason)
    from deploy.app import build_app
    from deploy.stack import STACK_NAME

    outdir = tmp_path_factory.mktemp("cdk.out")
    build_app(CONTEXT, outdir=outdir).synth()
    yield outdir / f"{STACK_NAME}.template.json"


@pytest.fixture(scope="session")
def template(template_path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(template_path.read_text())
    return loaded


def resources_of(template: dict[str, Any], kind: str) -> dict[str, dict[str, Any]]:
    """Logical id -> properties of every resource of one CloudFormation type."""
    return {
        logical_id: resource.get("Properties", {})
        for logical_id, resource in template["Resources"].items()
        if resource["Type"] == kind
    }
