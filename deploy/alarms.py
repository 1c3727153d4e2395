"""CloudWatch alarms, each with a runbook in docs/operations.md, notifying one SNS topic.

DLQ not empty · oldest inbound message too old · ingress 5xx rate · worker errors (error-level
log lines of the workers, counted by a metric filter on their JSON logs).
"""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as actions
from aws_cdk import aws_elasticloadbalancingv2 as elbv2
from aws_cdk import aws_logs as logs
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from deploy.config import DeployConfig

METRIC_NAMESPACE = "Orchestrator"
WORKER_ERRORS_METRIC = "WorkerErrors"
RUNBOOK = "Runbook: docs/operations.md, section 'Alarms'."


def _queue_metric(queue: sqs.CfnQueue, name: str, statistic: str) -> cloudwatch.Metric:
    return cloudwatch.Metric(
        namespace="AWS/SQS",
        metric_name=name,
        dimensions_map={"QueueName": str(queue.queue_name)},
        statistic=statistic,
        period=Duration.minutes(1),
    )


def alarms(
    scope: Construct,
    config: DeployConfig,
    *,
    inbound: sqs.CfnQueue,
    dead_letters: sqs.CfnQueue,
    load_balancer: elbv2.ApplicationLoadBalancer,
    worker_logs: logs.LogGroup,
) -> sns.Topic:
    """Create the alarms and the topic they notify (with an e-mail subscription if configured)."""
    topic = sns.Topic(scope, "AlarmTopic", display_name="Orchestrator alarms")
    if config.alarm_email:
        topic.add_subscription(subscriptions.EmailSubscription(config.alarm_email))
    created = [
        cloudwatch.Alarm(
            scope,
            "DeadLetterQueueNotEmpty",
            alarm_description=f"A message reached {dead_letters.queue_name}. {RUNBOOK}",
            metric=_queue_metric(dead_letters, "ApproximateNumberOfMessagesVisible", "Maximum"),
            threshold=1,
            comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            evaluation_periods=1,
            treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
        ),
        cloudwatch.Alarm(
            scope,
            "InboundMessageTooOld",
            alarm_description=(
                f"The oldest message of {inbound.queue_name} waited over {config.oldest_message_alarm_seconds} s. "
                f"{RUNBOOK}"
            ),
            metric=_queue_metric(inbound, "ApproximateAgeOfOldestMessage", "Maximum"),
            threshold=config.oldest_message_alarm_seconds,
            comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
            evaluation_periods=3,
            treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
        ),
        _ingress_5xx_alarm(scope, config, load_balancer),
        _worker_errors_alarm(scope, worker_logs),
    ]
    for alarm in created:
        alarm.add_alarm_action(actions.SnsAction(topic))
        alarm.add_ok_action(actions.SnsAction(topic))
    return topic


def _ingress_5xx_alarm(
    scope: Construct, config: DeployConfig, load_balancer: elbv2.ApplicationLoadBalancer
) -> cloudwatch.Alarm:
    """5xx answers (the tasks' and the load balancer's own, e.g. no healthy target) per 100 requests."""
    period = Duration.minutes(5)
    rate = cloudwatch.MathExpression(
        expression="IF(requests > 0, 100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / requests, 0)",
        label="Ingress 5xx %",
        period=period,
        using_metrics={
            "requests": load_balancer.metrics.request_count(period=period, statistic="Sum"),
            "target5xx": load_balancer.metrics.http_code_target(
                elbv2.HttpCodeTarget.TARGET_5XX_COUNT, period=period, statistic="Sum"
            ),
            "elb5xx": load_balancer.metrics.http_code_elb(
                elbv2.HttpCodeElb.ELB_5XX_COUNT, period=period, statistic="Sum"
            ),
        },
    )
    return cloudwatch.Alarm(
        scope,
        "Ingress5xxRate",
        alarm_description=f"Over {config.ingress_5xx_alarm_percent}% of ingress answers were 5xx. {RUNBOOK}",
        metric=rate,
        threshold=config.ingress_5xx_alarm_percent,
        comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluation_periods=2,
        treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
    )


def _worker_errors_alarm(scope: Construct, worker_logs: logs.LogGroup) -> cloudwatch.Alarm:
    """Error-level lines of the workers' JSON logs (a crashed turn, a malformed envelope...)."""
    errors = logs.MetricFilter(
        scope,
        "WorkerErrorLines",
        log_group=worker_logs,
        filter_pattern=logs.FilterPattern.string_value("$.level", "=", "error"),
        metric_namespace=METRIC_NAMESPACE,
        metric_name=WORKER_ERRORS_METRIC,
        metric_value="1",
        default_value=0,
    )
    return cloudwatch.Alarm(
        scope,
        "WorkerErrors",
        alarm_description=f"Workers logged errors (crashed turns, malformed envelopes). {RUNBOOK}",
        metric=errors.metric(statistic="Sum", period=Duration.minutes(5)),
        threshold=1,
        comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluation_periods=1,
        treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
    )
