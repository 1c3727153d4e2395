"""The two Fargate services: the ingress behind an Application Load Balancer, and the workers,
scaled on inbound backlog per running task.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from aws_cdk import Aws, Duration, RemovalPolicy
from aws_cdk import aws_applicationautoscaling as appscaling
from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_ecr_assets as ecr_assets
from aws_cdk import aws_ecs as ecs
from aws_cdk import aws_ecs_patterns as ecs_patterns
from aws_cdk import aws_elasticloadbalancingv2 as elbv2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_logs as logs
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct

from deploy.config import INGRESS_SECRET_KEYS, WORKER_SECRET_KEYS, DeployConfig

REPOSITORY_ROOT = Path(__file__).resolve().parents[1]
INGRESS_PORT = 8000
WORKER_METRICS_PORT = 9100
# The worker image has no curl: its own Python asks the worker's readiness probe.
WORKER_HEALTH_COMMAND = (
    f"import urllib.request; urllib.request.urlopen('http://127.0.0.1:{WORKER_METRICS_PORT}/readyz', timeout=3)"
)


@dataclass(frozen=True)
class Runtime:
    """What both services share: network, cluster, image, secret, plain environment."""

    vpc: ec2.Vpc
    cluster: ecs.Cluster
    image: ecs.ContainerImage
    secret: secretsmanager.ISecret
    environment: dict[str, str]


def runtime(scope: Construct, config: DeployConfig) -> Runtime:
    vpc = ec2.Vpc(scope, "Network", max_azs=2, nat_gateways=config.nat_gateways)
    # DynamoDB traffic stays off the NAT gateway (a gateway endpoint is free).
    vpc.add_gateway_endpoint("DynamoDbEndpoint", service=ec2.GatewayVpcEndpointAwsService.DYNAMODB)
    cluster = ecs.Cluster(scope, "Cluster", vpc=vpc, container_insights_v2=ecs.ContainerInsights.ENABLED)
    image: ecs.ContainerImage
    if config.image:
        image = ecs.ContainerImage.from_registry(config.image)
    else:
        image = ecs.ContainerImage.from_asset(
            str(REPOSITORY_ROOT), platform=ecr_assets.Platform.LINUX_AMD64, exclude=["deploy/cdk.out"]
        )
    settings = config.settings()
    environment = {
        "ORCH_ENV": "production",
        "AWS_REGION": Aws.REGION,
        "TABLE_PREFIX": settings.table_prefix,
        "INBOUND_QUEUE_NAME": settings.inbound_queue_name,
        "MAX_RECEIVE_COUNT": str(settings.max_receive_count),
        "VISIBILITY_TIMEOUT_SECONDS": str(settings.visibility_timeout_seconds),
        "LOG_FORMAT": "json",
        **config.environment,
    }
    secret = secretsmanager.Secret.from_secret_name_v2(scope, "AppSecret", config.secret_name)
    return Runtime(vpc=vpc, cluster=cluster, image=image, secret=secret, environment=environment)


def _task_role(scope: Construct, construct_id: str, statements: list[iam.PolicyStatement]) -> iam.Role:
    role = iam.Role(scope, construct_id, assumed_by=iam.ServicePrincipal("ecs-tasks.amazonaws.com"))
    for statement in statements:
        role.add_to_policy(statement)
    return role


def _log_driver(scope: Construct, process: str) -> tuple[ecs.LogDriver, logs.LogGroup]:
    group = logs.LogGroup(
        scope, f"{process.title()}Logs", retention=logs.RetentionDays.ONE_MONTH, removal_policy=RemovalPolicy.DESTROY
    )
    return ecs.LogDrivers.aws_logs(stream_prefix=process, log_group=group), group


def _environment(shared: Runtime, process: str, **extra: str) -> dict[str, str]:
    # OTEL_SERVICE_NAME tells the two processes apart in a trace, unless the operator names them.
    return {"OTEL_SERVICE_NAME": f"orchestrator-{process}", **shared.environment, **extra}


def _secrets(shared: Runtime, config: DeployConfig, wanted: frozenset[str]) -> dict[str, ecs.Secret]:
    """The secret's keys this process reads, among those the deployment put in the secret."""
    keys = [key for key in config.secret_keys if key in wanted]
    return {key: ecs.Secret.from_secrets_manager(shared.secret, key) for key in keys}


