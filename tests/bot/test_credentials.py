"""Only channels whose secrets are set are turned on; the rest are named with what they lack."""

from __future__ import annotations

import yaml

from bot.credentials import active_channels, write_active_credentials
from bot.paths import REPO_ROOT

CREDENTIALS = REPO_ROOT / "credentials.yml"


def test_without_secrets_only_the_web_channels_start():
    active, off = active_channels(CREDENTIALS, {})
    assert set(active) == {
        "bot.channels.rest.GuardedRestInput",
        "bot.channels.socketio.GuardedSocketIOInput",
    }
    assert off["bot.channels.slack.SignedSlackInput"] == ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"]


def test_a_channel_with_all_its_secrets_is_turned_on(tmp_path):
    env = {"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": "s3cret"}
    target = tmp_path / "active.yml"
    lines = write_active_credentials(CREDENTIALS, target, env)
    written = yaml.safe_load(target.read_text())
    assert "bot.channels.slack.SignedSlackInput" in written
    assert not any(line.startswith("bot.channels.slack") for line in lines)
    assert any("TWILIO_AUTH_TOKEN" in line for line in lines)


def test_the_repo_holds_no_secret_values():
    for name, block in (yaml.safe_load(CREDENTIALS.read_text()) or {}).items():
        for key, value in (block or {}).items():
            if key in {"user_message_evt", "bot_message_evt", "session_persistence"}:
                continue
            assert str(value).startswith("${"), f"{name}.{key} must come from the environment"
