"""What a JSON body must respect before anything parses it: arrival within a deadline, bounded
nesting, and text that is valid Unicode. Hostile bodies get a 4xx, never a 500 or a 503.

The checks are pure functions over the raw bytes; `read_json_body` is the one await.
"""

from __future__ import annotations

import asyncio
import re

import msgspec
from pydantic import JsonValue

from ingress.errors import AppRequest, InvalidJson, RequestTimeout

# A body of at most 64 KiB arrives in well under this even on a poor link; a client announcing
# more than it sends (Content-Length larger than the body) is cut off here, not held forever.
BODY_READ_SECONDS = 5.0
# Meta's payloads nest about 10 deep; parsers recurse per level (10,000 levels is a RecursionError).
MAX_JSON_DEPTH = 32

# A JSON string (skipped whole, whatever brackets it holds) or one structural bracket.
_STRING_OR_BRACKET = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]')
_OPENERS = frozenset((b"[", b"{"))
_CLOSERS = frozenset((b"]", b"}"))


def nesting_exceeds(body: bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """True when arrays/objects in `body` nest deeper than `limit` (strings are not counted)."""
    if body.count(b"[") + body.count(b"{") <= limit:
        return False  # cannot nest deeper than it has brackets: the common case, no scan
    depth = 0
    for match in _STRING_OR_BRACKET.finditer(body):
        token = match.group()
        if token in _OPENERS:
            depth += 1
            if depth > limit:
                return True
        elif token in _CLOSERS:
            depth -= 1
    return False


def decode_json(body: bytes) -> JsonValue:
    """Parse a body that passed `nesting_exceeds`, as strictly as SQS and DynamoDB will store it.

    msgspec, not `json`: it refuses invalid UTF-8 and lone surrogates (`"\\ud800"`), which
    `json.loads` lets through to fail later at encoding time (Meta would retry a 5xx for days).

    Raises:
        InvalidJson: not JSON, not UTF-8, or a string that is not valid Unicode.
    """
    try:
        decoded: JsonValue = msgspec.json.decode(body)
    except msgspec.DecodeError as exc:
        raise InvalidJson("the body is not valid JSON (UTF-8, no lone surrogates)") from exc
    return decoded


async def read_json_body(request: AppRequest) -> bytes:
    """The whole body within BODY_READ_SECONDS, refused when nested deeper than MAX_JSON_DEPTH.

    Litestar keeps the body it read, so the route's own parsing reuses these bytes.

    Raises:
        RequestTimeout: the announced body did not arrive in time (408, connection closed).
        InvalidJson: nested too deep (400).
    """
    try:
        async with asyncio.timeout(BODY_READ_SECONDS):
            body = await request.body()
    except TimeoutError as exc:
        raise RequestTimeout(f"the body did not arrive within {BODY_READ_SECONDS:g} s") from exc
    if nesting_exceeds(body):
        raise InvalidJson(f"JSON nested deeper than {MAX_JSON_DEPTH} levels")
    return body
