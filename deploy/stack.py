"""`OrchestratorStack`: tables, queues, both Fargate services, scaling, alarms and IAM (SPEC §13)."""

from __future__ import annotations

from aws_cdk import CfnOutput, Stack
from aws_cdk import aws_iam as iam
from constructs import Construct

from deploy.alarms import alarms
from deploy.config import DeployConfig
from deploy.data import data_resources
from deploy.permissions import Grantee, statements_for
from deploy.services import ingress_service, runtime, scale_workers_on_backlog, worker_service
from orchestrator.provision import definitions

STACK_NAME = "OrchestratorStack"


class OrchestratorStack(Stack):
    """One deployment of the service. Tables and queues come from the definitions `init` uses."""

    def __init__(self, scope: Construct, construct_id: str, config: DeployConfig) -> None:
        super().__init__(scope, construct_id, description="WhatsApp orchestrator for home-care shifts")
        data = data_resources(self, definitions(config.settings()))
        shared = runtime(self, config)
        ingress = ingress_service(self, shared, config, statements_for(Grantee.INGRESS, data))
        workers = worker_service(self, shared, config, statements_for(Grantee.WORKER, data))
        scale_workers_on_backlog(self, shared, workers, config)
        topic = alarms(
            self,
            config,
            inbound=data.inbound,
            dead_letters=data.dead_letters,
            load_balancer=ingress.service.load_balancer,
            worker_logs=workers.logs,
        )
        # Operators (`orchestrator dlq ...`, `init` for upgrades) attach this to their own role or group.
        ops = iam.ManagedPolicy(self, "OperatorsPolicy", statements=statements_for(Grantee.OPS, data))
        CfnOutput(self, "IngressUrl", value=f"http://{ingress.service.load_balancer.load_balancer_dns_name}")
        CfnOutput(self, "InboundQueueUrl", value=data.inbound.attr_queue_url)
        CfnOutput(self, "DeadLetterQueueUrl", value=data.dead_letters.attr_queue_url)
        CfnOutput(self, "AlarmTopicArn", value=topic.topic_arn)
        CfnOutput(self, "OperatorsPolicyArn", value=ops.managed_policy_arn)
