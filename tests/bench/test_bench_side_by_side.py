"""Bots are loaded in interleaved rounds, so a slow minute on the machine falls on all of them."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
import threading
from collections.abc import Iterator

import pytest
from aiohttp import web

from bench.measure import BotUnderLoad, Plan, _slices, measure_side_by_side
from bench.processes import BotEndpoints
from bot.processes import free_port
from tests.loopback_server import serving_route


@pytest.fixture
def two_bots() -> Iterator[tuple[list[BotUnderLoad], list[str]]]:
    """Two loopback webhooks in a background thread; `arrivals` lists which bot got each message."""
    arrivals: list[str] = []
    ports = {"a": free_port(), "b": free_port()}
    started = threading.Event()
    stop = threading.Event()

    def answers_as(name: str):
        async def answer(request: web.Request) -> web.Response:
            arrivals.append(name)
            return web.json_response([{"text": "ok"}])

        return answer

    def serve() -> None:
        async def main() -> None:
            async with contextlib.AsyncExitStack() as servers:
                for name, port in ports.items():
                    await servers.enter_async_context(serving_route(answers_as(name), port=port))
                started.set()
                while not stop.is_set():
                    await asyncio.sleep(0.02)

        asyncio.run(main())

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    assert started.wait(10)
    bots = [
        BotUnderLoad(
            name,
            BotEndpoints(name, f"http://127.0.0.1:{port}/webhook", (os.getpid(),), ()),
            [("hi", "bye")],
            single_user=(name == "a"),
        )
        for name, port in ports.items()
    ]
    yield bots, arrivals
    stop.set()
    thread.join(10)


def test_each_level_is_sent_in_rounds_that_alternate_between_bots(two_bots) -> None:
    bots, arrivals = two_bots
    plan = Plan(
        single_user_messages=6,
        messages_per_level=9,
        concurrency_levels=(3,),
        warmup_messages=2,
        rounds=3,
    )

    measured = measure_side_by_side(bots, plan)

    assert measured["a"]["levels"]["1"]["ok"] == 6
    assert "1" not in measured["b"]["levels"], "single-user latency only where it is wanted"
    assert measured["a"]["levels"]["3"]["ok"] == measured["b"]["levels"]["3"]["ok"] == 9
    concurrent_part = arrivals[2 + 2 + 6 :]  # after both warm-ups and a's single-user rounds
    switches = sum(1 for x, y in itertools.pairwise(concurrent_part) if x != y)
    assert switches >= plan.rounds, f"bots were loaded one after the other: {concurrent_part}"


def test_messages_are_split_over_rounds_without_losing_any() -> None:
    assert _slices(10, 3) == [4, 3, 3]
    assert sum(_slices(601, 4)) == 601
