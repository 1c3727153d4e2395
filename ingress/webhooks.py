"""The webhook routes: /webhook/ingest, /webhook/whatsapp (handshake + messages), /hooks/template-fired.

Each does parse -> authenticate -> normalize -> `Admission.admit` -> answer, and nothing else.
"""

from __future__ import annotations

from functools import partial
from typing import Annotated

import structlog
from litestar import Controller, Response, get, post
from litestar.datastructures import ResponseHeader
from litestar.di import NamedDependency
from litestar.enums import MediaType
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Example
from litestar.params import HeaderParameter, JSONBody, QueryParameter
from pydantic import JsonValue
from structlog.contextvars import bind_contextvars

from ingress.admission import Admission, Admitted, accepted_body
from ingress.auth import HANDSHAKE_NOT_CONFIGURED, handshake_problem, meta_signature_problem
from ingress.delivery import admit_delivery
from ingress.errors import AppRequest, Forbidden, HandshakeNotConfigured, Unauthorized, UnsupportedMediaType
from ingress.limits import decode_json, read_json_body
from ingress.meta import parse_meta_payload
from ingress.metrics import IngressMetrics
from ingress.schemas import (
    ERROR_DESCRIPTION,
    MAX_KEY_CHARS,
    AcceptedBody,
    ErrorBody,
    IngestRequest,
    MetaAckBody,
    RejectedItem,
    TemplateFiredRequest,
)
from orchestrator.clock import utc_now
from orchestrator.models import EventKind, InboundEvent, Template
from orchestrator.phones import mask_phone, normalize_phone
from orchestrator.settings import Settings
from orchestrator.store.base import StoredResponse

log = structlog.get_logger(__name__)

REPLAY_HEADER = "Idempotent-Replayed"
_JSON_MEDIA_TYPES = frozenset({"application/json"})


def _errors(*statuses: int) -> dict[int, ResponseSpec]:
    return {
        status: ResponseSpec(data_container=ErrorBody, description=ERROR_DESCRIPTION, generate_examples=False)
        for status in statuses
    }


_REPLAY_HEADERS = [
    ResponseHeader(
        name=REPLAY_HEADER,
        description="`true` when this is the stored answer of an earlier delivery",
        required=False,
        documentation_only=True,
        examples={"replayed": Example(value="true")},
    )
]


async def require_json(request: AppRequest) -> None:
    """before_request hook of the JSON routes: 415 for any other content type, before the body is
    read; then the body within its deadline and nesting limit (`ingress.limits`), before any parser."""
    media_type, _ = request.content_type
    if media_type.lower() not in _JSON_MEDIA_TYPES:
        raise UnsupportedMediaType("expected Content-Type: application/json")
    await read_json_body(request)


def _answer(admitted: Admitted) -> Response[AcceptedBody]:
    headers = {REPLAY_HEADER: "true"} if admitted.replayed else {}
    body = AcceptedBody.model_validate(admitted.response.body)
    return Response(content=body, status_code=admitted.response.status_code, headers=headers)


def _event(
    kind: EventKind,
    key: str,
    phone_number: str,
    metadata: dict[str, JsonValue],
    *,
    text: str = "",
    template: Template | None = None,
) -> InboundEvent:
    """The event a JSON route queues under `key`; the request's log lines get its session (masked)."""
    session_id = normalize_phone(phone_number)
    bind_contextvars(session_id=mask_phone(session_id))
    return InboundEvent(
        kind=kind,
        event_id=key,
        session_id=session_id,
        received_at=utc_now(),
        text=text,
        template=template,
        metadata=metadata,
    )


async def _admit(admission: Admission, event: InboundEvent) -> Response[AcceptedBody]:
    """Queue `event`; 202 names its session and key, and a replay of the key gets the same answer."""
    stored = StoredResponse(status_code=202, body=accepted_body(event.session_id, event.event_id))
    return _answer(await admission.admit(event, stored))


# The JSON routes that admit an event: 202 on acceptance (replays flagged), the same errors.
_admitting_post = partial(
    post,
    status_code=202,
    before_request=require_json,
    response_headers=_REPLAY_HEADERS,
    responses=_errors(400, 401, 408, 409, 413, 415, 422, 503),
)


class IngestController(Controller):
    """Routes for senders holding INGEST_TOKEN (the guard is set by the router that mounts this)."""

    @_admitting_post("/webhook/ingest", summary="Ingest one normalized message")
    async def ingest_message(
        self,
        data: JSONBody[IngestRequest],
        admission: NamedDependency[Admission],
        idempotency_key: Annotated[
            str | None,
            HeaderParameter(name="X-Idempotency-Key", required=False, min_length=1, max_length=MAX_KEY_CHARS),
        ] = None,
    ) -> Response[AcceptedBody]:
        """Queue a message for its session; the key is `X-Idempotency-Key`, else `message_id`."""
        metadata: dict[str, JsonValue] = {"source": "ingest", "message_id": data.message_id}
        if data.meta is not None:
            metadata["meta"] = data.meta
        key = idempotency_key or data.message_id
        event = _event(EventKind.MESSAGE, key, data.phone_number, metadata, text=data.text)
        return await _admit(admission, event)

    @_admitting_post("/hooks/template-fired", summary="The backend sent a WhatsApp template")
    async def template_fired(
        self,
        data: JSONBody[TemplateFiredRequest],
        admission: NamedDependency[Admission],
        idempotency_key: Annotated[
            str, HeaderParameter(name="X-Template-Idempotency-Key", min_length=1, max_length=MAX_KEY_CHARS)
        ],
    ) -> Response[AcceptedBody]:
        """Queue a `template_fired` event in the session's FIFO group, so it never races its messages."""
        metadata: dict[str, JsonValue] = {"source": "template_hook"}
        if data.metadata is not None:
            metadata["metadata"] = data.metadata
        event = _event(EventKind.TEMPLATE_FIRED, idempotency_key, data.phone_number, metadata, template=data.template)
        return await _admit(admission, event)


