"""A minimal SQS endpoint for `bench.ingress`: GetQueueUrl, CreateQueue, SendMessage and
SendMessageBatch over SQS's JSON protocol, FIFO deduplication by MessageDeduplicationId, messages counted and dropped.

Why: moto's SQS re-counts the whole queue on every call (O(queue length)) and tops out near 20
sends/s on the benchmark machine, so with moto the benchmark measures moto. This stand-in answers
in microseconds, so the ingress's own cost shows. Run: `python -m bench.sqs_standin PORT`.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import sys
import time
import uuid
from typing import Any

from bench._http_framing import KeepAliveHttp

ACCOUNT = "000000000000"
DEDUPLICATION_SECONDS = 300  # SQS drops a re-send with the same deduplication id for 5 minutes


class SqsState:
    """Queues by URL: deduplication ids seen and messages accepted."""

    def __init__(self) -> None:
        self.seen: dict[tuple[str, str], float] = {}
        self.accepted: dict[str, int] = {}

    def handle(self, target: str, body: bytes, host: str) -> tuple[int, dict[str, Any]]:
        request = json.loads(body or b"{}")
        action = target.removeprefix("AmazonSQS.")
        if action in ("GetQueueUrl", "CreateQueue"):
            return 200, {"QueueUrl": f"http://{host}/{ACCOUNT}/{request['QueueName']}"}
        if action == "SendMessage":
            return 200, self._send(request)
        if action == "SendMessageBatch":
            url = request["QueueUrl"]
            sent = [{"Id": entry["Id"], **self._send({**entry, "QueueUrl": url})} for entry in request["Entries"]]
            return 200, {"Successful": sent, "Failed": []}
        if action == "GetQueueAttributes":
            accepted = self.accepted.get(request["QueueUrl"], 0)
            return 200, {"Attributes": {"ApproximateNumberOfMessages": str(accepted)}}
        return 400, {"__type": "com.amazonaws.sqs#UnsupportedOperation", "message": f"{action} is not served"}

    def _send(self, request: dict[str, Any]) -> dict[str, Any]:
        url, message_body = request["QueueUrl"], request["MessageBody"]
        dedup = (url, request.get("MessageDeduplicationId", ""))
        now = time.monotonic()
        if now - self.seen.get(dedup, -DEDUPLICATION_SECONDS) >= DEDUPLICATION_SECONDS:
            self.seen[dedup] = now
            self.accepted[url] = self.accepted.get(url, 0) + 1
        return {
            "MessageId": str(uuid.uuid4()),
            # botocore checks this digest of the body it sent.
            "MD5OfMessageBody": hashlib.md5(message_body.encode(), usedforsecurity=False).hexdigest(),
            "SequenceNumber": str(int(now * 1e6)),
        }


class SqsProtocol(KeepAliveHttp):
    """SQS's JSON protocol over the bench's keep-alive HTTP, just enough for botocore's requests."""

    def __init__(self, state: SqsState) -> None:
        super().__init__()
        self.state = state

    def answer(self, headers: dict[str, str], body: bytes) -> bytes:
        status, payload = self.state.handle(headers.get("x-amz-target", ""), body, headers.get("host", ""))
        content = json.dumps(payload).encode()
        head = (
            f"HTTP/1.1 {status} {'OK' if status == 200 else 'Bad Request'}\r\n"
            f"Content-Type: application/x-amz-json-1.0\r\nContent-Length: {len(content)}\r\n"
            f"x-amzn-RequestId: {uuid.uuid4()}\r\n\r\n"
        )
        return head.encode() + content


async def serve(port: int) -> None:
    state = SqsState()
    server = await asyncio.get_running_loop().create_server(lambda: SqsProtocol(state), "127.0.0.1", port)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(serve(int(sys.argv[1])))
