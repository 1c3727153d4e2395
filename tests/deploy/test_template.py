"""The synthesized template: cfn-lint clean, and every item of SPEC §13 present.

Ingress on Fargate behind an ALB probing `/readyz`; workers on Fargate scaled on backlog per task
between the context's min and max, with a stop timeout that outlasts their drain; the four alarms;
IAM no wider than docs/iam-policy.json and without `*` actions; secrets from Secrets Manager.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from deploy.config import SECRET_KEYS
from deploy.permissions import documented_policy
from orchestrator.settings import Settings
from tests.deploy.conftest import CONTEXT, resources_of
from worker.app import drain_deadline_seconds

# Whichever test runs first pays for the session's CDK synthesis in its setup (jsii + node: over a
# minute on a loaded machine), and pytest-timeout counts setup: a bound, not a wait.
pytestmark = [pytest.mark.xdist_group("cdk_synth"), pytest.mark.timeout(300)]


def _containers(template: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        container["Name"]: container
        for task in resources_of(template, "AWS::ECS::TaskDefinition").values()
        for container in task["ContainerDefinitions"]
    }


class TestLint:
    def test_cfn_lint_passes(self, template_path: Path) -> None:
        """cfn-lint reports nothing (errors, warnings or informational) on the template."""
        cfn_lint = Path(sys.executable).with_name("cfn-lint")
        result = subprocess.run([str(cfn_lint), str(template_path)], capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stdout + result.stderr


class TestIngress:
    def test_fargate_behind_a_load_balancer_probing_readyz(self, template: dict[str, Any]) -> None:
        """The ALB sends to the ingress container's port and probes GET /readyz; both services run on Fargate."""
        (group,) = resources_of(template, "AWS::ElasticLoadBalancingV2::TargetGroup").values()
        assert (group["HealthCheckPath"], group["TargetType"]) == ("/readyz", "ip")
        assert len(resources_of(template, "AWS::ElasticLoadBalancingV2::LoadBalancer")) == 1
        services = resources_of(template, "AWS::ECS::Service").values()
        assert all(service["LaunchType"] == "FARGATE" for service in services)
        (balanced,) = [service["LoadBalancers"][0] for service in services if "LoadBalancers" in service]
        assert (balanced["ContainerName"], balanced["ContainerPort"]) == ("ingress", 8000)
        assert _containers(template)["ingress"]["Command"][:2] == ["orchestrator", "ingress"]

    def test_metrics_are_not_served_to_the_internet(self, template: dict[str, Any]) -> None:
        """A listener rule answers 404 for /metrics in front of the tasks."""
        (rule,) = resources_of(template, "AWS::ElasticLoadBalancingV2::ListenerRule").values()
        assert rule["Conditions"][0]["PathPatternConfig"]["Values"] == ["/metrics"]
        assert rule["Actions"][0]["FixedResponseConfig"]["StatusCode"] == "404"


class TestWorkers:
    def test_scaled_on_backlog_per_task_between_context_min_and_max(self, template: dict[str, Any]) -> None:
        """Target tracking on visible inbound messages ÷ running worker tasks; min/max/target from context."""
        policies = resources_of(template, "AWS::ApplicationAutoScaling::ScalingPolicy")
        (backlog,) = [p for p in policies.values() if "CustomizedMetricSpecification" in str(p)]
        config = backlog["TargetTrackingScalingPolicyConfiguration"]
        assert config["TargetValue"] == CONTEXT["backlogPerTask"]
        queries = {query["Id"]: query for query in config["CustomizedMetricSpecification"]["Metrics"]}
        assert queries["backlog_per_task"]["Expression"] == "visible / tasks"
        assert queries["backlog_per_task"]["ReturnData"] is True
        visible = queries["visible"]["MetricStat"]["Metric"]
        assert visible["MetricName"] == "ApproximateNumberOfMessagesVisible"
        assert visible["Dimensions"] == [{"Name": "QueueName", "Value": Settings.model_construct().inbound_queue_name}]
        assert queries["tasks"]["MetricStat"]["Metric"]["MetricName"] == "RunningTaskCount"
        targets = resources_of(template, "AWS::ApplicationAutoScaling::ScalableTarget")
        target = targets[backlog["ScalingTargetId"]["Ref"]]
        assert (target["MinCapacity"], target["MaxCapacity"]) == (CONTEXT["workerMinTasks"], CONTEXT["workerMaxTasks"])

    def test_stop_timeout_outlasts_the_drain_deadline(self, template: dict[str, Any]) -> None:
        """ECS waits longer after SIGTERM than the worker lets its in-flight turns run."""
        worker = _containers(template)["worker"]
        assert worker["StopTimeout"] > drain_deadline_seconds(CONTEXT["visibilityTimeoutSeconds"])
        assert worker["StopTimeout"] <= 120  # Fargate's ceiling

    def test_health_check_is_the_workers_readyz(self, template: dict[str, Any]) -> None:
        """The container health check asks the worker's own /readyz on its metrics port."""
        worker = _containers(template)["worker"]
        assert "--metrics-port" in worker["Command"]
        port = worker["Command"][worker["Command"].index("--metrics-port") + 1]
        assert f"127.0.0.1:{port}/readyz" in " ".join(worker["HealthCheck"]["Command"])