def log_whatsapp_configuration(settings: Settings) -> None:
    """One start-up line when Meta's routes are half configured (or, at info, not at all), so the
    operator learns it before Meta's verification or first delivery is refused."""
    token, secret = settings.whatsapp_verify_token is not None, settings.whatsapp_app_secret is not None
    if not token and not secret:
        log.info("whatsapp_webhook_not_configured", detail="WHATSAPP_VERIFY_TOKEN and WHATSAPP_APP_SECRET are unset")
    elif not token:
        log.warning(
            "whatsapp_handshake_not_configured",
            detail="WHATSAPP_VERIFY_TOKEN is unset: GET /webhook/whatsapp answers 403 verification_not_configured",
        )
    elif not secret:
        log.warning(
            "whatsapp_signature_not_configured",
            detail="WHATSAPP_APP_SECRET is unset: POST /webhook/whatsapp answers 401 to every delivery",
        )


class WhatsAppController(Controller):
    """Meta's routes: authenticated by the verify token (GET) and the body signature (POST)."""

    @get("/webhook/whatsapp", media_type=MediaType.TEXT, responses=_errors(403), summary="Meta verification handshake")
    async def whatsapp_handshake(
        self,
        settings: NamedDependency[Settings],
        mode: Annotated[str | None, QueryParameter(name="hub.mode", required=False)] = None,
        verify_token: Annotated[str | None, QueryParameter(name="hub.verify_token", required=False)] = None,
        challenge: Annotated[str | None, QueryParameter(name="hub.challenge", required=False)] = None,
    ) -> str:
        """Echo `hub.challenge` when `hub.verify_token` is WHATSAPP_VERIFY_TOKEN; 403 otherwise, saying
        why (`verification_not_configured` while WHATSAPP_VERIFY_TOKEN is unset)."""
        expected = settings.whatsapp_verify_token
        if expected is None:
            log.warning("whatsapp_handshake_refused", reason="WHATSAPP_VERIFY_TOKEN is not set")
            raise HandshakeNotConfigured(HANDSHAKE_NOT_CONFIGURED)
        problem = handshake_problem(mode, verify_token, challenge, expected)
        if problem is not None:
            log.info("whatsapp_handshake_refused", reason=problem)
            raise Forbidden(problem)
        assert challenge is not None  # checked by handshake_problem
        return challenge

    @post(
        "/webhook/whatsapp",
        status_code=200,
        before_request=require_json,
        responses=_errors(400, 401, 408, 409, 413, 415, 422, 503),
        summary="Meta Cloud API webhook",
    )
    async def whatsapp_webhook(
        self,
        request: AppRequest,
        settings: NamedDependency[Settings],
        admission: NamedDependency[Admission],
        metrics: NamedDependency[IngressMetrics],
        signature: Annotated[str | None, HeaderParameter(name="X-Hub-Signature-256", required=False)] = None,
    ) -> MetaAckBody:
        """Each message (any type) becomes one event keyed by its wamid, each `failed` status one
        `delivery_failed` event; the other statuses are counted, never enqueued (no AWS call).

        A malformed message or status is not enqueued: it is logged with its JSON path, counted,
        and listed in the answer's `rejected`, and the rest of the delivery goes on (400 only when
        nothing in it could be read). 200 only when every readable event is queued (or was
        before); otherwise the delivery's most telling error (422, 503 or 409), and Meta retries
        the whole delivery.
        """
        body = await request.body()  # read and checked by `require_json`: bounded, size and nesting
        if settings.whatsapp_app_secret is None:  # tell the operator why every delivery fails
            raise Unauthorized("WHATSAPP_APP_SECRET is not set, so no signature can be verified")
        if refusal := meta_signature_problem(body, signature, settings.whatsapp_app_secret):
            # Only Meta sees the 401's body: the operator learns here why deliveries fail.
            log.warning("whatsapp_signature_refused", reason=refusal)
            raise Unauthorized(refusal)
        batch = parse_meta_payload(decode_json(body), received_at=utc_now())
        for notice in batch.notices:  # the type only: a `system` notice's body holds phone numbers
            log.info("whatsapp_notice_ignored", type=notice)
        for item in batch.rejected:  # the path and the reason only: no phone, no text
            log.warning("whatsapp_item_rejected", field=item.field, reason=item.reason)
            metrics.whatsapp_rejected.inc()
        sessions = {event.session_id for event in batch.events}
        if len(sessions) == 1:
            bind_contextvars(session_id=mask_phone(sessions.pop()))
        admitted = await admit_delivery(
            admission,
            [
                (event, StoredResponse(status_code=200, body=accepted_body(event.session_id, event.event_id)))
                for event in batch.events
            ],
        )
        # Counted once the delivery is acknowledged, so Meta's retry of a failed one counts once.
        for status in batch.statuses:
            metrics.whatsapp_statuses.labels(status).inc()
        for error in batch.errors:  # Meta's code and title only (its details may quote a message)
            log.warning("whatsapp_error_reported", code=error.code, title=error.title)
            metrics.whatsapp_errors.labels(str(error.code) if error.code is not None else "unknown").inc()
        replayed = sum(answer.replayed for answer in admitted)
        rejected = [RejectedItem(field=item.field, detail=item.reason) for item in batch.rejected]
        return MetaAckBody(
            accepted=len(admitted) - replayed, replayed=replayed, ignored=batch.ignored, rejected=rejected
        )
