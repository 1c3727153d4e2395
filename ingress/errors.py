"""The ingress's own errors and the ONE map from every error to the contract's JSON answer.

Handlers raise typed errors; only `EXCEPTION_HANDLERS` turns them into `{"error": ...}` bodies.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from http import HTTPStatus
from typing import ClassVar

import structlog
from litestar import Request, Response
from litestar.datastructures import State
from litestar.enums import ParamType
from litestar.exceptions import (
    ClientException,
    HTTPException,
    SerializationException,
    ValidationException,
)
from litestar.params import ParameterKwarg
from pydantic import JsonValue

from ingress.schemas import MAX_BODY_BYTES, VALUE_ERROR_PREFIX, ErrorBody
from orchestrator.errors import InvalidInput, KeyReused, OrchestratorError

# No authentication middleware here: a request carries no user and no auth, only the app's State.
AppRequest = Request[None, None, State]

log = structlog.get_logger(__name__)

# How long a sender should wait before retrying after a 503 (the queue or table was unreachable)
# or a 409 (the first delivery of the key is still being queued).
RETRY_AFTER_SECONDS = 2


# Litestar's message for an absent required parameter, e.g. a missing X-Template-Idempotency-Key.
_MISSING_PARAMETER = re.compile(r"Missing required \w+ parameter '(?P<name>[^']+)'")
# msgspec's message for a string parameter outside its min_length/max_length.
_STR_LENGTH = re.compile(r"Expected `str` of length (?P<op><=|>=) (?P<limit>\d+)")
# Litestar's rate-limit policy header: `<limit>; w=<window seconds>`.
_RATE_POLICY = re.compile(r"(?P<limit>\d+); w=(?P<window>\d+)")
# msgspec's message for an integer parameter that is not one, or is out of its bounds.
_INT_PROBLEM = re.compile(r"Expected `int`(, got `\w+`| [<>]=? -?\d+)")


class IngressError(OrchestratorError):
    """An answer the ingress gives on purpose: an HTTP status, a stable snake_case code, and the
    headers that go with it. Each kind names its answer where it is declared (class keywords)."""

    status_code: ClassVar[HTTPStatus] = HTTPStatus.INTERNAL_SERVER_ERROR
    code: ClassVar[str] = "internal_error"
    headers: ClassVar[Mapping[str, str]] = {}

    def __init_subclass__(
        cls, *, status: HTTPStatus | None = None, code: str | None = None, headers: Mapping[str, str] | None = None
    ) -> None:
        super().__init_subclass__()
        cls.status_code = status or cls.status_code
        cls.code = code or cls.code
        cls.headers = headers if headers is not None else cls.headers

    def __init__(self, detail: str | None = None) -> None:
        super().__init__(detail or self.code)
        self.detail = detail


# Answers the sender should retry say when.
_RETRY_LATER = {"Retry-After": str(RETRY_AFTER_SECONDS)}


class InvalidJson(IngressError, status=HTTPStatus.BAD_REQUEST, code="invalid_json"):
    """The body is not JSON (or not UTF-8). Nothing is written."""


class Unauthorized(
    IngressError, status=HTTPStatus.UNAUTHORIZED, code="unauthorized", headers={"WWW-Authenticate": "Bearer"}
):
    """Missing or wrong bearer token, or a bad Meta signature. Nothing is written."""


class Forbidden(IngressError, status=HTTPStatus.FORBIDDEN, code="forbidden"):
    """The Meta handshake did not present our verify token (or lacks a parameter)."""


class HandshakeNotConfigured(Forbidden, code="verification_not_configured"):
    """The Meta handshake cannot succeed: WHATSAPP_VERIFY_TOKEN is not set on the ingress."""


class NotFound(IngressError, status=HTTPStatus.NOT_FOUND, code="not_found"):
    """No such resource; also every admin route while ADMIN_TOKEN is unset (the surface is hidden)."""


class UnsupportedMediaType(IngressError, status=HTTPStatus.UNSUPPORTED_MEDIA_TYPE, code="unsupported_media_type"):
    """A JSON route received another content type."""


class ServiceUnavailable(
    IngressError, status=HTTPStatus.SERVICE_UNAVAILABLE, code="service_unavailable", headers=_RETRY_LATER
):
    """A dependency (DynamoDB, SQS) failed; nothing is kept, so the sender retries after Retry-After."""


class EnqueueUnavailable(ServiceUnavailable, code="enqueue_failed"):
    """SendMessage failed after the claim; the claim was released, so the sender's retry is safe."""


class ClaimUnavailable(ServiceUnavailable, code="idempotency_unavailable"):
    """The idempotency claim could not be written; nothing was enqueued."""


class AwsUnavailable(ServiceUnavailable, code="aws_unavailable"):
    """An admin view's DynamoDB or SQS reads failed or ran past their deadline; nothing was changed."""


class ClaimInProgress(IngressError, status=HTTPStatus.CONFLICT, code="in_progress", headers=_RETRY_LATER):
    """Another delivery of this key holds its claim and has not queued it yet (it may still fail).

    Never a replay: the sender retries after Retry-After and then gets the stored answer, or
    takes the claim over if its holder died (past the claim's deadline).
    """


