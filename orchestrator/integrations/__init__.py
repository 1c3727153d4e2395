"""Adapters to the outside world: AWS clients, the queue, the LLM, the backend, reply sinks."""
