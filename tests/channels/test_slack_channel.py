"""Slack: signed, fresh requests only (403 and a logged reason otherwise); mrkdwn replies."""

from __future__ import annotations

import hashlib
import logging
import time

import pytest
from channel_test_support import hex_hmac, payload_bytes

from bot.channels.slack import SignedSlackInput
from tests.fake_platforms import FakePlatforms

SIGNING_SECRET = "slack-signing-secret-0123456789"
JSON = {"Content-Type": "application/json"}


@pytest.fixture
def posted(platforms: FakePlatforms) -> FakePlatforms:
    return platforms


def slack_channel() -> SignedSlackInput:
    return SignedSlackInput.from_credentials(
        {"slack_token": "xoxb-0000-test", "slack_signing_secret": SIGNING_SECRET}
    )


def slack_headers(body: bytes, age_seconds: float = 0, secret: str = SIGNING_SECRET) -> dict:
    timestamp = str(int(time.time() - age_seconds))
    basestring = f"v0:{timestamp}:".encode() + body
    return {
        **JSON,
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": "v0=" + hex_hmac(secret, basestring, hashlib.sha256),
    }


async def test_signed_direct_message_reaches_the_bot(channel_client, agent, posted) -> None:
    body = payload_bytes("slack_message.json")
    async with channel_client(slack_channel()) as client:
        response = await client.post(
            "/webhooks/slack/webhook", content=body, headers=slack_headers(body)
        )
    assert response.status_code == 200
    assert agent.texts == ["What should I bring to my first visit?"]


async def test_url_verification_challenge_is_answered(channel_client, agent) -> None:
    body = payload_bytes("slack_url_verification.json")
    async with channel_client(slack_channel()) as client:
        response = await client.post(
            "/webhooks/slack/webhook", content=body, headers=slack_headers(body)
        )
    assert response.json() == "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"


@pytest.mark.parametrize(
    ("headers", "reason"),
    [
        (lambda body: slack_headers(body, age_seconds=600), "possible replay"),
        (lambda body: slack_headers(body, secret="wrong"), "does not match"),
        (lambda body: JSON, "is missing"),
    ],
)
async def test_stale_forged_or_unsigned_requests_get_403(
    channel_client, agent, caplog, headers, reason
) -> None:
    caplog.set_level(logging.WARNING)
    body = payload_bytes("slack_message.json")
    async with channel_client(slack_channel()) as client:
        response = await client.post("/webhooks/slack/webhook", content=body, headers=headers(body))
    assert response.status_code == 403
    assert agent.received == []
    assert reason in caplog.text


async def test_reply_uses_slack_markup_and_numbers_options_beyond_five(
    channel_client, agent, posted
) -> None:
    titles = ["Photo ID", "Insurance card", "Referral", "Imaging", "Medicine list", "Pain diary"]
    agent.replies = [
        {
            "text": "Bring **these**. Forms are on [our site](https://riverbend.example/forms).",
            "buttons": [{"title": t, "payload": f"/bring_{i}"} for i, t in enumerate(titles, 1)],
        }
    ]
    body = payload_bytes("slack_message.json")
    async with channel_client(slack_channel()) as client:
        await client.post("/webhooks/slack/webhook", content=body, headers=slack_headers(body))

    (call,) = posted.calls_to("slack")
    assert call.path == "/chat.postMessage"
    assert call.headers["Authorization"] == "Bearer xoxb-0000-test"
    assert call.body["channel"] == "D0DIRECT01"
    blocks = call.body["blocks"]
    assert blocks[0]["text"]["text"] == (
        "Bring *these*. Forms are on <https://riverbend.example/forms|our site>.\n\n"
        "Reply 6 for Pain diary"
    )
    assert [element["value"] for element in blocks[1]["elements"]] == [
        f"/bring_{i}" for i in range(1, 6)
    ]
