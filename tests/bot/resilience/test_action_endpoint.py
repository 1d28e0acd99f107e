"""Action-server calls give up after the configured seconds and tell the turn they failed."""

from __future__ import annotations

import asyncio
import time
from types import SimpleNamespace

import pytest
from rasa.utils.endpoints import ClientResponseError, EndpointConfig

from bot.errors import ContentError
from bot.resilience.action_endpoint import (
    DEFAULT_ACTION_TIMEOUT_SECONDS,
    ActionServerSkipped,
    GuardedActionEndpoint,
    guard_action_endpoint,
)
from bot.resilience.turn_guard import TurnOutcome, _current_turn


def endpoint(url: str, **settings: object) -> EndpointConfig:
    return EndpointConfig.from_dict({"url": url, **settings})


def test_timeout_comes_from_endpoints_yml_with_a_short_default() -> None:
    assert GuardedActionEndpoint.wrap(endpoint("http://a", timeout=2)).timeout_seconds == 2
    default = GuardedActionEndpoint.wrap(endpoint("http://a")).timeout_seconds
    assert default == DEFAULT_ACTION_TIMEOUT_SECONDS <= 10


@pytest.mark.parametrize("bad", ["soon", 0, -1, None])
def test_a_bad_timeout_names_the_field_and_the_fix(bad: object) -> None:
    with pytest.raises(ContentError) as raised:
        GuardedActionEndpoint.wrap(endpoint("http://a", timeout=bad))
    assert "action_endpoint.timeout" in str(raised.value)


async def test_a_hung_action_server_fails_within_the_timeout(silent_action_server: str) -> None:
    guarded = GuardedActionEndpoint.wrap(endpoint(silent_action_server, timeout=0.5))
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


async def test_an_action_rejecting_itself_is_not_a_fault(rejecting_action_server: str) -> None:
    guarded = GuardedActionEndpoint.wrap(endpoint(rejecting_action_server))
    turn = TurnOutcome()
    token = _current_turn.set(turn)
    try:
        with pytest.raises(ClientResponseError):
            await guarded.request(json={})
    finally:
        _current_turn.reset(token)
    assert turn.action_failures == 0


def test_the_agent_and_its_processor_get_the_same_guarded_endpoint() -> None:
    processor = SimpleNamespace(action_endpoint=None)
    agent = SimpleNamespace(action_endpoint=endpoint("http://a", timeout=3), processor=processor)
    guard_action_endpoint(agent)
    first = agent.action_endpoint
    assert isinstance(first, GuardedActionEndpoint) and processor.action_endpoint is first
    guard_action_endpoint(agent)
    assert agent.action_endpoint is first
