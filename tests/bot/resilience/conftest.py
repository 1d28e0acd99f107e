"""Fallback replies built from the sample clinic file, and small local servers that misbehave."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from bot.clinic.directory import ClinicDirectory
from bot.clinic.file_source import load_clinic_file
from bot.paths import REPO_ROOT
from bot.resilience.fallback_reply import FallbackReplies, load_replies

SAMPLE_CLINIC_FILE = REPO_ROOT / "clinic.yml"
SAMPLE_CLINIC = load_clinic_file(SAMPLE_CLINIC_FILE, None)


@pytest.fixture
def replies() -> FallbackReplies:
    directory = ClinicDirectory.from_env({"PAINPATH_CLINIC_FILE": str(SAMPLE_CLINIC_FILE)})
    return FallbackReplies(directory, load_replies())


async def _serve(handler) -> tuple[asyncio.AbstractServer, str]:
    server = await asyncio.start_server(handler, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    return server, f"http://127.0.0.1:{port}/webhook"


@pytest.fixture
async def silent_action_server() -> AsyncIterator[str]:
    """Accepts connections and never answers, like a hung action server."""

    held: list[asyncio.StreamWriter] = []

    async def hang(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        held.append(writer)
        await asyncio.sleep(60)

    server, url = await _serve(hang)
    yield url
    for writer in held:
        writer.close()
    server.close()


@pytest.fixture
async def rejecting_action_server() -> AsyncIterator[str]:
    """Answers 400, as the action server does when a form action rejects itself."""

    async def reject(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        body = b'{"action_name": "some_form", "error": "rejected"}'
        writer.write(
            b"HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\n"
            + f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
            + body
        )
        await writer.drain()
        writer.close()

    server, url = await _serve(reject)
    yield url
    server.close()
