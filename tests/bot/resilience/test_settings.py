"""Deadlines and limits come from the environment; a bad value says which variable to fix."""

from __future__ import annotations

import pytest

from bot.errors import ContentError
from bot.resilience.settings import ResilienceSettings


def test_defaults_answer_well_within_a_messaging_webhook_timeout() -> None:
    settings = ResilienceSettings.from_env({})
    assert settings.reply_deadline_seconds < 15  # Twilio gives up after 15 s
    assert settings.max_message_chars >= 10_000


def test_values_are_read_from_the_environment() -> None:
    env = {"PAINPATH_REPLY_DEADLINE_SECONDS": "4.5", "PAINPATH_MAX_MESSAGE_CHARS": "500"}
    assert ResilienceSettings.from_env(env) == ResilienceSettings(4.5, 500)


@pytest.mark.parametrize("raw", ["soon", "0", "-3"])
def test_a_bad_value_names_the_variable(raw: str) -> None:
    with pytest.raises(ContentError) as raised:
        ResilienceSettings.from_env({"PAINPATH_REPLY_DEADLINE_SECONDS": raw})
    assert "PAINPATH_REPLY_DEADLINE_SECONDS" in str(raised.value)
