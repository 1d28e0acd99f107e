"""Every channel configured and no platform answering: the assistant still starts and serves.

The real servers start as `make run` starts them, with Twilio, Messenger, Slack and Telegram
all configured, their APIs faked on loopback (tests/fake_platforms.py): the Graph API hangs,
Twilio answers 503 and Telegram cannot be reached at all. The website's REST and Socket.IO
channels must answer, signed webhooks must get their 2xx at once, failed replies must be
retried and then dropped with a log line, and no token may reach a log.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import socketio

from bot.launcher import Settings, Stack
from bot.paths import REPO_ROOT
from bot.processes import free_port
from tests.channels.channel_test_support import hex_hmac, payload_bytes, twilio_signature
from tests.fake_platforms import Answer, FakePlatforms

pytestmark = pytest.mark.e2e

SECRETS = {
    "TWILIO_AUTH_TOKEN": "e2e-twilio-auth-token-0123456789",
    "FACEBOOK_APP_SECRET": "e2e-meta-app-secret-0123456789",
    "FACEBOOK_PAGE_ACCESS_TOKEN": "EAAGe2ePAGEaccessTOKEN0123456789",
    "FACEBOOK_VERIFY_TOKEN": "e2e-verify-token-0123456789",
    "SLACK_BOT_TOKEN": "xoxb-e2e-slack-bot-token-0123456789",
    "SLACK_SIGNING_SECRET": "e2e-slack-signing-secret-0123456789",
    "TELEGRAM_ACCESS_TOKEN": "5550100:e2e-TELEGRAM-bot-token-0123456789",
    "TELEGRAM_SECRET_TOKEN": "e2e_telegram_secret_0123456789",
}
ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef"
DROPPED = "a reply to a patient was dropped"


class RunningStack:
    """The servers, their logs, the fake platforms and the Rasa server's URL."""

    def __init__(self, stack: Stack, logs: Path, platforms: FakePlatforms) -> None:
        self.stack = stack
        self.logs = logs
        self.platforms = platforms
        self.url = f"http://127.0.0.1:{stack.settings.rasa_port}"

    def log_text(self) -> str:
        return "\n".join(p.read_text(errors="replace") for p in sorted(self.logs.glob("*.log")))

    def wait_for_log(self, text: str, count: int = 1, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            logs = self.log_text()
            if logs.count(text) >= count:
                return logs
            time.sleep(0.25)
        raise AssertionError(f"{text!r} not logged {count} times within {timeout:g} s")

    def health(self) -> dict:
        return httpx.get(f"{self.url}/health", timeout=5).json()


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningStack]:
    platforms = FakePlatforms()
    platforms.hang("graph")
    platforms.always("twilio", Answer(503, {"code": 20500, "message": "Internal Server Error"}))
    tmp = tmp_path_factory.mktemp("platforms-down")
    rasa_port = free_port()
    with platforms.in_thread():
        nobody_listens = f"http://127.0.0.1:{free_port()}"
        extra_env = {
            **SECRETS,
            **platforms.env(),
            "PAINPATH_TELEGRAM_API_URL": nobody_listens,
            "PAINPATH_PLATFORM_TIMEOUT_SECONDS": "1",
            "PAINPATH_PLATFORM_ATTEMPTS": "3",
            "PAINPATH_PLATFORM_BACKOFF_SECONDS": "0.2",
            "PAINPATH_REGISTRATION_RETRY_SECONDS": "1",
            "PAINPATH_SENDER_KEY": "e2e-sender-key-" + "0" * 32,
            "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
            "TWILIO_NUMBER": "+15555550100",
            "TWILIO_WHATSAPP_NUMBER": "",
            "TWILIO_WEBHOOK_URL": f"http://127.0.0.1:{rasa_port}/webhooks/twilio/webhook",
            "TELEGRAM_BOT_USERNAME": "painpath_demo_bot",
            "TELEGRAM_WEBHOOK_URL": "https://bot.riverbend.example/webhooks/telegram/webhook",
        }
        settings = Settings(
            rasa_port=rasa_port,
            action_port=free_port(),
            web_port=free_port(),
            clinic_file=str(REPO_ROOT / "clinic.yml"),
            tracker_db=str(tmp / "conversations.db"),
            active_credentials=str(tmp / "credentials.active.yml"),
            extra_env=extra_env,
        )
        stack = Stack(settings, log_dir=tmp / "logs")
        channels_off = stack.start()
        try:
            stack.wait_until_ready(timeout=240)
            assert channels_off == [], "every channel is configured"
            yield RunningStack(stack, tmp / "logs", platforms)
        finally:
            stack.stop()


def rest_reply(url: str, sender: str, text: str) -> tuple[list[dict], float]:
    started = time.monotonic()
    response = httpx.post(
        f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=30
    )
    response.raise_for_status()
    return response.json(), time.monotonic() - started


