"""Pure checks: bearer tokens, Meta's body signature and its subscription handshake."""

from __future__ import annotations

import hashlib
import hmac
import json

from pydantic import SecretStr

from ingress.auth import bearer_matches, handshake_challenge, meta_signature_valid, sign_meta_body

SECRET = SecretStr("app-secret")


class TestBearer:
    def test_exact_token_matches(self) -> None:
        """`Bearer <token>` with the configured token is accepted, whatever the scheme's case."""
        assert bearer_matches("Bearer s3cret", SecretStr("s3cret"))
        assert bearer_matches("bearer s3cret", SecretStr("s3cret"))

    def test_wrong_missing_or_other_scheme_is_refused(self) -> None:
        """A different token, no header, or Basic auth never matches."""
        token = SecretStr("s3cret")
        assert not bearer_matches("Bearer s3cret2", token)
        assert not bearer_matches(None, token)
        assert not bearer_matches("Basic s3cret", token)
        assert not bearer_matches("s3cret", token)


class TestMetaSignature:
    def test_signature_over_raw_bytes_with_emoji_and_accents(self) -> None:
        """The HMAC is over the bytes as sent: UTF-8 emoji and accents validate."""
        body = json.dumps({"text": "Olá, sinais ok 👍 ção"}, ensure_ascii=False).encode()
        header = "sha256=" + hmac.new(b"app-secret", body, hashlib.sha256).hexdigest()
        assert meta_signature_valid(body, header, SECRET)

    def test_reserialized_body_does_not_validate(self) -> None:
        """The same JSON with escaped non-ASCII characters is other bytes: the signature fails."""
        signed = json.dumps({"text": "Olá 👍"}, ensure_ascii=False).encode()
        resent = json.dumps({"text": "Olá 👍"}).encode()
        assert not meta_signature_valid(resent, sign_meta_body(signed, "app-secret"), SECRET)

    def test_missing_prefix_wrong_secret_or_no_secret_fails(self) -> None:
        """No `sha256=` prefix, another secret, no header, or no configured secret: refused."""
        body = b'{"entry": []}'
        good = sign_meta_body(body, "app-secret")
        assert meta_signature_valid(body, good, SECRET)
        assert not meta_signature_valid(body, good.removeprefix("sha256="), SECRET)
        assert not meta_signature_valid(body, sign_meta_body(body, "other"), SECRET)
        assert not meta_signature_valid(body, None, SECRET)
        assert not meta_signature_valid(body, good, None)


class TestHandshake:
    def test_subscribe_with_our_token_echoes_the_challenge(self) -> None:
        """hub.mode=subscribe and the verify token: the challenge comes back."""
        assert handshake_challenge("subscribe", "vt", "1158201444", SecretStr("vt")) == "1158201444"

    def test_anything_else_is_refused(self) -> None:
        """Wrong token, wrong mode, no challenge, or no configured token: None (403)."""
        assert handshake_challenge("subscribe", "other", "1", SecretStr("vt")) is None
        assert handshake_challenge("unsubscribe", "vt", "1", SecretStr("vt")) is None
        assert handshake_challenge("subscribe", "vt", None, SecretStr("vt")) is None
        assert handshake_challenge("subscribe", "vt", "1", None) is None
