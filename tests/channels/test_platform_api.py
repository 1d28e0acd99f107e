"""The platform client and its settings: what is retried, how long it waits, what it logs."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import pytest

from bot.channels.platform_api import PlatformCallFailed, PlatformClient, judge, platform_error
from bot.channels.platform_settings import (
    DEFAULT_GRAPH_API_VERSION,
    MAX_BACKOFF_SECONDS,
    PlatformSettings,
    RetryPolicy,
)
from bot.errors import ContentError
from tests.fake_platforms import Answer, FakePlatforms

FAST = RetryPolicy(attempts=3, timeout_seconds=0.5, first_backoff_seconds=0.01)
TOKEN = "xoxb-slack-token-0123456789"


@pytest.fixture
async def clients() -> AsyncIterator[list[PlatformClient]]:
    """Clients a test makes, closed after it."""
    made: list[PlatformClient] = []
    yield made
    for client in made:
        await client.close()


@pytest.fixture
def slack(clients: list[PlatformClient]) -> PlatformClient:
    client = PlatformClient(
        "slack", FAST, headers={"Authorization": f"Bearer {TOKEN}"}, secrets=(TOKEN,)
    )
    clients.append(client)
    return client


@pytest.mark.parametrize(
    ("status", "body", "ok", "transient"),
    [
        (200, {"ok": True}, True, False),
        (201, {"sid": "SM1"}, True, False),
        (200, {"ok": False, "error": "channel_not_found"}, False, False),
        (200, {"ok": False, "error": "ratelimited"}, False, True),
        (429, {}, False, True),
        (500, {}, False, True),
        (503, {}, False, True),
        (400, {"error": {"message": "Invalid parameter", "code": 100}}, False, False),
        (401, {"ok": False, "description": "Unauthorized"}, False, False),
        (404, {}, False, False),
    ],
)
def test_only_rate_limits_server_errors_and_network_trouble_are_retried(
    status: int, body: dict, ok: bool, transient: bool
) -> None:
    outcome = judge(status, {}, body)
    assert (outcome.ok, outcome.transient) == (ok, transient)


def test_each_platform_names_its_failure_in_its_own_words() -> None:
    assert platform_error({"error": {"message": "Invalid token", "code": 190}}) == (
        "Invalid token (code 190)"
    )
    assert platform_error({"ok": False, "error": "not_in_channel"}) == "not_in_channel"
    assert platform_error({"ok": False, "description": "Bad Request: chat not found"}) == (
        "Bad Request: chat not found"
    )
    assert platform_error({"code": 21610, "message": "Unsubscribed recipient"}) == (
        "Unsubscribed recipient (code 21610)"
    )


def test_backoff_doubles_with_jitter_and_honours_retry_after() -> None:
    policy = RetryPolicy(attempts=5, timeout_seconds=1, first_backoff_seconds=1.0)
    for attempt, ceiling in [(1, 1.0), (2, 2.0), (3, 4.0), (8, MAX_BACKOFF_SECONDS)]:
        delays = {policy.backoff(attempt) for _ in range(50)}
        assert all(ceiling / 2 <= delay <= ceiling for delay in delays)
        assert len(delays) > 1, "jittered"
    assert policy.backoff(1, retry_after=7.0) == 7.0


async def test_a_hanging_api_is_cut_off_and_retried_then_reported(
    platforms: FakePlatforms, slack: PlatformClient, caplog: pytest.LogCaptureFixture
) -> None:
    platforms.hang("slack")
    with pytest.raises(PlatformCallFailed) as failure:
        await slack.post(platforms.url("slack") + "/chat.postMessage", "Slack send", json={})
    assert failure.value.attempts == 3 and not failure.value.permanent
    assert str(failure.value) == "Slack send failed after 3 attempts: no answer within 0.5 s"
    assert len(platforms.calls_to("slack")) == 3
    assert caplog.text.count("trying again in") == 2


async def test_a_closed_port_is_a_connection_failure_without_the_url(
    clients: list[PlatformClient], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    client = PlatformClient("telegram", FAST, secrets=("123456:SECRET-bot-token",))
    clients.append(client)
    with pytest.raises(PlatformCallFailed) as failure:
        await client.post("http://127.0.0.1:9/bot123456:SECRET-bot-token/sendMessage", "send")
    assert failure.value.reason.startswith("cannot connect (")
    assert "SECRET-bot-token" not in str(failure.value)
    assert "SECRET-bot-token" not in caplog.text


async def test_slack_refusal_is_final_and_named(
    platforms: FakePlatforms, slack: PlatformClient
) -> None:
    platforms.always("slack", Answer(200, {"ok": False, "error": "invalid_auth"}))
    with pytest.raises(PlatformCallFailed, match="failed after 1 attempt: invalid_auth"):
        await slack.post(platforms.url("slack") + "/chat.postMessage", "Slack send", json={})
    (call,) = platforms.calls_to("slack")
    assert call.headers["Authorization"] == f"Bearer {TOKEN}"


async def test_a_retry_after_longer_than_the_longest_backoff_gives_up_for_now(
    platforms: FakePlatforms, slack: PlatformClient
) -> None:
    platforms.always(
        "slack", Answer(429, {"ok": False, "error": "ratelimited"}, {"Retry-After": "600"})
    )
    with pytest.raises(PlatformCallFailed, match="asked to wait 600 s"):
        await slack.post(platforms.url("slack") + "/chat.postMessage", "Slack send", json={})
    assert len(platforms.calls_to("slack")) == 1


def test_settings_default_to_the_real_apis_and_a_current_graph_version() -> None:
    settings = PlatformSettings.from_env({})
    assert settings.graph_api_url == "https://graph.facebook.com"
    assert settings.graph_api_version == DEFAULT_GRAPH_API_VERSION != "v2.12"
    assert settings.telegram_api_url == "https://api.telegram.org"
    assert settings.retry.attempts >= 2 and settings.retry.timeout_seconds <= 15


def test_settings_read_the_environment() -> None:
    settings = PlatformSettings.from_env(
        {
            "PAINPATH_GRAPH_API_VERSION": "v25.0",
            "PAINPATH_GRAPH_API_URL": "http://127.0.0.1:8999/graph/",
            "PAINPATH_PLATFORM_ATTEMPTS": "2",
            "PAINPATH_PLATFORM_TIMEOUT_SECONDS": "3",
        }
    )
    assert settings.graph_api_version == "v25.0"
    assert settings.graph_api_url == "http://127.0.0.1:8999/graph"
    assert (settings.retry.attempts, settings.retry.timeout_seconds) == (2, 3.0)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("PAINPATH_GRAPH_API_VERSION", "2.12"),
        ("PAINPATH_GRAPH_API_URL", "graph.facebook.com"),
        ("PAINPATH_PLATFORM_TIMEOUT_SECONDS", "-1"),
        ("PAINPATH_PLATFORM_ATTEMPTS", "many"),
    ],
)
def test_a_bad_setting_names_the_variable(name: str, value: str) -> None:
    with pytest.raises(ContentError, match=name):
        PlatformSettings.from_env({name: value})
