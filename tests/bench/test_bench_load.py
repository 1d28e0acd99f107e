"""Load accounting: what a patient would see as a failure is counted as one, never as latency."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp import web

from bench.load import classify_reply, run_load
from tests.loopback_server import serving_route


def test_a_reply_with_messages_is_good():
    assert classify_reply(200, [{"recipient_id": "a", "text": "Hi!"}]) is None


def test_an_empty_reply_is_a_failure_the_patient_notices():
    assert classify_reply(200, []) == "empty reply"
    assert classify_reply(200, None) == "empty reply"


def test_a_server_error_is_a_failure():
    assert classify_reply(500, [{"text": "x"}]) == "HTTP 500"


@pytest.fixture
async def scripted_bot() -> AsyncIterator[tuple[str, list[str]]]:
    """A loopback webhook: 500 for 'boom', an empty reply for 'silent', else a message."""
    seen: list[str] = []

    async def answer(request: web.Request) -> web.Response:
        text = (await request.json())["message"]
        seen.append(text)
        if text == "boom":
            return web.json_response([], status=500)
        if text == "silent":
            return web.json_response([])
        return web.json_response([{"text": "ok"}])

    async with serving_route(answer) as url:
        yield url, seen


async def test_run_load_sends_the_fixed_count_and_counts_each_kind(scripted_bot):
    url, seen = scripted_bot
    conversations = [("hi", "boom", "silent", "bye")]
    result = await run_load(url, conversations, 3, 10, 30.0, "t")
    assert len(seen) == 10
    assert result.error_count == result.errors["HTTP 500"] + result.errors["empty reply"]
    assert len(result.latencies_ms) + result.error_count == 10
    assert result.errors["HTTP 500"] >= 2
    assert result.throughput_per_s > 0


async def test_a_bot_that_is_down_counts_as_errors_not_latency():
    result = await run_load("http://127.0.0.1:1/webhook", [("hi", "bye")], 2, 4, 30.0, "t")
    assert result.latencies_ms == [] and result.error_count == 4


async def test_run_load_stops_at_the_time_cap():
    result = await run_load("http://127.0.0.1:1/webhook", [("hi",)], 2, 1000, 0.0, "t")
    assert result.latencies_ms == [] and result.error_count == 0
