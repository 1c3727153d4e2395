"""A thin path for the hot AWS JSON calls: the client's own events, credentials, retries, pool and
error parsing, without botocore's per-call shape walks, request objects and signer events.

botocore serializes a request and parses a response by walking the service model over every
attribute of every item, and builds, signs and sends it through several objects and events; for
DynamoDB and SQS (both JSON protocol) the wire format is the input itself, bytes aside. That
machinery was most of a call's client CPU (bench/results/profiles/). `JsonCalls` keeps, per call:

- the events that hooks (tests, bench) rely on: `provide-client-params`, `before-parameter-build`
  (botocore fills an idempotency token there), `before-call`, `before-send`, `needs-retry` (the
  client's standard retry policy and quota decide there) and `after-call`; `request-created` is
  not emitted: the request is signed here (`sigv4.py`, botocore's signature) with the client's
  credentials, frozen per attempt so refreshable ones refresh;
- the client's aiohttp session (pool, timeouts) and its transport errors (`aws_transport.py`);
- botocore's own parser for every error answer, so a `ClientError` has the same class, code,
  message and modeled fields (`CancellationReasons`, the `Item` of `ReturnValuesOnConditionCheckFailure`).

A success is decoded with `json.loads`; DynamoDB binary values (`{"B": ...}`, `{"BS": [...]}`) and
SQS binary message attributes are base64-decoded as botocore does. When an instrumentation
wraps `_make_api_call` (tracing on), or the client is unsigned or behind a proxy, calls go through
the client untouched.
"""

from __future__ import annotations

import asyncio
import base64
import json
from collections.abc import Callable, Mapping
from typing import Any, cast

import aiohttp
import msgspec
from aiobotocore.client import AioBaseClient
from botocore.awsrequest import AWSPreparedRequest
from botocore.exceptions import ClientError
from botocore.hooks import first_non_none_response
from botocore.model import OperationModel

from orchestrator.integrations.aws_transport import HttpAnswer, post
from orchestrator.integrations.sigv4 import JsonPostSigner

# Operations sent on the thin path: the ones a message passes through. Everything else (tables,
# queues set-up, scans for operators) goes through the client as it is.
DYNAMODB_OPERATIONS = frozenset({"GetItem", "PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems", "Query"})
SQS_OPERATIONS = frozenset(
    {
        "SendMessage",
        "SendMessageBatch",
        "ReceiveMessage",
        "DeleteMessage",
        "DeleteMessageBatch",
        "ChangeMessageVisibility",
        "ChangeMessageVisibilityBatch",
    }
)


# msgspec writes bytes as base64 text, as the JSON protocol carries blobs (about 9x faster than
# json.dumps with a default hook, which the profile showed on every commit).
_encode = msgspec.json.Encoder().encode


def _dynamodb_object(values: dict[str, Any]) -> dict[str, Any]:
    """`json.loads` object hook: an AttributeValue has exactly one key; `B` and `BS` are base64."""
    if len(values) == 1:
        if isinstance(binary := values.get("B"), str):
            return {"B": base64.b64decode(binary)}
        if isinstance(binaries := values.get("BS"), list) and all(isinstance(b, str) for b in binaries):
            return {"BS": [base64.b64decode(b) for b in binaries]}
    return values


def _sqs_object(values: dict[str, Any]) -> dict[str, Any]:
    """`json.loads` object hook: a message attribute's `BinaryValue` is base64."""
    if isinstance(binary := values.get("BinaryValue"), str):
        values["BinaryValue"] = base64.b64decode(binary)
    return values


_OBJECT_HOOKS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "dynamodb": _dynamodb_object,
    "sqs": _sqs_object,
}


_MAKE_API_CALL = AioBaseClient.__dict__["_make_api_call"]


def _traced() -> bool:
    """An instrumentation (OpenTelemetry's aiobotocore one, a wrapt wrapper) replaced
    `_make_api_call`: keep its spans by going through the client."""
    current = AioBaseClient.__dict__["_make_api_call"]
    return current is not _MAKE_API_CALL or type(current).__module__.startswith("wrapt")