class RequestTimeout(
    IngressError,
    status=HTTPStatus.REQUEST_TIMEOUT,
    code="request_timeout",
    headers={"Connection": "close"},  # the rest of the body may still be on its way
):
    """The body did not arrive within its deadline (a slow or lying client). Nothing is written."""


def _error(status: int, body: ErrorBody, headers: Mapping[str, str] | None = None) -> Response[dict[str, JsonValue]]:
    return Response(content=body.model_dump(exclude_none=True), status_code=int(status), headers=dict(headers or {}))


def _ingress_error(_: AppRequest, exc: Exception) -> Response[dict[str, JsonValue]]:
    assert isinstance(exc, IngressError)
    return _error(exc.status_code, ErrorBody(error=exc.code, detail=exc.detail), exc.headers)


def _invalid_input(_: AppRequest, exc: Exception) -> Response[dict[str, JsonValue]]:
    assert isinstance(exc, InvalidInput)
    return _error(HTTPStatus.BAD_REQUEST, ErrorBody(error="invalid_field", field=exc.field, detail=exc.reason))


def _key_reused(_: AppRequest, __: Exception) -> Response[dict[str, JsonValue]]:
    return _error(HTTPStatus.UNPROCESSABLE_ENTITY, ErrorBody(error="idempotency_key_reused"))


def _validation_failed(request: AppRequest, exc: Exception) -> Response[dict[str, JsonValue]]:
    """Litestar's body/parameter validation: name the first offending field (a header by its name)."""
    assert isinstance(exc, ValidationException)
    problems = exc.extra if isinstance(exc.extra, list) else []
    first = problems[0] if problems and isinstance(problems[0], dict) else {}
    field = str(first.get("key") or "")
    declared = _declared(request, field)
    detail = _plain_limit(str(first.get("message") or exc.detail).removeprefix(VALUE_ERROR_PREFIX), declared)
    if first.get("source") == ParamType.HEADER and declared is not None and declared.name:
        field = declared.name  # the header a sender knows (`X-Idempotency-Key`), not the parameter
    if not field and (missing := _MISSING_PARAMETER.match(exc.detail)):
        field = missing["name"]  # a missing header/query parameter is reported without `extra`
    if field in ("", "data"):
        field, detail = "body", "a JSON object with the documented fields is required"
    return _error(HTTPStatus.BAD_REQUEST, ErrorBody(error="invalid_field", field=field, detail=detail))


def _declared(request: AppRequest, parameter: str) -> ParameterKwarg | None:
    """How a handler declared a header/query parameter (its header name, its bounds), if it did."""
    found = request.route_handler.parsed_fn_signature.parameters.get(parameter)
    declared = found.kwarg_definition if found is not None else None
    return declared if isinstance(declared, ParameterKwarg) else None


def _plain_limit(message: str, declared: ParameterKwarg | None) -> str:
    """msgspec's "Expected `str` of length <= 256" / "Expected `int` >= 1" in words, with the bounds."""
    if match := _STR_LENGTH.fullmatch(message):
        limit = int(match["limit"])
        if match["op"] == "<=":
            return f"longer than the limit of {limit} characters"
        return "must not be empty" if limit == 1 else f"shorter than the minimum of {limit} characters"
    if _INT_PROBLEM.fullmatch(message) and declared is not None:
        low, high = declared.ge, declared.le
        if low is not None and high is not None:
            return f"expected a whole number from {low} to {high}"
        if low is not None:
            return f"expected a whole number of at least {low}"
        if high is not None:
            return f"expected a whole number of at most {high}"
    return message


def _http_exception(_: AppRequest, exc: Exception) -> Response[dict[str, JsonValue]]:
    """Litestar's own HTTP errors (413, 404, 405, 429, malformed JSON...) in our JSON shape."""
    assert isinstance(exc, HTTPException)
    status = exc.status_code
    if isinstance(exc, ClientException) and isinstance(exc.__cause__, SerializationException):
        return _error(status, ErrorBody(error="invalid_json", detail=exc.detail))
    code = HTTPStatus(status).phrase.lower().replace(" ", "_").replace("-", "_")
    detail = exc.detail if status < HTTPStatus.INTERNAL_SERVER_ERROR else None
    if status == HTTPStatus.REQUEST_ENTITY_TOO_LARGE:
        code = "payload_too_large"
        detail = f"the body is larger than the limit of {MAX_BODY_BYTES // 1024} KiB ({MAX_BODY_BYTES} bytes)"
    elif status == HTTPStatus.TOO_MANY_REQUESTS:
        code = "rate_limited"
        detail, headers = _rate_limited(exc.headers or {})
        return _error(status, ErrorBody(error=code, detail=detail), headers)
    return _error(status, ErrorBody(error=code, detail=detail or None), exc.headers)


def _rate_limited(headers: Mapping[str, str]) -> tuple[str, dict[str, str]]:
    """The 429's detail from the rate limiter's headers (`RateLimit-Policy: 120; w=60`), and a
    Retry-After a plain HTTP client understands."""
    policy = _RATE_POLICY.fullmatch(headers.get("RateLimit-Policy", ""))
    reset = headers.get("RateLimit-Reset", "")
    detail = "too many requests from this client"
    if policy is not None:
        detail = f"more than {policy['limit']} requests in {policy['window']} s from this client"
    answer = dict(headers)
    if reset.isdigit():
        detail += f"; retry in {reset} s"
        answer["Retry-After"] = reset
    return detail, answer


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
