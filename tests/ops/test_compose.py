"""docker-compose.yml, Dockerfile and .dockerignore, checked for structure (no Docker engine here).

Services and their order of start, health checks, ports, environment names that the code actually
reads, and commands that the `orchestrator` parser accepts.
"""

from __future__ import annotations

import fnmatch
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from orchestrator.cli import build_parser
from orchestrator.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
OURS = ("init", "ingress", "worker")
# Services running our image: OURS plus the bundled demo backend (the LAMBDA_* defaults point at it).
OUR_IMAGE = (*OURS, "demo-backend")
# botocore's own environment variables that a deployment may set (credentials, region, endpoints).
BOTOCORE_VARIABLES = frozenset(
    {
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_REGION",
        "AWS_DEFAULT_REGION",
        "AWS_PROFILE",
        "AWS_ENDPOINT_URL",
        "AWS_ENDPOINT_URL_DYNAMODB",
        "AWS_ENDPOINT_URL_SQS",
    }
)


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    return loaded


@pytest.fixture(scope="module")
def services(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = compose["services"]
    return found


def host_port(mapping: str) -> str:
    """`127.0.0.1:8100:8000` -> `127.0.0.1:8100`; `8000:8000` -> `8000`."""
    return mapping.rsplit(":", 1)[0]


class TestServices:
    def test_the_services(self, services: dict[str, dict[str, Any]]) -> None:
        """DynamoDB Local, ElasticMQ, the one-shot init, the ingress, the workers and the demo backend."""
        assert set(services) == {"dynamodb", "elasticmq", *OUR_IMAGE}
        assert services["dynamodb"]["image"].startswith("amazon/dynamodb-local:")
        assert services["elasticmq"]["image"].startswith("softwaremill/elasticmq-native:")

    def test_our_services_share_one_image_built_here(self, services: dict[str, dict[str, Any]]) -> None:
        """init, ingress and worker run the image of this repository's Dockerfile."""
        assert {services[name]["build"] for name in OUR_IMAGE} == {"."}
        assert len({services[name]["image"] for name in OUR_IMAGE}) == 1

    def test_workers_are_replicated(self, services: dict[str, dict[str, Any]]) -> None:
        """Workers scale horizontally: more than one replica, and time to drain on stop."""
        assert services["worker"]["deploy"]["replicas"] >= 2
        assert "ports" not in services["worker"]  # replicas cannot share a host port
        assert "stop_grace_period" in services["worker"]

    def test_long_running_services_have_health_checks(self, services: dict[str, dict[str, Any]]) -> None:
        """Every service but the one-shot init has a health check command."""
        for name, service in services.items():
            if name == "init":
                assert "healthcheck" not in service
                assert service["restart"] == "no"
            else:
                assert service["healthcheck"]["test"][0] in {"CMD", "CMD-SHELL"}, name

    def test_start_order_follows_health(self, services: dict[str, dict[str, Any]]) -> None:
        """init waits for healthy AWS stand-ins; ingress and worker wait for init to succeed."""
        assert services["init"]["depends_on"] == {
            "dynamodb": {"condition": "service_healthy"},
            "elasticmq": {"condition": "service_healthy"},
        }
        assert services["ingress"]["depends_on"] == {"init": {"condition": "service_completed_successfully"}}
        # Workers also need the backend the LAMBDA_* defaults name.
        assert services["worker"]["depends_on"] == {
            "init": {"condition": "service_completed_successfully"},
            "demo-backend": {"condition": "service_healthy"},
        }

    def test_published_ports_are_distinct_and_the_ingress_is_on_8000(self, services: dict[str, dict[str, Any]]) -> None:
        """No two services claim one host port; the ingress serves 8000; every published port is loopback
        only (issue 13: the ingress was published on every interface, unlike the stand-ins)."""
        published = [host_port(port) for service in services.values() for port in service.get("ports", [])]
        assert len(published) == len(set(published))
        assert services["ingress"]["ports"] == ["127.0.0.1:8000:8000"]
        for name in ("dynamodb", "elasticmq", "ingress"):
            assert all(port.startswith("127.0.0.1:") for port in services[name]["ports"])

    def test_health_checks_probe_the_served_ports(self, services: dict[str, dict[str, Any]]) -> None:
        """Each health check targets the port its service listens on."""
        probes = {
            name: " ".join(service["healthcheck"]["test"]) for name, service in services.items() if name != "init"
        }
        assert "/8000" in probes["dynamodb"]
        assert "/9324" in probes["elasticmq"]
        assert ":8000/readyz" in probes["ingress"]
        worker_command = services["worker"]["command"]
        metrics_port = worker_command[worker_command.index("--metrics-port") + 1]
        # The worker's readiness on its metrics port (issue 13: /metrics answered even when the
        # worker could not reach its queue).
        assert f":{metrics_port}/readyz" in probes["worker"]


class TestEnvironment:
    def test_names_are_settings_fields_or_botocore_variables(self, services: dict[str, dict[str, Any]]) -> None:
        """Every variable our services get is read by Settings or by botocore: no dead names."""
        fields = {name.upper() for name in Settings.model_fields}
        for name in OURS:
            unknown = set(services[name]["environment"]) - fields - BOTOCORE_VARIABLES
            assert not unknown, f"{name}: {sorted(unknown)}"

    def test_endpoints_point_at_the_stand_ins(self, services: dict[str, dict[str, Any]]) -> None:
        """botocore's per-service endpoints name the compose services on their container ports."""
        for name in OURS:
            environment = services[name]["environment"]
            assert environment["AWS_ENDPOINT_URL_DYNAMODB"] == "http://dynamodb:8000"
            assert environment["AWS_ENDPOINT_URL_SQS"] == "http://elasticmq:9324"
            assert environment["AWS_REGION"]

    def test_defaults_are_valid_settings(self, services: dict[str, dict[str, Any]]) -> None:
        """The values (with `${NAME:-default}` resolved to the default) pass Settings validation."""
        fields = {name.upper() for name in Settings.model_fields}
        for name in OURS:
            values = {
                key.lower(): re.sub(r"\$\{\w+:-([^}]*)\}", r"\1", str(value))
                for key, value in services[name]["environment"].items()
                if key in fields
            }
            Settings(_env_file=None, **values)


class TestCommands:
    @pytest.mark.parametrize("name", OUR_IMAGE)
    def test_commands_are_orchestrator_subcommands(self, services: dict[str, dict[str, Any]], name: str) -> None:
        """Each command parses with the real `orchestrator` argument parser."""
        command = services[name]["command"]
        assert command[0] == "orchestrator"
        parsed = build_parser().parse_args(command[1:])
        assert parsed.command == name


class TestDockerfile:
    def test_slim_python_non_root(self) -> None:
        """Python 3.11 slim base and a numeric non-root user."""
        dockerfile = (ROOT / "Dockerfile").read_text()
        bases = re.findall(r"^FROM\s+(\S+)", dockerfile, flags=re.MULTILINE)
        assert bases and all(base == "python:3.11-slim" for base in bases)
        users = re.findall(r"^USER\s+(\S+)", dockerfile, flags=re.MULTILINE)
        assert users and users[-1].split(":")[0] not in {"root", "0"}

    def test_locked_dependencies_install_before_the_source_is_copied(self) -> None:
        """The lock is copied and the dependencies installed from it (no dev extra) before any source
        is copied, so a source-only change reuses the dependency layer (issue 13: `pip install .`
        after `COPY . .` resolved unpinned versions and reinstalled everything on every change)."""
        steps = [
            line.split(None, 1)
            for line in (ROOT / "Dockerfile").read_text().split("FROM python:3.11-slim")[1].splitlines()
            if line.startswith(("COPY", "RUN"))
        ]
        copies = [(index, arguments) for index, (verb, arguments) in enumerate(steps) if verb == "COPY"]
        installs = [index for index, (verb, arguments) in enumerate(steps) if "uv sync --locked" in arguments]
        assert copies[0][1].split() == ["pyproject.toml", "uv.lock", "./"]
        assert copies[0][0] < installs[0] < copies[1][0]
        assert "--no-install-project" in steps[installs[0]][1]
        assert all("--extra" not in steps[index][1] and "--all-extras" not in steps[index][1] for index in installs)
        assert all(" . " not in f" {arguments} " for _, arguments in copies), "no COPY of the whole context"

    def test_the_image_keeps_dependencies_and_project_in_separate_layers(self) -> None:
        """The final image copies the dependency virtualenv, then the project on its own, and runs the
        project from there: a source change replaces only the project layer."""
        runtime = (ROOT / "Dockerfile").read_text().split("FROM python:3.11-slim")[-1]
        copies = re.findall(r"^COPY --from=build (\S+) (\S+)$", runtime, flags=re.MULTILINE)
        assert copies == [("/opt/venv", "/opt/venv"), ("/opt/project", "/opt/project")]
        assert "PYTHONPATH=/opt/project" in runtime
        assert re.search(r"PATH=/opt/project/bin:/opt/venv/bin:", runtime)

    def test_the_image_pins_the_uv_of_the_lock(self) -> None:
        """The uv the image installs is the version uv.lock pins (one uv writes and reads the lock)."""
        lock = tomllib.loads((ROOT / "uv.lock").read_text())
        locked = next(package["version"] for package in lock["package"] if package["name"] == "uv")
        assert f"pip install uv=={locked}" in (ROOT / "Dockerfile").read_text()

    def test_health_check_probes_the_default_command(self) -> None:
        """A HEALTHCHECK asks the ingress (the image's CMD, port 8000) whether it is alive."""
        dockerfile = (ROOT / "Dockerfile").read_text()
        check = re.search(r"^HEALTHCHECK .*\\\n\s+CMD (\[.*\])$", dockerfile, flags=re.MULTILINE)
        assert check is not None
        assert "http://127.0.0.1:8000/healthz" in " ".join(yaml.safe_load(check.group(1)))

    def test_default_command_is_a_real_subcommand(self) -> None:
        """The image's CMD runs the ingress through the `orchestrator` parser."""
        cmd = re.search(r"^CMD\s+(\[.*\])$", (ROOT / "Dockerfile").read_text(), flags=re.MULTILINE)
        assert cmd is not None
        command = yaml.safe_load(cmd.group(1))
        assert command[0] == "orchestrator"
        assert build_parser().parse_args(command[1:]).command == "ingress"

    def test_build_context_keeps_what_pip_needs_and_drops_secrets(self) -> None:
        """.dockerignore excludes .env and the virtualenv but not the packages or pyproject's readme."""
        patterns = [
            line.strip()
            for line in (ROOT / ".dockerignore").read_text().splitlines()
            if line.strip() and not line.startswith("#")
        ]
        project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]

        def ignored(path: str) -> bool:
            return any(fnmatch.fnmatch(path, pattern) for pattern in patterns)

        assert ignored(".env") and ignored(".venv")
        for needed in ("pyproject.toml", "uv.lock", project["readme"], "orchestrator", "ingress", "worker"):
            assert not ignored(needed), needed
