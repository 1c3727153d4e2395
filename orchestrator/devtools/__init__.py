"""Development tooling: `orchestrator dev`, `chat`, the demo backend and local AWS endpoints.

Nothing in the runtime (ingress, worker, turn, store, integrations, machine) imports this package
(an import-linter contract enforces it); its third-party needs (moto) come with the `dev` extra.
"""
