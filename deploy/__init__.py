"""The AWS CDK app that deploys the orchestrator: `make synth`, `cdk deploy` (docs/operations.md)."""
