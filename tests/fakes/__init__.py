"""In-memory fakes behind the Protocols of `orchestrator.store.base` and `orchestrator.integrations.base`."""
