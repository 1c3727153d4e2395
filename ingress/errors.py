"""The ingress's own errors and the ONE map from every error to the contract's JSON answer.

Handlers raise typed errors; only `EXCEPTION_HANDLERS` turns them into `{"error": ...}` bodies.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from http import HTTPStatus

import structlog
from litestar import Request, Response
from litestar.datastructures import State
from litestar.exceptions import (
    ClientException,
    HTTPException,
    SerializationException,
    ValidationException,
)
from pydantic import JsonValue

from ingress.schemas import ErrorBody
from orchestrator.errors import InvalidInput, KeyReused, OrchestratorError

# No authentication middleware here: a request carries no user and no auth, only the app's State.
AppRequest = Request[None, None, State]

log = structlog.get_logger(__name__)

# How long a sender should wait before retrying after a 503 (the queue or table was unreachable)
# or a 409 (the first delivery of the key is still being queued).
RETRY_AFTER_SECONDS = 2


# Litestar's message for an absent required parameter, e.g. a missing X-Template-Idempotency-Key.
_MISSING_PARAMETER = re.compile(r"Missing required \w+ parameter '(?P<name>[^']+)'")


class IngressError(OrchestratorError):
    """An answer the ingress gives on purpose: an HTTP status and a stable snake_case code."""

    status_code = HTTPStatus.INTERNAL_SERVER_ERROR
    code = "internal_error"
    retry_after: int | None = None  # seconds; set on answers the sender should retry

    def __init__(self, detail: str | None = None) -> None:
        super().__init__(detail or self.code)
        self.detail = detail


class InvalidJson(IngressError):
    """The body is not JSON (or not UTF-8). Nothing is written."""

    status_code = HTTPStatus.BAD_REQUEST
    code = "invalid_json"


class Unauthorized(IngressError):
    """Missing or wrong bearer token, or a bad Meta signature. Nothing is written."""

    status_code = HTTPStatus.UNAUTHORIZED
    code = "unauthorized"


class Forbidden(IngressError):
    """The Meta handshake did not present our verify token."""

    status_code = HTTPStatus.FORBIDDEN
    code = "forbidden"


class NotFound(IngressError):
    """No such resource; also every admin route while ADMIN_TOKEN is unset (the surface is hidden)."""

    status_code = HTTPStatus.NOT_FOUND
    code = "not_found"


class UnsupportedMediaType(IngressError):
    """A JSON route received another content type."""

    status_code = HTTPStatus.UNSUPPORTED_MEDIA_TYPE
    code = "unsupported_media_type"


class ServiceUnavailable(IngressError):
    """A dependency (DynamoDB, SQS) failed; nothing is kept, so the sender retries after Retry-After."""

    status_code = HTTPStatus.SERVICE_UNAVAILABLE
    code = "service_unavailable"
    retry_after = RETRY_AFTER_SECONDS


class EnqueueUnavailable(ServiceUnavailable):
    """SendMessage failed after the claim; the claim was released, so the sender's retry is safe."""

    code = "enqueue_failed"


class ClaimUnavailable(ServiceUnavailable):
    """The idempotency claim could not be written; nothing was enqueued."""

    code = "idempotency_unavailable"


class ClaimInProgress(IngressError):
    """Another delivery of this key holds its claim and has not queued it yet (it may still fail).

    Never a replay: the sender retries after Retry-After and then gets the stored answer, or
    takes the claim over if its holder died (past the claim's deadline).
    """

    status_code = HTTPStatus.CONFLICT
    code = "in_progress"
    retry_after = RETRY_AFTER_SECONDS


class RequestTimeout(IngressError):
    """The body did not arrive within its deadline (a slow or lying client). Nothing is written."""

    status_code = HTTPStatus.REQUEST_TIMEOUT
    code = "request_timeout"


def _error(status: int, body: ErrorBody, headers: Mapping[str, str] | None = None) -> Response[dict[str, JsonValue]]:
    return Response(content=body.model_dump(exclude_none=True), status_code=int(status), headers=dict(headers or {}))


def _ingress_error(_: AppRequest, exc: Exception) -> Response[dict[str, JsonValue]]:
    assert isinstance(exc, IngressError)
    headers = {"Retry-After": str(exc.retry_after)} if exc.retry_after is not None else {}
    if isinstance(exc, Unauthorized):
        headers["WWW-Authenticate"] = "Bearer"
    if isinstance(exc, RequestTimeout):
        headers["Connection"] = "close"  # the rest of the body may still be on its way
    return _error(exc.status_code, ErrorBody(error=exc.code, detail=exc.detail), headers)


def _invalid_input(_: AppRequest, exc: Exception) -> Response[dict[str, JsonValue]]:
    assert isinstance(exc, InvalidInput)
    return _error(HTTPStatus.BAD_REQUEST, ErrorBody(error="invalid_field", field=exc.field, detail=exc.reason))


def _key_reused(_: AppRequest, __: Exception) -> Response[dict[str, JsonValue]]:
    return _error(HTTPStatus.UNPROCESSABLE_ENTITY, ErrorBody(error="idempotency_key_reused"))


def _validation_failed(_: AppRequest, exc: Exception) -> Response[dict[str, JsonValue]]:
    """Litestar's body/parameter validation: name the first offending field."""
    assert isinstance(exc, ValidationException)
    problems = exc.extra if isinstance(exc.extra, list) else []
    first = problems[0] if problems and isinstance(problems[0], dict) else {}
    field = str(first.get("key") or "")
    detail = str(first.get("message") or exc.detail)
    if not field and (missing := _MISSING_PARAMETER.match(exc.detail)):
        field = missing["name"]  # a missing header/query parameter is reported without `extra`
    if field in ("", "data"):
        field, detail = "body", "a JSON object with the documented fields is required"
    return _error(HTTPStatus.BAD_REQUEST, ErrorBody(error="invalid_field", field=field, detail=detail))


def _http_exception(_: AppRequest, exc: Exception) -> Response[dict[str, JsonValue]]:
    """Litestar's own HTTP errors (413, 404, 405, 429, malformed JSON...) in our JSON shape."""
    assert isinstance(exc, HTTPException)
    status = exc.status_code
    if isinstance(exc, ClientException) and isinstance(exc.__cause__, SerializationException):
        return _error(status, ErrorBody(error="invalid_json", detail=exc.detail))
    code = HTTPStatus(status).phrase.lower().replace(" ", "_").replace("-", "_")
    if status == HTTPStatus.REQUEST_ENTITY_TOO_LARGE:
        code = "payload_too_large"
    elif status == HTTPStatus.TOO_MANY_REQUESTS:
        code = "rate_limited"
    detail = exc.detail if status < HTTPStatus.INTERNAL_SERVER_ERROR else None
    return _error(status, ErrorBody(error=code, detail=detail or None), exc.headers)


def _unexpected(_: AppRequest, exc: Exception) -> Response[dict[str, JsonValue]]:
    # The traceback goes to the log (redacted); the sender only learns that it may retry.
    log.error("request_failed", error_type=type(exc).__name__, exc_info=exc)
    return _error(HTTPStatus.INTERNAL_SERVER_ERROR, ErrorBody(error="internal_error"))


ExceptionHandler = Callable[[AppRequest, Exception], Response[dict[str, JsonValue]]]

# The one place where errors become HTTP answers. Litestar picks the most specific class.
EXCEPTION_HANDLERS: dict[type[Exception] | int, ExceptionHandler] = {
    IngressError: _ingress_error,
    InvalidInput: _invalid_input,
    KeyReused: _key_reused,
    ValidationException: _validation_failed,
    HTTPException: _http_exception,
    Exception: _unexpected,
}
