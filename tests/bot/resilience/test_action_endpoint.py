"""Action-server calls give up after the configured seconds and tell the turn they failed."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable

import pytest
from aiohttp import web
from rasa.utils.endpoints import ClientResponseError, EndpointConfig

from bot.errors import ContentError
from bot.resilience.action_endpoint import (
    DEFAULT_ACTION_TIMEOUT_SECONDS,
    SESSION_START_STAND_IN,
    ActionServerSkipped,
    GuardedActionEndpoint,
)
from bot.resilience.turn_guard import TurnOutcome, _current_turn
from tests.loopback_server import serving_route


def endpoint(url: str, **settings: object) -> EndpointConfig:
    return EndpointConfig.from_dict({"url": url, **settings})


@pytest.fixture
async def guard() -> AsyncIterator[Callable[[EndpointConfig], GuardedActionEndpoint]]:
    """Wraps endpoints as the server does, and closes their kept sessions afterwards."""
    made: list[GuardedActionEndpoint] = []

    def wrap(config: EndpointConfig) -> GuardedActionEndpoint:
        made.append(GuardedActionEndpoint.wrap(config))
        return made[-1]

    yield wrap
    for guarded in made:
        await guarded.close()


def test_timeout_comes_from_endpoints_yml_with_a_short_default() -> None:
    assert GuardedActionEndpoint.wrap(endpoint("http://a", timeout=2)).timeout_seconds == 2
    default = GuardedActionEndpoint.wrap(endpoint("http://a")).timeout_seconds
    assert default == DEFAULT_ACTION_TIMEOUT_SECONDS <= 10


@pytest.mark.parametrize("bad", ["soon", 0, -1, None])
def test_a_bad_timeout_names_the_field_and_the_fix(bad: object) -> None:
    with pytest.raises(ContentError) as raised:
        GuardedActionEndpoint.wrap(endpoint("http://a", timeout=bad))
    assert "action_endpoint.timeout" in str(raised.value)


async def test_a_hung_action_server_fails_within_the_timeout(
    silent_action_server: str, guard
) -> None:
    guarded = guard(endpoint(silent_action_server, timeout=0.5))
    turn = TurnOutcome()
    token = _current_turn.set(turn)
    try:
        started = time.monotonic()
        with pytest.raises(asyncio.TimeoutError):
            await guarded.request(json={"next_action": "x"})
        assert time.monotonic() - started < 2
        assert turn.action_failures == 1
        started = time.monotonic()
        with pytest.raises(ActionServerSkipped):
            await guarded.request(json={"next_action": "y"})
        assert time.monotonic() - started < 0.1, "a second call in the same turn waits again"
    finally:
        _current_turn.reset(token)


async def test_an_action_rejecting_itself_is_not_a_fault(
    rejecting_action_server: str, guard
) -> None:
    guarded = guard(endpoint(rejecting_action_server))
    turn = TurnOutcome()
    token = _current_turn.set(turn)
    try:
        with pytest.raises(ClientResponseError):
            await guarded.request(json={})
    finally:
        _current_turn.reset(token)
    assert turn.action_failures == 0


async def test_a_conversation_starts_without_the_action_server(
    silent_action_server: str, guard
) -> None:
    guarded = guard(endpoint(silent_action_server, timeout=0.3))
    turn = TurnOutcome()
    token = _current_turn.set(turn)
    try:
        started = await guarded.request(json={"next_action": "action_session_start"})
        again = await guarded.request(json={"next_action": "action_session_start"})
    finally:
        _current_turn.reset(token)
    assert started == again == SESSION_START_STAND_IN
    assert turn.action_failures == 1  # the answer that follows gets the fallback at once


async def test_the_stand_in_matches_what_the_action_server_answers() -> None:
    from rasa_sdk import Tracker
    from rasa_sdk.executor import CollectingDispatcher

    from actions.session import ActionSessionStart

    dispatcher = CollectingDispatcher()
    tracker = Tracker("s", {}, {}, [], False, None, {}, "action_listen")
    events = await ActionSessionStart().run(dispatcher, tracker, {})
    without_empty_fields = [{k: v for k, v in e.items() if v is not None} for e in events]
    assert without_empty_fields == SESSION_START_STAND_IN["events"]
    responses = [m["response"] for m in dispatcher.messages]
    assert responses == [r["response"] for r in SESSION_START_STAND_IN["responses"]]


@pytest.fixture
async def counting_action_server() -> AsyncIterator[tuple[str, list[str]]]:
    """Answers every call like the action server; records each call's client port."""
    client_ports: list[str] = []

    async def webhook(request: web.Request) -> web.Response:
        client_ports.append(request.transport.get_extra_info("peername")[1])
        assert request.headers.get("Authorization", "").startswith("Basic ")
        return web.json_response({"events": [], "responses": []})

    async with serving_route(webhook) as url:
        yield url, client_ports


async def test_action_calls_reuse_one_connection(counting_action_server, guard) -> None:
    """Each new connection costs both servers set-up work on every custom action."""
    url, client_ports = counting_action_server
    auth = {"username": "rasa", "password": "secret"}
    guarded = guard(endpoint(url, basic_auth=auth))
    for _ in range(3):
        reply = await guarded.request(json={"next_action": "x"})
        assert reply == {"events": [], "responses": []}
    assert len(client_ports) == 3 and len(set(client_ports)) == 1
