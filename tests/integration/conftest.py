"""Integration fixtures: the scripted recording server, and a whole running system per test."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from orchestrator.devtools.graph_standin import GraphStandInServer, serve_graph_standin
from orchestrator.devtools.localaws import MotoServer
from tests.integration.scripted import ScriptedServer
from tests.integration.stack import Stack, running_stack


@pytest.fixture(scope="session")
def scripted_server_instance() -> Iterator[ScriptedServer]:
    server = ScriptedServer().start()
    yield server
    server.stop()


@pytest.fixture
def scripted(scripted_server_instance: ScriptedServer) -> ScriptedServer:
    """The session's scripted server, emptied for this test."""
    scripted_server_instance.reset()
    return scripted_server_instance


@pytest.fixture
async def stack(moto_server: MotoServer, scripted: ScriptedServer, table_prefix: str) -> AsyncIterator[Stack]:
    """Tables and queues under a fresh prefix on moto, the demo backend, the ingress over HTTP;
    replies go to the scripted server (answering 200)."""
    async with running_stack(moto_server.endpoint, scripted, table_prefix) as running:
        yield running


@pytest.fixture
async def standin() -> AsyncIterator[GraphStandInServer]:
    """The Graph API + OpenAI transcription stand-in on a free 127.0.0.1 port, for one test."""
    async with await serve_graph_standin() as server:
        yield server
