"""Load accounting: what a patient would see as a failure is counted as one, never as latency."""

from __future__ import annotations

import httpx

from bench import load
from bench.load import classify_reply, run_load


def test_a_reply_with_messages_is_good():
    assert classify_reply(200, [{"recipient_id": "a", "text": "Hi!"}]) is None


def test_an_empty_reply_is_a_failure_the_patient_notices():
    assert classify_reply(200, []) == "empty reply"
    assert classify_reply(200, None) == "empty reply"


def test_a_server_error_is_a_failure():
    assert classify_reply(500, [{"text": "x"}]) == "HTTP 500"


async def test_run_load_sends_the_fixed_count_and_counts_each_kind(monkeypatch):
    seen: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        body = request.read().decode()
        seen.append(body)
        if "boom" in body:
            return httpx.Response(500, json=[])
        if "silent" in body:
            return httpx.Response(200, json=[])
        return httpx.Response(200, json=[{"text": "ok"}])

    real_client = httpx.AsyncClient

    def offline_client(**kwargs):
        return real_client(transport=httpx.MockTransport(answer), **kwargs)

    monkeypatch.setattr(load.httpx, "AsyncClient", offline_client)
    conversations = [("hi", "boom", "silent", "bye")]
    result = await run_load("http://127.0.0.1:1/webhook", conversations, 3, 10, 30.0, "t")
    assert len(seen) == 10
    assert result.error_count == result.errors["HTTP 500"] + result.errors["empty reply"]
    assert len(result.latencies_ms) + result.error_count == 10
    assert result.errors["HTTP 500"] >= 2
    assert result.throughput_per_s > 0


async def test_run_load_stops_at_the_time_cap():
    result = await run_load("http://127.0.0.1:1/webhook", [("hi",)], 2, 1000, 0.0, "t")
    assert result.latencies_ms == [] and result.error_count == 0
