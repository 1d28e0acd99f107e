"""SMS and WhatsApp patients are never left in silence: a failed turn still sends the kind reply."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from channel_test_support import payload_bytes, twilio_signature
from rasa.core.channels.channel import UserMessage

from bot.channels.twilio import SignedTwilioInput
from bot.paths import CLINIC_FILE
from bot.resilience.turn_guard import current_turn

CLINIC_FILE = CLINIC_FILE
AUTH_TOKEN = "test-auth-token-0123456789"
WEBHOOK_URL = "https://bot.riverbend.example/webhooks/twilio/webhook"
PATIENT = "+15555550123"


class BrokenTurnAgent:
    """Stands in for Rasa's agent when a turn goes wrong in one of three ways."""

    def __init__(self, failure: str) -> None:
        self.failure = failure
        self.received: list[str] = []

    async def handle_message(self, message: UserMessage) -> None:
        self.received.append(message.text)
        if self.failure == "raises":
            raise RuntimeError("the model crashed")
        if self.failure == "action_server_down":
            # What GuardedActionEndpoint reports when the action server cannot be reached.
            current_turn().action_failures += 1


@pytest.fixture
def sample_clinic(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    monkeypatch.setenv("PAINPATH_CLINIC_FILE", str(CLINIC_FILE))
    monkeypatch.delenv("PAINPATH_CLINIC_URL", raising=False)
    return yaml.safe_load(CLINIC_FILE.read_text(encoding="utf-8"))


@pytest.mark.parametrize("failure", ["raises", "no_reply", "action_server_down"])
async def test_failed_sms_turn_gets_the_fallback_with_the_clinic_phone(
    channel_client, agent, outbox, sample_clinic, failure: str
) -> None:
    broken = BrokenTurnAgent(failure)
    agent.handle_message = broken.handle_message
    channel = SignedTwilioInput.from_credentials(
        {
            "account_sid": "AC0123456789abcdef0123456789abcdef",
            "auth_token": AUTH_TOKEN,
            "twilio_number": "+15555550100",
            "webhook_url": WEBHOOK_URL,
        }
    )
    body = payload_bytes("twilio_sms.form")
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Twilio-Signature": twilio_signature(AUTH_TOKEN, WEBHOOK_URL, body),
    }
    async with channel_client(channel) as client:
        response = await client.post("/webhooks/twilio/webhook", content=body, headers=headers)

    assert response.status_code == 204
    assert broken.received == ["What is an epidural steroid injection?"]
    assert len(outbox.sent) == 1, "exactly one kind reply, not silence and not a duplicate"
    sms = outbox.sent[0]
    assert sms["to"] == PATIENT and sms["from_"] == "+15555550100"
    assert "trouble answering" in sms["body"]
    assert f"call {sample_clinic['name']} at {sample_clinic['phone']}" in sms["body"]
    assert "In an emergency, call 911." in sms["body"]