def test_rest_answers_and_health_shows_telegram_registering(running: RunningStack) -> None:
    reply, _ = rest_reply(running.url, f"e2e-{uuid.uuid4().hex[:8]}", "what is a nerve block")
    assert reply and "nerve" in " ".join(m.get("text", "") for m in reply).lower()
    health = running.health()
    every_channel = {"rest", "socketio", "twilio", "facebook", "slack", "telegram"}
    assert set(health["channels"]) >= every_channel
    telegram = health["channels"]["telegram"]
    assert telegram["state"] == "registering"
    assert "Telegram setWebhook failed" in telegram["detail"]
    assert "cannot connect" in telegram["detail"]
    assert health["channels"]["rest"]["state"] == "ok"
    running.wait_for_log("Every other channel keeps serving")


def test_signed_messenger_event_gets_200_at_once_while_the_graph_api_hangs(
    running: RunningStack,
) -> None:
    body = payload_bytes("messenger_message.json")
    signature = hex_hmac(SECRETS["FACEBOOK_APP_SECRET"], body, hashlib.sha256)
    headers = {"Content-Type": "application/json", "X-Hub-Signature-256": "sha256=" + signature}
    started = time.monotonic()
    webhook = httpx.post(
        f"{running.url}/webhooks/facebook/webhook", content=body, headers=headers, timeout=30
    )
    webhook_seconds = time.monotonic() - started
    assert webhook.status_code == 200 and webhook_seconds < 1.0

    deadline = time.monotonic() + 10
    while not running.platforms.calls_to("graph") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert running.platforms.calls_to("graph"), "the reply is now waiting on the Graph API"
    reply, rest_seconds = rest_reply(running.url, "e2e-another-patient", "what are your hours?")
    assert reply and rest_seconds < 1.0, f"another patient waited {rest_seconds:.2f} s"

    logs = running.wait_for_log(DROPPED)
    assert "Graph API send failed after 3 attempts: no answer within 1 s" in logs
    sends = running.platforms.calls_to("graph")
    assert len(sends) >= 3 and sends[0].body == sends[1].body == sends[2].body, "retried"
    assert sends[0].body["recipient"] == {"id": "7012345678901234"}
    assert all(call.path == "/v26.0/me/messages" for call in sends), "no token in the URL"
    assert sends[0].headers["Authorization"] == "Bearer " + SECRETS["FACEBOOK_PAGE_ACCESS_TOKEN"]
    assert running.health()["channels"]["facebook"]["state"] == "failing"


def test_signed_sms_gets_204_and_a_failing_twilio_is_retried_then_dropped(
    running: RunningStack,
) -> None:
    url = f"{running.url}/webhooks/twilio/webhook"
    body = payload_bytes("twilio_sms.form")
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Twilio-Signature": twilio_signature(SECRETS["TWILIO_AUTH_TOKEN"], url, body),
    }
    before = running.log_text().count(DROPPED)
    started = time.monotonic()
    response = httpx.post(url, content=body, headers=headers, timeout=30)
    assert response.status_code == 204 and time.monotonic() - started < 1.0
    logs = running.wait_for_log(DROPPED, count=before + 1)
    assert "Twilio Messages API send failed after 3 attempts: HTTP 503" in logs
    sends = running.platforms.calls_to("twilio")
    assert len(sends) >= 3 and sends[0].body["To"] == "+15555550123"


def test_socketio_session_start_gets_no_reply_and_a_question_gets_an_answer(
    running: RunningStack,
) -> None:
    async def conversation() -> tuple[list[dict], list[dict]]:
        client = socketio.AsyncClient()
        replies: list[dict] = []
        confirmed = asyncio.Event()
        client.on("session_confirm", lambda *_: confirmed.set())
        client.on("bot_uttered", replies.append)
        # Long polling: the pinned engineio's websocket client wants a newer aiohttp (the
        # browser tests cover websockets).
        await client.connect(running.url, socketio_path="/socket.io", transports=["polling"])
        session = uuid.uuid4().hex
        await client.emit("session_request", {"session_id": session})
        await asyncio.wait_for(confirmed.wait(), 10)
        await client.emit("user_uttered", {"session_id": session, "customData": {}})
        await asyncio.sleep(3)
        after_start = list(replies)
        await client.emit("user_uttered", {"session_id": session, "message": "what is RFA"})
        for _ in range(200):
            if any("ablation" in reply.get("text", "").lower() for reply in replies):
                break
            await asyncio.sleep(0.1)
        await client.disconnect()
        return after_start, replies

    after_start, replies = asyncio.run(conversation())
    assert after_start == [], "opening the widget shows nothing before the patient types"
    assert any("ablation" in reply.get("text", "").lower() for reply in replies)


def test_no_token_or_secret_appears_in_any_log(running: RunningStack) -> None:
    running.wait_for_log(DROPPED)
    logs = running.log_text()
    assert logs, "the servers wrote logs"
    for name, secret in SECRETS.items():
        assert secret not in logs, f"{name} leaked into a log"
