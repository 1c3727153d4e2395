"""Who may call the ingress: bearer-token guards per router, Meta's signature and handshake.

The checks are pure functions; the guards close over the configured secrets (no globals).
Every comparison is constant-time.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from typing import Any

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler
from pydantic import SecretStr

from ingress.errors import NotFound, Unauthorized

SIGNATURE_PREFIX = "sha256="

Guard = Callable[[ASGIConnection[Any, Any, Any, Any], BaseRouteHandler], None]


def bearer_matches(authorization: str | None, token: SecretStr) -> bool:
    """`Authorization: Bearer <token>`, compared in constant time."""
    if authorization is None:
        return False
    scheme, _, presented = authorization.partition(" ")
    if scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(presented.strip().encode(), token.get_secret_value().encode())


def ingest_guard(token: SecretStr | None) -> Guard:
    """Guard of the ingest routes: open while INGEST_TOKEN is unset (development), else bearer."""

    def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        if token is not None and not bearer_matches(connection.headers.get("authorization"), token):
            raise Unauthorized("a valid bearer token is required")

    return guard


def admin_guard(token: SecretStr | None) -> Guard:
    """Guard of the admin routes: they do not exist (404) while ADMIN_TOKEN is unset, else bearer."""

    def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        if token is None:
            raise NotFound()
        if not bearer_matches(connection.headers.get("authorization"), token):
            raise Unauthorized("a valid admin bearer token is required")

    return guard


def meta_signature_valid(body: bytes, header: str | None, app_secret: SecretStr | None) -> bool:
    """`X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body bytes with the app secret>`.

    The HMAC is over the bytes exactly as received: re-serialized JSON would change escapes of
    accents and emoji and break the signature. Without an app secret nothing can be verified,
    so nothing is accepted.
    """
    if app_secret is None or header is None or not header.startswith(SIGNATURE_PREFIX):
        return False
    expected = hmac.new(app_secret.get_secret_value().encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(header.removeprefix(SIGNATURE_PREFIX).strip().lower().encode(), expected.encode())


def sign_meta_body(body: bytes, app_secret: str) -> str:
    """The header value Meta would send for `body` (used by tests, benchmarks and `dev` tools)."""
    return SIGNATURE_PREFIX + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()


def handshake_challenge(
    mode: str | None, verify_token: str | None, challenge: str | None, expected: SecretStr | None
) -> str | None:
    """Meta's subscription handshake: the challenge to echo, or None to refuse (403)."""
    if expected is None or mode != "subscribe" or verify_token is None or challenge is None:
        return None
    if not hmac.compare_digest(verify_token.encode(), expected.get_secret_value().encode()):
        return None
    return challenge