class TestAlarms:
    def _alarms(self, template: dict[str, Any]) -> dict[str, dict[str, Any]]:
        return resources_of(template, "AWS::CloudWatch::Alarm")

    def test_four_alarms_notify_the_topic(self, template: dict[str, Any]) -> None:
        """DLQ not empty, oldest message age, ingress 5xx rate, worker errors; each notifies the SNS topic."""
        alarms = self._alarms(template)
        (topic_id,) = resources_of(template, "AWS::SNS::Topic")
        assert len(alarms) == 4
        for alarm in alarms.values():
            assert alarm["AlarmActions"] == [{"Ref": topic_id}]

    def test_queue_alarms_watch_the_right_queues(self, template: dict[str, Any]) -> None:
        """The DLQ alarm fires on one visible dead letter; the age alarm watches the inbound queue."""
        defaults = Settings.model_construct()
        by_metric = {alarm.get("MetricName"): alarm for alarm in self._alarms(template).values()}
        dlq = by_metric["ApproximateNumberOfMessagesVisible"]
        assert dlq["Dimensions"] == [{"Name": "QueueName", "Value": defaults.dlq_name}]
        assert (dlq["Threshold"], dlq["ComparisonOperator"]) == (1, "GreaterThanOrEqualToThreshold")
        age = by_metric["ApproximateAgeOfOldestMessage"]
        assert age["Dimensions"] == [{"Name": "QueueName", "Value": defaults.inbound_queue_name}]

    def test_ingress_5xx_rate_is_a_ratio_of_requests(self, template: dict[str, Any]) -> None:
        """The 5xx alarm divides the ALB's 5xx counts (targets' and its own) by its request count."""
        (rate,) = [alarm for alarm in self._alarms(template).values() if "Metrics" in alarm]
        expression = next(m["Expression"] for m in rate["Metrics"] if "Expression" in m)
        names = {m["MetricStat"]["Metric"]["MetricName"] for m in rate["Metrics"] if "MetricStat" in m}
        assert names == {"RequestCount", "HTTPCode_Target_5XX_Count", "HTTPCode_ELB_5XX_Count"}
        assert "/ requests" in expression

    def test_worker_errors_count_error_lines_of_the_worker_logs(self, template: dict[str, Any]) -> None:
        """A metric filter on the worker log group counts JSON lines with level=error; the alarm reads it."""
        (metric_filter,) = resources_of(template, "AWS::Logs::MetricFilter").values()
        assert metric_filter["FilterPattern"] == '{ $.level = "error" }'
        (transformation,) = metric_filter["MetricTransformations"]
        errors = next(a for a in self._alarms(template).values() if a.get("MetricName") == transformation["MetricName"])
        assert errors["Namespace"] == transformation["MetricNamespace"]
        worker_logs = _containers(template)["worker"]["LogConfiguration"]["Options"]["awslogs-group"]
        assert metric_filter["LogGroupName"] == worker_logs


def _resource_names(template: dict[str, Any]) -> dict[str, str]:
    """Logical id -> physical name of the tables and queues (what the documented ARNs end with)."""
    names = {lid: f"table/{p['TableName']}" for lid, p in resources_of(template, "AWS::DynamoDB::Table").items()}
    names.update({lid: p["QueueName"] for lid, p in resources_of(template, "AWS::SQS::Queue").items()})
    return names


def _template_resource(resource: Any, names: dict[str, str]) -> str:
    """`{"Fn::GetAtt": [id, "Arn"]}`, or a join of it with `/index/...`, as the documented ARN's tail."""
    if isinstance(resource, dict) and "Fn::GetAtt" in resource:
        return names[resource["Fn::GetAtt"][0]] if resource["Fn::GetAtt"][0] in names else str(resource)
    if isinstance(resource, dict) and "Fn::Join" in resource:
        return "".join(_template_resource(part, names) for part in resource["Fn::Join"][1])
    return str(resource)


