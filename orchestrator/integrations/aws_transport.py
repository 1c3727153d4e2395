"""The thin path's HTTP exchange: one POST on the AWS client's own aiohttp session, its failures
turned into the botocore exceptions aiobotocore's transport raises (`EndpointConnectionError`, ...),
so retries, logs and tests see the same errors on both paths."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Mapping

import aiohttp
from aiohttp import (
    ClientConnectionError,
    ClientConnectorError,
    ClientSSLError,
    ServerDisconnectedError,
    ServerTimeoutError,
)
from botocore.exceptions import (
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    HTTPClientError,
    ReadTimeoutError,
    SSLError,
)
from yarl import URL

# botocore asks for identity encoding (boto/botocore#1255); aiobotocore's session does not decompress.
_IDENTITY = {"Accept-Encoding": "identity"}


class HttpAnswer:
    """An HTTP answer in the shape botocore's hooks and retry checks read: `status_code`,
    lowercase `headers`, and `content` awaitable as aiobotocore's responses have it."""

    __slots__ = ("body", "headers", "raw", "status_code", "url")

    def __init__(self, url: str, status_code: int, headers: dict[str, str], body: bytes) -> None:
        self.url = url
        self.status_code = status_code
        self.headers = headers
        self.body = body
        self.raw = None

    @property
    def content(self) -> asyncio.Future[bytes]:
        ready: asyncio.Future[bytes] = asyncio.get_running_loop().create_future()
        ready.set_result(self.body)
        return ready


async def post(session: aiohttp.ClientSession, url: str, headers: Mapping[str, str], body: bytes) -> HttpAnswer:
    """POST `body` and read the whole answer.

    Raises:
        botocore.exceptions.HTTPClientError: a subclass naming what failed, as aiobotocore raises it.
    """
    try:
        async with session.post(URL(url, encoded=True), headers={**headers, **_IDENTITY}, data=body) as response:
            content = await response.read()
            answer_headers = {name.decode().lower(): value.decode() for name, value in response.raw_headers}
            return HttpAnswer(url, response.status, answer_headers, content)
    except ClientSSLError as exc:
        raise SSLError(endpoint_url=url, error=exc) from exc
    except (ServerDisconnectedError, aiohttp.ClientPayloadError, aiohttp.http_exceptions.BadStatusLine) as exc:
        raise ConnectionClosedError(error=exc, request=None, endpoint_url=url) from exc
    except ServerTimeoutError as exc:
        if str(exc).lower().startswith("connect"):
            raise ConnectTimeoutError(endpoint_url=url, error=exc) from exc
        raise ReadTimeoutError(endpoint_url=url, error=exc) from exc
    except (ClientConnectorError, ClientConnectionError, socket.gaierror) as exc:
        raise EndpointConnectionError(endpoint_url=url, error=exc) from exc
    except TimeoutError as exc:
        raise ReadTimeoutError(endpoint_url=url, error=exc) from exc
    except asyncio.CancelledError:
        raise
    except Exception as exc:
        raise HTTPClientError(error=exc) from exc
