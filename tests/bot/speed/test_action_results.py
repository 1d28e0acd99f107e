"""Action-server replies are checked as strictly as Rasa checks them, without re-checking the
schema on every call (that cost about 20 ms of CPU per custom action)."""

from __future__ import annotations

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from bot.speed import action_results
from bot.speed.action_results import action_reply_validator, check_action_results_with_one_validator

GOOD_REPLY = {
    "events": [
        {"event": "slot", "name": "procedure", "value": "esi_interlaminar", "timestamp": None},
        {"event": "action", "name": "action_listen"},
    ],
    "responses": [
        {
            "text": "An epidural steroid injection puts medicine near the nerves in your back.",
            "buttons": [{"title": "How do I get ready?", "payload": "/ask_prepare"}],
        }
    ],
}
BAD_REPLIES = [
    {"events": "slot procedure"},
    {"events": [{"event": "slot", "name": 5}]},
    {"responses": ["just text"]},
]


@pytest.fixture
def installed(monkeypatch: pytest.MonkeyPatch) -> RemoteAction:
    monkeypatch.setattr(
        RemoteAction, "_validate_action_result", RemoteAction._validate_action_result
    )
    check_action_results_with_one_validator()
    return RemoteAction("action_explain_procedure", None)


def test_a_good_reply_is_accepted(installed: RemoteAction) -> None:
    assert installed._validate_action_result(GOOD_REPLY) is True


@pytest.mark.parametrize("reply", BAD_REPLIES)
def test_a_bad_reply_fails_with_rasas_own_hint(installed: RemoteAction, reply: dict) -> None:
    with pytest.raises(ValidationError) as raised:
        installed._validate_action_result(reply)
    assert "Failed to validate Action server response" in raised.value.message


@pytest.mark.parametrize("reply", [GOOD_REPLY, *BAD_REPLIES])
def test_it_agrees_with_rasas_check(installed: RemoteAction, reply: dict) -> None:
    try:
        rasa_accepts = action_results._rasa_check(installed, reply)
    except ValidationError:
        rasa_accepts = False
    assert action_reply_validator().is_valid(reply) == rasa_accepts


def test_the_schema_is_checked_once_not_per_reply(
    installed: RemoteAction, monkeypatch: pytest.MonkeyPatch
) -> None:
    validator_class = type(action_reply_validator())
    checks: list[object] = []
    original = validator_class.check_schema.__func__
    monkeypatch.setattr(
        validator_class,
        "check_schema",
        classmethod(lambda cls, schema, **kw: checks.append(schema) or original(cls, schema, **kw)),
    )
    action_reply_validator.cache_clear()

    for _ in range(5):
        installed._validate_action_result(GOOD_REPLY)

    assert len(checks) == 1
