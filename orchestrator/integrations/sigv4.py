"""Signature Version 4 for the thin path's JSON POSTs (`integrations/aws_json.py`).

The same signature as botocore's `SigV4Auth` (tests/unit/test_sigv4.py compares them header for
header), without the per-request `AWSRequest`, e-mail style header map and signer events, which
were a third of a hot call's client CPU. Only what the thin path sends: POST to `/`, no query.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Protocol
from urllib.parse import urlsplit

# botocore.auth.SIGNED_HEADERS_BLACKLIST: headers a proxy may change are left out of the signature.
_UNSIGNED = frozenset({"expect", "transfer-encoding", "user-agent", "x-amzn-trace-id"})
_DEFAULT_PORTS = {"http": 80, "https": 443}


class FrozenCredentials(Protocol):
    """botocore's `ReadOnlyCredentials`: one consistent snapshot of possibly refreshed keys."""

    @property
    def access_key(self) -> str: ...
    @property
    def secret_key(self) -> str: ...
    @property
    def token(self) -> str | None: ...


def host_of(url: str) -> str:
    """The Host header botocore signs: lowercase, the port only when it is not the scheme's default."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:  # an IPv6 literal
        host = f"[{host}]"
    if parts.port is not None and parts.port != _DEFAULT_PORTS.get(parts.scheme):
        host = f"{host}:{parts.port}"
    return host


class JsonPostSigner:
    """Signs POSTs to one endpoint for one region and service; the day's signing key is kept."""

    def __init__(self, url: str, region: str, service: str) -> None:
        self._host = host_of(url)
        self._region = region
        self._service = service
        self._key: tuple[str, str, bytes] = ("", "", b"")

    def sign(
        self, headers: Mapping[str, str], body: bytes, credentials: FrozenCredentials, now: datetime | None = None
    ) -> dict[str, str]:
        """`headers` plus X-Amz-Date, the session token when there is one, and Authorization."""
        stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
        day = stamp[:8]
        signed_headers = {**headers, "X-Amz-Date": stamp}
        if credentials.token:
            signed_headers["X-Amz-Security-Token"] = credentials.token
        canonical = {name.lower(): " ".join(value.split()) for name, value in signed_headers.items()}
        canonical = {name: value for name, value in canonical.items() if name not in _UNSIGNED}
        canonical.setdefault("host", self._host)
        names = sorted(canonical)
        listed = ";".join(names)
        request = "\n".join(
            [
                "POST",
                "/",
                "",
                "".join(f"{name}:{canonical[name]}\n" for name in names),
                listed,
                hashlib.sha256(body).hexdigest(),
            ]
        )
        scope = f"{day}/{self._region}/{self._service}/aws4_request"
        to_sign = f"AWS4-HMAC-SHA256\n{stamp}\n{scope}\n{hashlib.sha256(request.encode()).hexdigest()}"
        signature = hmac.new(self._signing_key(credentials.secret_key, day), to_sign.encode(), hashlib.sha256)
        signed_headers["Authorization"] = (
            f"AWS4-HMAC-SHA256 Credential={credentials.access_key}/{scope}, "
            f"SignedHeaders={listed}, Signature={signature.hexdigest()}"
        )
        return signed_headers

    def _signing_key(self, secret: str, day: str) -> bytes:
        """HMAC chain of the day, region and service; derived once a day (or on new keys)."""
        kept_secret, kept_day, key = self._key
        if kept_secret == secret and kept_day == day:
            return key
        key = _hmac(f"AWS4{secret}".encode(), day)
        for part in (self._region, self._service, "aws4_request"):
            key = _hmac(key, part)
        self._key = (secret, day, key)
        return key


def _hmac(key: bytes, message: str) -> bytes:
    return hmac.new(key, message.encode(), hashlib.sha256).digest()
