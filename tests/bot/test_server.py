"""bot/server.py sets up the Rasa server once, refuses a Rasa it was not written for, and every
agent Rasa builds afterwards calls the action server through the guarded endpoint."""

from __future__ import annotations

import inspect
import logging

import pytest
from rasa.core.actions.action import RemoteAction
from rasa.core.agent import Agent
from rasa.utils.endpoints import EndpointConfig

from bot import server
from bot.privacy.tracker_store import RedactingSQLTrackerStore
from bot.resilience.action_endpoint import GuardedActionEndpoint
from bot.speed import action_results


@pytest.mark.parametrize("version", ["3.7.0", "4.0.0", "3.5.17", "3.60.1"])
def test_any_rasa_but_3_6_is_refused_with_the_fix(version: str) -> None:
    with pytest.raises(server.UnsupportedRasaError) as raised:
        server.check_rasa(version)
    assert "3.6." in str(raised.value) and version in str(raised.value)
    # Rasa falls back to an in-memory tracker store on these two: the refusal must not be one.
    assert not isinstance(raised.value, (ImportError, AttributeError))


def test_a_rasa_3_6_without_the_patched_method_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(RemoteAction, "_validate_action_result")
    with pytest.raises(server.UnsupportedRasaError, match="_validate_action_result"):
        server.check_rasa("3.6.21")


def test_rasas_action_call_still_goes_through_the_patched_check() -> None:
    """If Rasa stopped calling this method, the speed fix would silently do nothing."""
    assert "self._validate_action_result(" in inspect.getsource(RemoteAction.run)


def test_building_the_tracker_store_from_endpoints_sets_up_the_server(tmp_path) -> None:
    RedactingSQLTrackerStore(db=str(tmp_path / "conversations.db"))
    assert server.is_installed()
    assert RemoteAction._validate_action_result is action_results._validate_action_result
    record = logging.getLogger("rasa.core.processor").makeRecord(
        "rasa", logging.DEBUG, __file__, 1, "Received user message 'call 555-555-0142'", (), None
    )
    assert (
        "555-555-0142"
        not in logging.getLogRecordFactory()(
            record.name, record.levelno, record.pathname, record.lineno, record.msg, (), None
        ).getMessage()
    )


def test_every_agent_gets_the_guarded_endpoint_once_installed() -> None:
    server.install()
    server.install()  # idempotent: the agent constructor is wrapped once
    agent = Agent(action_endpoint=EndpointConfig.from_dict({"url": "http://a", "timeout": 3}))
    assert isinstance(agent.action_endpoint, GuardedActionEndpoint)
    assert agent.action_endpoint.timeout_seconds == 3
    assert Agent.__init__.__wrapped__.__name__ == "__init__"
    assert not hasattr(Agent.__init__.__wrapped__, "__wrapped__")


def test_an_agent_without_an_action_server_stays_without() -> None:
    server.install()
    assert Agent().action_endpoint is None


def test_a_processor_built_before_gets_the_agents_guarded_endpoint() -> None:
    processor = type("Processor", (), {"action_endpoint": None})()
    agent = type("AgentLike", (), {})()
    agent.action_endpoint = EndpointConfig.from_dict({"url": "http://a"})
    agent.processor = processor
    server.guard_action_endpoint(agent)
    first = agent.action_endpoint
    assert isinstance(first, GuardedActionEndpoint) and processor.action_endpoint is first
    server.guard_action_endpoint(agent)
    assert agent.action_endpoint is first