@dataclass(frozen=True)
class Ingress:
    service: ecs_patterns.ApplicationLoadBalancedFargateService
    logs: logs.LogGroup


def ingress_service(
    scope: Construct, shared: Runtime, config: DeployConfig, statements: list[iam.PolicyStatement]
) -> Ingress:
    """Fargate tasks behind a public ALB whose health check is `/readyz`; CPU target tracking."""
    log_driver, log_group = _log_driver(scope, "ingress")
    certificate = (
        acm.Certificate.from_certificate_arn(scope, "Certificate", config.certificate_arn)
        if config.certificate_arn
        else None
    )
    service = ecs_patterns.ApplicationLoadBalancedFargateService(
        scope,
        "Ingress",
        cluster=shared.cluster,
        cpu=config.ingress_cpu,
        memory_limit_mib=config.ingress_memory_mib,
        desired_count=config.ingress_min_tasks,
        runtime_platform=ecs.RuntimePlatform(cpu_architecture=ecs.CpuArchitecture.X86_64),
        public_load_balancer=True,
        certificate=certificate,
        redirect_http=certificate is not None,
        min_healthy_percent=100,
        circuit_breaker=ecs.DeploymentCircuitBreaker(rollback=True),
        task_image_options=ecs_patterns.ApplicationLoadBalancedTaskImageOptions(
            image=shared.image,
            container_name="ingress",
            container_port=INGRESS_PORT,
            command=["orchestrator", "ingress", "--host", "0.0.0.0", "--port", str(INGRESS_PORT)],  # noqa: S104
            environment=_environment(shared, "ingress"),
            secrets=_secrets(shared, config, INGRESS_SECRET_KEYS),
            task_role=_task_role(scope, "IngressTaskRole", statements),
            log_driver=log_driver,
        ),
    )
    # The pattern makes the service depend on the whole listener, target group included, which the
    # service already references: cfn-lint's W3005 ("dependency already enforced") on this resource
    # only. Harmless, and the pattern's other wiring is worth more than silencing it by hand.
    service_resource = service.service.node.default_child
    assert isinstance(service_resource, ecs.CfnService)
    service_resource.add_metadata("cfn-lint", {"config": {"ignore_checks": ["W3005"]}})
    service.target_group.configure_health_check(
        path="/readyz", healthy_http_codes="200", interval=Duration.seconds(15), timeout=Duration.seconds(5)
    )
    # The ingress acks in milliseconds: a short drain is enough on deploys and scale-in.
    service.target_group.set_attribute("deregistration_delay.timeout_seconds", "30")
    # Prometheus scrapes tasks inside the VPC; the internet does not read the metrics.
    service.listener.add_action(
        "HideMetrics",
        priority=10,
        conditions=[elbv2.ListenerCondition.path_patterns(["/metrics"])],
        action=elbv2.ListenerAction.fixed_response(
            404, content_type="application/json", message_body='{"error":"not_found"}'
        ),
    )
    scaling = service.service.auto_scale_task_count(
        min_capacity=config.ingress_min_tasks, max_capacity=config.ingress_max_tasks
    )
    scaling.scale_on_cpu_utilization("Cpu", target_utilization_percent=60)
    return Ingress(service=service, logs=log_group)


@dataclass(frozen=True)
class Workers:
    service: ecs.FargateService
    logs: logs.LogGroup


