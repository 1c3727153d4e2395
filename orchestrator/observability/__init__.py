"""Metrics and tracing set-up shared by the ingress and the worker."""
