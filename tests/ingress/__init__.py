"""Ingress tests: pure parsers and checks, and the app through real HTTP against moto."""
