"""Hostile input, as an attacker or a broken client sends it, over real HTTP: one table over every
route. Where a route reads the input the answer is a JSON 4xx naming the problem and nothing is
written; a route that reads no input ignores it. Never a 5xx: a Meta body answered 503 would be
retried for days.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ingress.app import create_app
from ingress.auth import sign_meta_body
from ingress.limits import BODY_READ_SECONDS, MAX_JSON_DEPTH
from tests.ingress.conftest import ADMIN_TOKEN, APP_SECRET, Ingress, make_settings

PHONE = "5511999990001"
ARABIC_INDIC = "٥٥١١٩٩٩٩٩٠٠٠١"  # the same number in Arabic-Indic digits
FULLWIDTH = "５５１１９９９９９０００１"
ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
JUNK_QUERY = "?%FF=%ED%A0%80&x=" + "{" * 100


def nested(depth: int) -> str:
    return '{"a":' * depth + "1" + "}" * depth


def ingest(text: str = '"oi"', phone: str = PHONE, meta: str = "null") -> bytes:
    return f'{{"message_id": "m-1", "phoneNumber": "{phone}", "text": {text}, "meta": {meta}}}'.encode()


def template(phone: str = PHONE, metadata: str = "null") -> bytes:
    return f'{{"phoneNumber": "{phone}", "template": "confirmar_presenca", "metadata": {metadata}}}'.encode()


def meta(text: str = '"oi"', sender: str = PHONE) -> bytes:
    message = f'{{"from": "{sender}", "id": "wamid.1", "type": "text", "text": {{"body": {text}}}}}'
    return f'{{"entry": [{{"changes": [{{"value": {{"messages": [{message}]}}}}]}}]}}'.encode()


MESSAGE_PATH = "entry[0].changes[0].value.messages[0]"


HeaderValue = str | bytes
Headers = dict[str, HeaderValue]


@dataclass(frozen=True)
class Case:
    id: str
    method: str
    path: str  # a path of the route it exercises
    status: int
    error: str | None
    body: bytes | None = None
    bad_field: str | None = None
    headers: Headers = field(default_factory=dict)
    signed: bool = False  # X-Hub-Signature-256 over the body (Meta's route)

    @property
    def route(self) -> tuple[str, str]:
        path = urlsplit(self.path).path
        if path.startswith("/sessions/"):
            path = "/sessions/{session_id:str}/" + path.rsplit("/", 1)[1]
        return self.method, path


JSON: Headers = {"Content-Type": "application/json"}


def post_ingest(id: str, body: bytes, error: str, bad_field: str | None = None) -> Case:
    return Case(id, "POST", "/webhook/ingest", 400, error, body, bad_field, JSON)


def post_template(id: str, body: bytes, error: str, bad_field: str | None = None) -> Case:
    headers: Headers = {**JSON, "X-Template-Idempotency-Key": "t-1"}
    return Case(id, "POST", "/hooks/template-fired", 400, error, body, bad_field, headers)


def post_meta(id: str, body: bytes, error: str, bad_field: str | None = None) -> Case:
    """Validly signed: the body itself is the attack."""
    return Case(id, "POST", "/webhook/whatsapp", 400, error, body, bad_field, JSON, signed=True)


def get(
    id: str, path: str, status: int, error: str | None, bad_field: str | None = None, **headers: str | bytes
) -> Case:
    return Case(id, "GET", path, status, error, None, bad_field, headers)


NOT_UTF8 = b"o\xff"
CONVERSATION = f"/sessions/{PHONE}/conversation"
CASES = [
    post_ingest("ingest-10000-deep", nested(10_000).encode(), "invalid_json"),
    post_ingest("ingest-meta-too-deep", ingest(meta=nested(MAX_JSON_DEPTH)), "invalid_json"),
    post_ingest("ingest-lone-surrogate", ingest(text='"\\ud800"'), "invalid_json"),
    post_ingest("ingest-invalid-utf8", ingest(text='"oi"').replace(b"oi", NOT_UTF8), "invalid_json"),
    post_ingest("ingest-arabic-indic-phone", ingest(phone=ARABIC_INDIC), "invalid_field", "phoneNumber"),
    post_ingest("ingest-fullwidth-phone", ingest(phone=FULLWIDTH), "invalid_field", "phoneNumber"),
    post_ingest("ingest-whitespace-text", ingest(text='" \\n\\t "'), "invalid_field", "text"),
    post_template("template-10000-deep", nested(10_000).encode(), "invalid_json"),
    post_template("template-lone-surrogate", template(metadata='{"a": "\\udc00"}'), "invalid_json"),
    post_template("template-arabic-indic-phone", template(ARABIC_INDIC), "invalid_field", "phoneNumber"),
    post_meta("meta-10000-deep", nested(10_000).encode(), "invalid_json"),
    post_meta("meta-lone-surrogate", meta(text='"\\ud800"'), "invalid_json"),
    post_meta("meta-invalid-utf8", meta(text='"oi"').replace(b"oi", NOT_UTF8), "invalid_json"),
    post_meta("meta-arabic-indic-from", meta(sender=ARABIC_INDIC), "invalid_field", f"{MESSAGE_PATH}.from"),
    post_meta("meta-fullwidth-from", meta(sender=FULLWIDTH), "invalid_field", f"{MESSAGE_PATH}.from"),
    post_meta("meta-whitespace-text", meta(text='"  \\n "'), "invalid_field", f"{MESSAGE_PATH}.text.body"),
    get("handshake-undecodable-token", "/webhook/whatsapp?hub.mode=subscribe&hub.verify_token=%FF", 403, "forbidden"),
    get("state-arabic-indic-id", f"/sessions/{ARABIC_INDIC}/state", 400, "invalid_field", "session_id", **ADMIN),
    get("state-undecodable-id", "/sessions/%FF%FE/state", 400, "invalid_field", "session_id", **ADMIN),
    get(
        "conversation-huge-limit",
        f"/sessions/{PHONE}/conversation?limit={10**22}",
        400,
        "invalid_field",
        "limit",
        **ADMIN,
    ),
    get(
        "conversation-negative-limit",
        f"/sessions/{PHONE}/conversation?limit=-1",
        400,
        "invalid_field",
        "limit",
        **ADMIN,
    ),
    get("tables-undecodable-bearer", "/debug/dynamo/tables", 401, "unauthorized", Authorization=b"Bearer \xff\xfe"),
    get("sessions-metrics-huge-bearer", "/metrics/sessions", 401, "unauthorized", Authorization="Bearer " + "x" * 8000),
    # Routes that read no input ignore it.
    get("healthz-junk-query", "/healthz" + JUNK_QUERY, 200, None),
    get("readyz-junk-query", "/readyz" + JUNK_QUERY, 200, None),
    get("metrics-junk-query", "/metrics" + JUNK_QUERY, 200, None),
    get("schema-junk-query", "/schema" + JUNK_QUERY, 200, None),
]


def test_the_table_covers_every_route() -> None:
    """Each route of the app (documentation pages aside) has at least one hostile case."""
    app = create_app(make_settings("unused_"))
    routes = {
        (method, route.path)
        for route in app.routes
        if not route.path.startswith("/schema/")
        for method in getattr(route, "methods", ())
        if method != "OPTIONS"
    }
    assert routes == {case.route for case in CASES}


async def answer(ingress: Ingress, case: Case) -> tuple[int, str | None, str | None, bool]:
    """(status, error code, field, whether anything was claimed or queued) for one case."""
    headers = dict(case.headers)
    if case.signed:
        assert case.body is not None
        headers["X-Hub-Signature-256"] = sign_meta_body(case.body, APP_SECRET)
    response = await ingress.client.request(case.method, case.path, content=case.body, headers=headers)
    body = response.json() if response.headers.get("content-type", "").startswith("application/json") else {}
    error = body.get("error") if case.error is not None else None
    bad_field = body.get("field") if case.bad_field is not None else None
    written = await ingress.idempotency_items() > 0 or await ingress.inbound.depth() > 0
    return response.status_code, error, bad_field, written


async def test_every_route_answers_hostile_input(ingress: Ingress) -> None:
    """Each case gets its status, error code and field, and nothing is claimed or queued."""
    mismatches = {}
    for case in CASES:
        got = await answer(ingress, case)
        if got != (case.status, case.error, case.bad_field, False):
            mismatches[case.id] = got
    assert mismatches == {}


async def raw_exchange(ingress: Ingress, request: bytes, timeout: float) -> bytes:
    """Send raw bytes on a fresh connection; return everything the server answers until it closes."""
    url = urlsplit(str(ingress.client.base_url))
    reader, writer = await asyncio.open_connection(url.hostname, url.port)
    try:
        writer.write(request)
        await writer.drain()
        return await asyncio.wait_for(reader.read(), timeout=timeout)
    finally:
        writer.close()


class TestServerLevel:
    async def test_body_shorter_than_its_content_length_is_cut_off(self, ingress: Ingress) -> None:
        """A client announcing 100 bytes and sending 10 is answered 408 request_timeout (JSON) once
        the body's deadline passes, and the connection is closed: it cannot hold a request open."""
        request = (
            b"POST /webhook/ingest HTTP/1.1\r\nHost: ingress\r\nContent-Type: application/json\r\n"
            b'Content-Length: 100\r\n\r\n{"message'
        )
        answer = await raw_exchange(ingress, request, timeout=BODY_READ_SECONDS + 10)
        head, _, body = answer.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 408")
        assert json.loads(body)["error"] == "request_timeout"
        assert await ingress.idempotency_items() == 0

    async def test_negative_content_length_is_refused_by_the_server(self, ingress: Ingress) -> None:
        """The HTTP parser itself refuses a negative Content-Length with a 400 before the app sees
        it (granian, in production, answers an empty 400 the same way): nothing written."""
        request = (
            b"POST /webhook/ingest HTTP/1.1\r\nHost: ingress\r\nContent-Type: application/json\r\n"
            b"Content-Length: -5\r\n\r\n{}"
        )
        answer = await raw_exchange(ingress, request, timeout=10)
        assert answer.startswith(b"HTTP/1.1 400")
        assert await ingress.idempotency_items() == 0
