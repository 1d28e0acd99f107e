"""Facebook Messenger: Meta-signed events only; up to 3 buttons, the rest as numbered text."""

from __future__ import annotations

import hashlib
import logging
from typing import Any

import pytest
from channel_test_support import hex_hmac, payload_bytes

from bot.channels.messenger import SignedMessengerInput
from tests.fake_platforms import FakePlatforms

APP_SECRET = "meta-app-secret-0123456789"
PATIENT_PSID = "7012345678901234"
JSON = {"Content-Type": "application/json"}


class GraphOutbox:
    """The messages the fake Graph API's Send API received (the `message` of each call)."""

    def __init__(self, platforms: FakePlatforms) -> None:
        self.platforms = platforms

    def __getitem__(self, index: int) -> dict[str, Any]:
        return [call.body["message"] for call in self.platforms.calls_to("graph")][index]


@pytest.fixture
def sent(platforms: FakePlatforms) -> GraphOutbox:
    return GraphOutbox(platforms)


def messenger_channel() -> SignedMessengerInput:
    credentials = {"verify": "riverbend-verify", "secret": APP_SECRET, "page-access-token": "EAAB"}
    return SignedMessengerInput.from_credentials(credentials)


def signed_256(body: bytes) -> dict[str, str]:
    return {**JSON, "X-Hub-Signature-256": "sha256=" + hex_hmac(APP_SECRET, body, hashlib.sha256)}


async def test_signed_message_and_postback_reach_the_bot(channel_client, agent, sent) -> None:
    async with channel_client(messenger_channel()) as client:
        for name in ("messenger_message.json", "messenger_postback.json"):
            body = payload_bytes(name)
            response = await client.post(
                "/webhooks/facebook/webhook", content=body, headers=signed_256(body)
            )
            assert response.status_code == 200
    assert agent.texts == ["How long does a nerve block take?", "/ask_prepare"]
    first, second = (message.sender_id for message in agent.received)
    assert first == second, "both messages continue one conversation"
    assert PATIENT_PSID not in first and first.startswith("facebook-")


async def test_older_sha1_signature_is_still_accepted(channel_client, agent, sent) -> None:
    body = payload_bytes("messenger_message.json")
    headers = {**JSON, "X-Hub-Signature": "sha1=" + hex_hmac(APP_SECRET, body, hashlib.sha1)}
    async with channel_client(messenger_channel()) as client:
        response = await client.post("/webhooks/facebook/webhook", content=body, headers=headers)
    assert response.status_code == 200
    assert len(agent.received) == 1


@pytest.mark.parametrize(
    "headers",
    [
        JSON,
        {**JSON, "X-Hub-Signature-256": "sha256=" + "0" * 64},
        {**JSON, "X-Hub-Signature-256": hex_hmac("wrong-secret", b"{}", hashlib.sha256)},
    ],
)
async def test_unsigned_or_forged_events_are_refused(
    channel_client, agent, sent, caplog, headers
) -> None:
    caplog.set_level(logging.WARNING)
    async with channel_client(messenger_channel()) as client:
        response = await client.post(
            "/webhooks/facebook/webhook",
            content=payload_bytes("messenger_message.json"),
            headers=headers,
        )
    assert response.status_code == 403
    assert agent.received == []
    assert "facebook webhook rejected with 403" in caplog.text


async def test_subscribe_handshake_needs_the_verify_token(channel_client, agent) -> None:
    params = {"hub.mode": "subscribe", "hub.challenge": "1158201444"}
    async with channel_client(messenger_channel()) as client:
        good = await client.get(
            "/webhooks/facebook/webhook", params={**params, "hub.verify_token": "riverbend-verify"}
        )
        bad = await client.get(
            "/webhooks/facebook/webhook", params={**params, "hub.verify_token": "guess"}
        )
    assert (good.status_code, good.text) == (200, "1158201444")
    assert bad.status_code == 403


async def test_every_event_in_a_batch_is_handled(channel_client, agent, sent) -> None:
    body = payload_bytes("messenger_batch.json")
    async with channel_client(messenger_channel()) as client:
        await client.post("/webhooks/facebook/webhook", content=body, headers=signed_256(body))
    assert agent.texts == ["hello", "what are your hours?"]


async def test_five_options_show_three_buttons_and_two_numbered_lines(
    channel_client, agent, sent
) -> None:
    topics = ["What it is", "How to prepare", "Recovery", "Risks", "When to call"]
    agent.replies = [
        {
            "text": "What would you like to know?",
            "buttons": [{"title": t, "payload": f"/topic_{i}"} for i, t in enumerate(topics, 1)],
        }
    ]
    message = payload_bytes("messenger_message.json")
    reply_four = message.replace(b"How long does a nerve block take?", b"4")
    async with channel_client(messenger_channel()) as client:
        await client.post(
            "/webhooks/facebook/webhook", content=message, headers=signed_256(message)
        )
        agent.replies = []
        await client.post(
            "/webhooks/facebook/webhook", content=reply_four, headers=signed_256(reply_four)
        )

    template = sent[0]["attachment"]["payload"]
    assert [button["title"] for button in template["buttons"]] == topics[:3]
    assert all(button["type"] == "postback" for button in template["buttons"])
    assert (
        template["text"]
        == "What would you like to know?\n\nReply 4 for Risks\nReply 5 for When to call"
    )
    assert agent.texts[1] == "/topic_4"
