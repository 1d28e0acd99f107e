"""SMS and WhatsApp through Twilio: only signed requests reach the bot; options come numbered."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from channel_test_support import BASE_URL, payload_bytes, twilio_signature

from bot.channels.twilio import SignedTwilioInput

AUTH_TOKEN = "test-auth-token-0123456789"
WEBHOOK_URL = "https://bot.riverbend.example/webhooks/twilio/webhook"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
PATIENT = "+15555550123"


def twilio_channel(**overrides: Any) -> SignedTwilioInput:
    credentials = {
        "account_sid": "AC0123456789abcdef0123456789abcdef",
        "auth_token": AUTH_TOKEN,
        "twilio_number": "+15555550100",
        "whatsapp_number": "whatsapp:+15555550101",
        "webhook_url": WEBHOOK_URL,
        **overrides,
    }
    return SignedTwilioInput.from_credentials(credentials)


def sms_body(text: str) -> bytes:
    return payload_bytes("twilio_sms.form").replace(
        b"Body=What+is+an+epidural+steroid+injection%3F", b"Body=" + text.encode()
    )


async def post_signed(client, body: bytes, url: str = WEBHOOK_URL, token: str = AUTH_TOKEN):
    headers = {**FORM, "X-Twilio-Signature": twilio_signature(token, url, body)}
    return await client.post("/webhooks/twilio/webhook", content=body, headers=headers)


async def test_signed_sms_reaches_the_bot(channel_client, agent, outbox) -> None:
    async with channel_client(twilio_channel()) as client:
        response = await post_signed(client, payload_bytes("twilio_sms.form"))
    assert response.status_code == 204
    assert agent.texts == ["What is an epidural steroid injection?"]
    conversation_id = agent.received[0].sender_id
    assert conversation_id.startswith("twilio-")
    assert PATIENT not in conversation_id and PATIENT.lstrip("+") not in conversation_id


async def test_the_patients_number_is_not_the_conversation_id_but_replies_reach_it(
    channel_client, agent, outbox
) -> None:
    agent.replies = [{"text": "You can call the clinic at 555-0100."}]
    async with channel_client(twilio_channel()) as client:
        await post_signed(client, payload_bytes("twilio_sms.form"))
        await post_signed(client, sms_body("thanks"))

    first, second = (message.sender_id for message in agent.received)
    assert first == second != PATIENT, "one conversation, named by a pseudonym"
    assert [sms["to"] for sms in outbox.sent] == [PATIENT, PATIENT]


@pytest.mark.parametrize(
    ("headers", "reason"),
    [
        ({}, "X-Twilio-Signature header is missing"),
        ({"X-Twilio-Signature": "bm90IGEgcmVhbCBzaWduYXR1cmU="}, "does not match"),
    ],
)
async def test_unsigned_or_forged_sms_is_refused_and_logged(
    channel_client, agent, caplog, headers, reason
) -> None:
    caplog.set_level(logging.WARNING)
    async with channel_client(twilio_channel()) as client:
        response = await client.post(
            "/webhooks/twilio/webhook",
            content=payload_bytes("twilio_sms.form"),
            headers={**FORM, **headers},
        )
    assert response.status_code == 403
    assert agent.received == []
    assert reason in caplog.text


async def test_changed_message_text_breaks_the_signature(channel_client, agent) -> None:
    original = payload_bytes("twilio_sms.form")
    signature = twilio_signature(AUTH_TOKEN, WEBHOOK_URL, original)
    async with channel_client(twilio_channel()) as client:
        response = await client.post(
            "/webhooks/twilio/webhook",
            content=sms_body("Cancel+my+appointment"),
            headers={**FORM, "X-Twilio-Signature": signature},
        )
    assert response.status_code == 403
    assert agent.received == []


async def test_missing_auth_token_refuses_everything(channel_client, agent, caplog) -> None:
    caplog.set_level(logging.WARNING)
    async with channel_client(twilio_channel(auth_token="")) as client:
        response = await post_signed(client, payload_bytes("twilio_sms.form"))
    assert response.status_code == 403
    assert "auth_token" in caplog.text


async def test_without_webhook_url_the_request_url_is_signed(channel_client, agent, outbox) -> None:
    local_url = f"{BASE_URL}/webhooks/twilio/webhook"
    async with channel_client(twilio_channel(webhook_url=None)) as client:
        response = await post_signed(client, payload_bytes("twilio_sms.form"), url=local_url)
    assert response.status_code == 204
    assert len(agent.received) == 1


async def test_sms_conversation_numbers_options_and_maps_a_reply_back(
    channel_client, agent, outbox
) -> None:
    agent.replies = [
        {
            "text": "What would you like to know about **epidural steroid injections**?",
            "buttons": [
                {"title": "How to prepare", "payload": "/ask_prepare"},
                {"title": "What happens during it", "payload": "/ask_during"},
                {"title": "Recovery", "payload": "/ask_recovery"},
            ],
        }
    ]
    async with channel_client(twilio_channel()) as client:
        await post_signed(client, payload_bytes("twilio_sms.form"))
        first = list(outbox.sent)
        agent.replies = []
        await post_signed(client, sms_body("1"))
        await post_signed(client, sms_body("1"))

    assert len(first) == 1, "the question and its options arrive as one SMS"
    sms = first[0]
    assert sms["to"] == PATIENT and sms["from_"] == "+15555550100"
    assert sms["body"] == (
        "What would you like to know about epidural steroid injections?\n\n"
        "Reply 1 for How to prepare\nReply 2 for What happens during it\nReply 3 for Recovery"
    )
    assert agent.texts[1] == "/ask_prepare"
    assert agent.texts[2] == "1", "options are used once; a later '1' is plain text"


async def test_whatsapp_reply_comes_from_the_whatsapp_number(channel_client, agent, outbox) -> None:
    agent.replies = [{"text": "Yes. If you get medicine to relax, plan for a driver."}]
    async with channel_client(twilio_channel()) as client:
        response = await post_signed(client, payload_bytes("twilio_whatsapp.form"))
    assert response.status_code == 204
    assert outbox.sent == [
        {
            "to": "whatsapp:+15555550124",
            "from_": "whatsapp:+15555550101",
            "body": "Yes. If you get medicine to relax, plan for a driver.",
        }
    ]


async def test_long_reply_is_split_at_sentence_ends_under_1600(
    channel_client, agent, outbox
) -> None:
    sentence = "Keep a short pain diary for the first few hours after the block. "
    agent.replies = [{"text": sentence * 40}]
    async with channel_client(twilio_channel()) as client:
        await post_signed(client, payload_bytes("twilio_sms.form"))
    bodies = [sms["body"] for sms in outbox.sent]
    assert len(bodies) == 2
    assert all(len(body) <= 1600 for body in bodies)
    assert all(body.endswith("block.") for body in bodies)
    assert " ".join(bodies) == (sentence * 40).strip()
