"""Who may call the ingress: bearer-token guards per router, Meta's signature and handshake.

The checks are pure functions; the guards close over the configured secrets (no globals).
Every comparison is constant-time.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable

from litestar.connection import ASGIConnection
from litestar.datastructures import State
from litestar.handlers.base import BaseRouteHandler
from pydantic import SecretStr

from ingress.errors import NotFound, Unauthorized

SIGNATURE_HEADER = "X-Hub-Signature-256"
SIGNATURE_PREFIX = "sha256="
# The handshake's answer while WHATSAPP_VERIFY_TOKEN is unset (also logged once at start-up).
HANDSHAKE_NOT_CONFIGURED = (
    "WHATSAPP_VERIFY_TOKEN is not set on the ingress, so Meta's verification cannot succeed; "
    "set it to the verify token entered in the Meta app's webhook settings"
)

# No authentication middleware: a connection carries no user and no auth (see `AppRequest`).
AppConnection = ASGIConnection[BaseRouteHandler, None, None, State]
Guard = Callable[[AppConnection, BaseRouteHandler], None]


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

    def guard(connection: AppConnection, _: BaseRouteHandler) -> None:
        if token is not None and not bearer_matches(connection.headers.get("authorization"), token):
            raise Unauthorized("a valid bearer token is required")

    return guard


def admin_guard(token: SecretStr | None) -> Guard:
    """Guard of the admin routes: they do not exist (404) while ADMIN_TOKEN is unset, else bearer."""

    def guard(connection: AppConnection, _: BaseRouteHandler) -> None:
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
    return app_secret is not None and meta_signature_problem(body, header, app_secret) is None


def meta_signature_problem(body: bytes, header: str | None, app_secret: SecretStr) -> str | None:
    """Why `header` does not sign `body` (the 401's detail, telling missing from wrong), or None."""
    if header is None or not header.strip():
        return f"the {SIGNATURE_HEADER} header is missing (Meta signs every delivery with the app secret)"
    if not header.startswith(SIGNATURE_PREFIX):
        return f"{SIGNATURE_HEADER} must be {SIGNATURE_PREFIX}<hex HMAC-SHA256 of the body>"
    expected = hmac.new(app_secret.get_secret_value().encode(), body, hashlib.sha256).hexdigest()
    presented = header.removeprefix(SIGNATURE_PREFIX).strip().lower().encode()
    if not hmac.compare_digest(presented, expected.encode()):
        return f"{SIGNATURE_HEADER} does not match the body (is WHATSAPP_APP_SECRET the Meta app's secret?)"
    return None


def sign_meta_body(body: bytes, app_secret: str) -> str:
    """The header value Meta would send for `body` (used by tests, benchmarks and `dev` tools)."""
    return SIGNATURE_PREFIX + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()


def handshake_challenge(
    mode: str | None, verify_token: str | None, challenge: str | None, expected: SecretStr | None
) -> str | None:
    """Meta's subscription handshake: the challenge to echo, or None to refuse (403)."""
    if expected is None or handshake_problem(mode, verify_token, challenge, expected) is not None:
        return None
    return challenge


def handshake_problem(
    mode: str | None, verify_token: str | None, challenge: str | None, expected: SecretStr
) -> str | None:
    """Why a handshake is refused (the 403's detail), or None when `challenge` is to be echoed."""
    if mode != "subscribe":
        return "hub.mode must be 'subscribe'"
    if verify_token is None:
        return "hub.verify_token is missing"
    if challenge is None:
        return "hub.challenge is missing"
    if not hmac.compare_digest(verify_token.encode(), expected.get_secret_value().encode()):
        return "hub.verify_token does not match WHATSAPP_VERIFY_TOKEN"
    return None