def _grants(statement: dict[str, Any], tail: Any) -> set[tuple[str, str]]:
    actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
    resources = statement["Resource"] if isinstance(statement["Resource"], list) else [statement["Resource"]]
    return {(action, tail(resource)) for action in actions for resource in resources}


class TestIam:
    def _policies(self, template: dict[str, Any]) -> list[dict[str, Any]]:
        kinds = ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy")
        return [p for kind in kinds for p in resources_of(template, kind).values()]

    def test_no_statement_allows_a_wildcard_action(self, template: dict[str, Any]) -> None:
        """No `*` in any action of any policy in the template (execution roles included), and no NotAction."""
        for policy in self._policies(template):
            for statement in policy["PolicyDocument"]["Statement"]:
                actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
                assert all("*" not in action for action in actions), statement
                assert "NotAction" not in statement

    def test_task_and_operator_policies_are_within_the_documented_policy(self, template: dict[str, Any]) -> None:
        """Every (action, resource) the template grants under a documented Sid is granted by that Sid in
        docs/iam-policy.json, and every documented statement is deployed to its grantee."""
        names = _resource_names(template)
        documented = {s["Sid"]: _grants(s, lambda arn: arn.split(":", 5)[5]) for s in documented_policy()["Statement"]}
        deployed: dict[str, set[tuple[str, str]]] = {}
        for policy in self._policies(template):
            for statement in policy["PolicyDocument"]["Statement"]:
                if "Sid" in statement:
                    deployed[statement["Sid"]] = _grants(statement, lambda r: _template_resource(r, names))
        assert set(deployed) == set(documented)
        for sid, grants in deployed.items():
            assert grants <= documented[sid], (sid, grants - documented[sid])

    def test_each_task_role_gets_only_its_own_statements(self, template: dict[str, Any]) -> None:
        """The ingress task role holds Ingress* statements only, the worker's Worker* only."""
        roles = {lid: p for lid, p in resources_of(template, "AWS::IAM::Role").items() if "TaskRole" in lid}
        for policy in resources_of(template, "AWS::IAM::Policy").values():
            (role,) = policy["Roles"]
            if role["Ref"] in roles:
                prefix = "Ingress" if role["Ref"].startswith("Ingress") else "Worker"
                sids = [s["Sid"] for s in policy["PolicyDocument"]["Statement"]]
                assert sids and all(sid.startswith(prefix) for sid in sids), sids


class TestSecrets:
    def test_tokens_and_keys_come_from_secrets_manager(self, template: dict[str, Any]) -> None:
        """Every secret reaches the containers as an ECS secret from Secrets Manager, never as plain text."""
        containers = _containers(template)
        injected = {s["Name"] for c in containers.values() for s in c.get("Secrets", [])}
        assert injected == set(SECRET_KEYS)
        for container in containers.values():
            plain = {variable["Name"] for variable in container["Environment"]}
            assert not plain & set(SECRET_KEYS)
            for secret in container.get("Secrets", []):
                value_from = str(secret["ValueFrom"])
                assert ":secretsmanager:" in value_from
                assert ":secret:orchestrator/production" in value_from
                assert f":{secret['Name']}::" in value_from  # the JSON key of that name
        assert {s["Name"] for s in containers["worker"]["Secrets"]} >= {"OPENAI_API_KEY", "WHATSAPP_ACCESS_TOKEN"}
        assert {s["Name"] for s in containers["ingress"]["Secrets"]} >= {"WHATSAPP_APP_SECRET", "INGEST_TOKEN"}
        assert "OPENAI_API_KEY" not in {s["Name"] for s in containers["ingress"]["Secrets"]}

    def test_context_environment_reaches_both_processes(self, template: dict[str, Any]) -> None:
        """Plain settings from the `environment` context key, plus production mode, reach both containers."""
        for container in _containers(template).values():
            plain = {variable["Name"]: variable["Value"] for variable in container["Environment"]}
            assert plain["ORCH_ENV"] == "production"
            assert plain["VISIBILITY_TIMEOUT_SECONDS"] == str(CONTEXT["visibilityTimeoutSeconds"])
            for name, value in CONTEXT["environment"].items():
                assert plain[name] == value