class JsonCalls:
    """Sends `operations` of one aiobotocore JSON-protocol client on the thin path.

    The endpoint is resolved once per operation (the ruleset's answer depends on the region, the
    endpoint override and the table name being a plain name, all fixed for a process).
    """

    def __init__(self, client: Any, operations: frozenset[str]) -> None:
        self._client = client
        self._operations = operations
        self._service_id = client.meta.service_model.service_id.hyphenize()
        self._object_hook = _OBJECT_HOOKS.get(self._service_id)
        self._events = client.meta.events
        self._endpoint = client._endpoint
        self._static: dict[str, tuple[OperationModel, dict[str, str], str, dict[str, Any]]] = {}
        self._credentials = client._request_signer._credentials
        self._signers: dict[str, JsonPostSigner] = {}
        # Unsigned clients and proxies keep the client's own path (neither is used on the hot path).
        http_session = self._endpoint.http_session
        self._direct = (
            self._credentials is not None and http_session._proxy_config.proxy_url_for(self._endpoint.host) is None
        )

    def handles(self, operation_name: str) -> bool:
        return self._direct and operation_name in self._operations and not _traced()

    async def call(self, operation_name: str, api_params: Mapping[str, Any]) -> dict[str, Any]:
        """One API call, answered as the client would answer it.

        Raises:
            ClientError: the service refused the call (after the client's retries), with the
                subclass, code, message and modeled fields botocore gives it.
            botocore.exceptions.HTTPClientError: the transport failed on every attempt.
        """
        client = self._client
        model, headers, url, endpoint_context = await self._prepared(operation_name, api_params)
        event = f"{self._service_id}.{operation_name}"
        context: dict[str, Any] = {
            "client_region": client.meta.region_name,
            "client_config": client.meta.config,
            "has_streaming_input": False,
            "auth_type": model.resolved_auth_type,
            "unsigned_payload": model.unsigned_payload,
            "auth_options": client.meta.service_model.metadata.get("auth"),
            **endpoint_context,
        }
        params = await client._emit_api_params(api_params=dict(api_params), operation_model=model, context=context)
        request_dict: dict[str, Any] = {
            "url_path": "/",
            "query_string": "",
            "method": "POST",
            "headers": dict(headers),
            "body": _encode(params),
            "url": url,
            "context": context,
        }
        _, answered = await self._events.emit_until_response(
            f"before-call.{event}",
            model=model,
            params=request_dict,
            request_signer=client._request_signer,
            context=context,
        )
        if answered is not None:
            http, parsed = answered
        else:
            try:
                http, parsed = await self._send(model, request_dict, event)
            except Exception as exc:
                await self._events.emit(f"after-call-error.{event}", exception=exc, context=context)
                raise
        await self._events.emit(f"after-call.{event}", http_response=http, parsed=parsed, model=model, context=context)
        if http.status_code >= 300:
            code = context.get("error_code_override") or parsed.get("Error", {}).get("Code")
            error: type[ClientError] = client.exceptions.from_code(code)
            raise error(parsed, operation_name)
        result: dict[str, Any] = parsed
        return result

    async def _prepared(
        self, operation_name: str, api_params: Mapping[str, Any]
    ) -> tuple[OperationModel, dict[str, str], str, dict[str, Any]]:
        """The operation's model, serializer headers, endpoint URL and signing context, once."""
        static = self._static.get(operation_name)
        if static is None:
            client = self._client
            model = client.meta.service_model.operation_model(operation_name)
            context: dict[str, Any] = {}
            url, extra_headers, properties = await client._resolve_endpoint_ruleset(model, dict(api_params), context)
            if properties:
                context["endpoint_properties"] = properties
            shell = await client._convert_to_request_dict(
                api_params={}, operation_model=model, endpoint_url=url, context=context, headers=extra_headers
            )
            static = (model, shell["headers"], shell["url"], context)
            self._static[operation_name] = static
        return static

    async def _send(
        self, model: OperationModel, request_dict: dict[str, Any], event: str
    ) -> tuple[Any, dict[str, Any]]:
        """The attempts of one call under the client's retry policy (`needs-retry`), as botocore's
        endpoint makes them: a new signature each attempt, the same body."""
        context = request_dict["context"]
        retries = context.setdefault("retries", {})
        attempts = 1
        while True:
            retries["attempt"] = attempts
            response: tuple[Any, dict[str, Any]] | None = None
            caught: Exception | None = None
            try:
                response = await self._answer(model, request_dict, event)
            except Exception as exc:  # the same set botocore hands to its retry handler
                caught = exc
            responses = await self._events.emit(
                f"needs-retry.{event}",
                response=response,
                endpoint=self._endpoint,
                operation=model,
                attempts=attempts,
                caught_exception=caught,
                request_dict=request_dict,
            )
            delay = first_non_none_response(responses)
            if delay is None:
                break
            await asyncio.sleep(delay)
            attempts += 1
        if caught is not None:
            raise caught
        assert response is not None
        response[1].setdefault("ResponseMetadata", {})["RetryAttempts"] = attempts - 1
        return response

    async def _answer(
        self, model: OperationModel, request_dict: dict[str, Any], event: str
    ) -> tuple[Any, dict[str, Any]]:
        """Sign and send one attempt; a success is decoded here, an error by botocore's parser."""
        url, body = request_dict["url"], request_dict["body"]
        credentials = await self._credentials.get_frozen_credentials()
        headers = self._signer(url, request_dict["context"]).sign(request_dict["headers"], body, credentials)
        # For `before-send` hooks (the bench's latency, moto's in-process mock): botocore's shape.
        request = AWSPreparedRequest("POST", url, cast(Any, headers), body, stream_output=False)
        request.context = request_dict["context"]  # type: ignore[attr-defined]  # as AWSRequest has it
        answered = first_non_none_response(await self._events.emit(f"before-send.{event}", request=request))
        http = answered if answered is not None else await post(await self._session(), url, headers, body)
        if isinstance(http, HttpAnswer):
            content = http.body
        else:  # a hook's answer: botocore's (bytes) or aiobotocore's (awaitable) kind
            content = http.content
            if not isinstance(content, bytes):
                content = await content
        if http.status_code >= 300:
            return http, await self._parsed_by_botocore(model, http, content)
        parsed = json.loads(content, object_hook=self._object_hook) if content else {}
        parsed["ResponseMetadata"] = {
            "RequestId": http.headers.get("x-amzn-requestid", ""),
            "HTTPStatusCode": http.status_code,
            "HTTPHeaders": http.headers,
        }
        return http, parsed

    def _signer(self, url: str, context: Mapping[str, Any]) -> JsonPostSigner:
        """The signer of `url`, for the region and name the endpoint ruleset signs with."""
        signer = self._signers.get(url)
        if signer is None:
            signing = context.get("signing", {})
            region = signing.get("region", self._client.meta.region_name)
            signer = JsonPostSigner(
                url, region, signing.get("signing_name", self._client.meta.service_model.signing_name)
            )
            self._signers[url] = signer
        return signer

    async def _session(self) -> aiohttp.ClientSession:
        """The client's own aiohttp session: its pool, timeouts and keep-alive."""
        session: aiohttp.ClientSession = await self._endpoint.http_session._get_session(None)
        return session

    async def _parsed_by_botocore(self, model: OperationModel, http: Any, body: bytes) -> dict[str, Any]:
        """An error answer, parsed as botocore parses it (code, message, modeled fields)."""
        endpoint = self._endpoint
        response_dict = {
            "headers": http.headers,
            "status_code": http.status_code,
            "body": body,
            "context": {"operation_name": model.name},
        }
        parser = endpoint._response_parser_factory.create_parser(model.service_model.resolved_protocol)
        parsed: dict[str, Any] = await parser.parse(response_dict, model.output_shape)
        await endpoint._add_modeled_error_fields(response_dict, parsed, model, parser)
        return parsed


def _snake(operation_name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in operation_name).lstrip("_")


class ThinClient:
    """An aiobotocore client whose hot operations take the thin path; every other attribute
    (other operations, `meta`, `exceptions`, `get_paginator`, ...) is the client's own."""

    def __init__(self, client: Any, operations: frozenset[str]) -> None:
        self._client = client
        self._calls = JsonCalls(client, operations)
        self._methods = {_snake(name): self._method(name) for name in operations}

    def _method(self, operation_name: str) -> Callable[..., Any]:
        fallback = getattr(self._client, _snake(operation_name))

        async def call(**params: Any) -> dict[str, Any]:
            if self._calls.handles(operation_name):
                return await self._calls.call(operation_name, params)
            result: dict[str, Any] = await fallback(**params)
            return result

        return call

    def __getattr__(self, name: str) -> Any:
        method = self._methods.get(name)
        return method if method is not None else getattr(self._client, name)
