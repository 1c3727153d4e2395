"""The thin path's SigV4 signer gives the signature botocore's SigV4Auth gives the same request."""

from __future__ import annotations

from datetime import UTC, datetime

import botocore.auth
import pytest
from botocore.awsrequest import AWSRequest
from botocore.credentials import ReadOnlyCredentials
from hypothesis import given
from hypothesis import strategies as st

from orchestrator.integrations.sigv4 import JsonPostSigner, host_of

NOW = datetime(2026, 12, 4, 15, 30, 5, tzinfo=UTC)
HEADERS = {
    "X-Amz-Target": "DynamoDB_20120810.PutItem",
    "Content-Type": "application/x-amz-json-1.0",
    "User-Agent": "whatsapp-orchestrator botocore/1",
}


def _botocore_headers(
    url: str, region: str, service: str, headers: dict[str, str], body: bytes, credentials: ReadOnlyCredentials
) -> dict[str, str]:
    request = AWSRequest(method="POST", url=url, data=body, headers=headers)
    original = botocore.auth.get_current_datetime
    botocore.auth.get_current_datetime = lambda: NOW.replace(tzinfo=None)  # type: ignore[assignment]
    try:
        botocore.auth.SigV4Auth(credentials, service, region).add_auth(request)
    finally:
        botocore.auth.get_current_datetime = original
    return dict(request.headers.items())


class TestSignature:
    @pytest.mark.parametrize(
        ("url", "token"),
        [
            ("https://dynamodb.sa-east-1.amazonaws.com/", None),
            ("https://sqs.sa-east-1.amazonaws.com:443/", "session-token"),
            ("http://127.0.0.1:8000/", None),
        ],
    )
    def test_same_as_botocore(self, url: str, token: str | None) -> None:
        """Authorization, X-Amz-Date and the session token are botocore's, byte for byte."""
        credentials = ReadOnlyCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", token)
        body = b'{"TableName":"t","Item":{"k":{"S":"a  b"}}}'
        ours = JsonPostSigner(url, "sa-east-1", "dynamodb").sign(HEADERS, body, credentials, now=NOW)
        theirs = _botocore_headers(url, "sa-east-1", "dynamodb", dict(HEADERS), body, credentials)
        assert ours == theirs

    @given(body=st.binary(max_size=200), target=st.text(st.characters(min_codepoint=33, max_codepoint=126), min_size=1))
    def test_any_body_and_target(self, body: bytes, target: str) -> None:
        """Whatever the body and target header, the signature is botocore's."""
        credentials = ReadOnlyCredentials("AKID", "secret", None)
        headers = {**HEADERS, "X-Amz-Target": target}
        url = "https://sqs.us-east-1.amazonaws.com/"
        ours = JsonPostSigner(url, "us-east-1", "sqs").sign(headers, body, credentials, now=NOW)
        assert ours == _botocore_headers(url, "us-east-1", "sqs", dict(headers), body, credentials)

    def test_signing_key_follows_the_keys(self) -> None:
        """A refreshed secret signs with a new key (the kept key is per secret and day)."""
        signer = JsonPostSigner("https://dynamodb.sa-east-1.amazonaws.com/", "sa-east-1", "dynamodb")
        first = signer.sign(HEADERS, b"{}", ReadOnlyCredentials("AKID", "one", None), now=NOW)
        second = signer.sign(HEADERS, b"{}", ReadOnlyCredentials("AKID", "two", None), now=NOW)
        assert first["Authorization"] != second["Authorization"]


def test_host_drops_only_the_default_port() -> None:
    """Host as botocore signs it: the port only when it is not the scheme's default."""
    assert host_of("https://Dynamodb.sa-east-1.amazonaws.com:443/") == "dynamodb.sa-east-1.amazonaws.com"
    assert host_of("http://127.0.0.1:8000/") == "127.0.0.1:8000"
    assert host_of("http://[::1]:80/") == "[::1]"