def worker_service(
    scope: Construct, shared: Runtime, config: DeployConfig, statements: list[iam.PolicyStatement]
) -> Workers:
    """Fargate workers; their health check is the worker's own `/readyz` on the metrics port."""
    log_driver, log_group = _log_driver(scope, "worker")
    settings = config.settings()
    task = ecs.FargateTaskDefinition(
        scope,
        "WorkerTask",
        cpu=config.worker_cpu,
        memory_limit_mib=config.worker_memory_mib,
        runtime_platform=ecs.RuntimePlatform(cpu_architecture=ecs.CpuArchitecture.X86_64),
        task_role=_task_role(scope, "WorkerTaskRole", statements),
    )
    task.add_container(
        "worker",
        image=shared.image,
        command=["orchestrator", "worker", "--metrics-port", str(WORKER_METRICS_PORT)],
        environment=_environment(shared, "worker", WORKER_CONCURRENCY=str(settings.worker_concurrency)),
        secrets=_secrets(shared, config, WORKER_SECRET_KEYS),
        logging=log_driver,
        stop_timeout=Duration.seconds(config.worker_stop_timeout_seconds),
        port_mappings=[ecs.PortMapping(container_port=WORKER_METRICS_PORT)],
        health_check=ecs.HealthCheck(
            command=["CMD", "python", "-c", WORKER_HEALTH_COMMAND],
            interval=Duration.seconds(30),
            timeout=Duration.seconds(5),
            retries=3,
            start_period=Duration.seconds(30),
        ),
    )
    service = ecs.FargateService(
        scope,
        "Workers",
        cluster=shared.cluster,
        task_definition=task,
        desired_count=config.worker_min_tasks,
        min_healthy_percent=100,
        circuit_breaker=ecs.DeploymentCircuitBreaker(rollback=True),
        vpc_subnets=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_WITH_EGRESS),
    )
    service.connections.allow_from(
        ec2.Peer.ipv4(shared.vpc.vpc_cidr_block), ec2.Port.tcp(WORKER_METRICS_PORT), "Prometheus scrapes"
    )
    return Workers(service=service, logs=log_group)


def scale_workers_on_backlog(scope: Construct, shared: Runtime, workers: Workers, config: DeployConfig) -> None:
    """Target tracking on visible inbound messages ÷ running worker tasks, between min and max.

    CDK's target-tracking construct takes single metrics only (aws-cdk#20659), so the policy is
    the CloudFormation resource with its metric-math query.
    """
    # The service's own scalable target (Application Auto Scaling's service-linked role).
    scalable = workers.service.auto_scale_task_count(
        min_capacity=config.worker_min_tasks, max_capacity=config.worker_max_tasks
    )
    target = scalable.node.find_child("Target")
    assert isinstance(target, appscaling.ScalableTarget)
    Query = appscaling.CfnScalingPolicy.TargetTrackingMetricDataQueryProperty
    Stat = appscaling.CfnScalingPolicy.TargetTrackingMetricStatProperty
    Metric = appscaling.CfnScalingPolicy.TargetTrackingMetricProperty
    Dimension = appscaling.CfnScalingPolicy.TargetTrackingMetricDimensionProperty
    inbound_name = config.settings().inbound_queue_name
    visible = Metric(
        namespace="AWS/SQS",
        metric_name="ApproximateNumberOfMessagesVisible",
        dimensions=[Dimension(name="QueueName", value=inbound_name)],
    )
    running = Metric(
        namespace="ECS/ContainerInsights",
        metric_name="RunningTaskCount",
        dimensions=[
            Dimension(name="ClusterName", value=shared.cluster.cluster_name),
            Dimension(name="ServiceName", value=workers.service.service_name),
        ],
    )
    appscaling.CfnScalingPolicy(
        scope,
        "WorkerBacklogPerTask",
        policy_name="worker-backlog-per-task",
        policy_type="TargetTrackingScaling",
        scaling_target_id=target.scalable_target_id,
        target_tracking_scaling_policy_configuration=appscaling.CfnScalingPolicy.TargetTrackingScalingPolicyConfigurationProperty(
            target_value=config.backlog_per_task,
            scale_out_cooldown=60,
            scale_in_cooldown=300,
            customized_metric_specification=appscaling.CfnScalingPolicy.CustomizedMetricSpecificationProperty(
                metrics=[
                    Query(id="visible", metric_stat=Stat(metric=visible, stat="Average"), return_data=False),
                    Query(id="tasks", metric_stat=Stat(metric=running, stat="Average"), return_data=False),
                    Query(
                        id="backlog_per_task", expression="visible / tasks", label="Backlog per task", return_data=True
                    ),
                ]
            ),
        ),
    )
