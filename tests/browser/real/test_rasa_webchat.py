"""The standard rasa-webchat client (/webchat page) against our real Rasa Socket.IO channel."""

from __future__ import annotations

import pytest
import yaml
from playwright.sync_api import Page, expect
from real_stack_requirements import NODE_MODULES, require_file

from bot.knowledge import KnowledgeBase
from bot.launcher import Stack
from bot.paths import REPO_ROOT
from bot.topics import TopicCatalog

pytestmark = pytest.mark.browser

BOT = ".rw-messages-container .rw-response"
USER = ".rw-messages-container .rw-client"
BOT_REPLY_TIMEOUT_MS = 20_000
QUESTION = "what is a nerve block"


@pytest.fixture(autouse=True)
def webchat_bundle_installed() -> None:
    require_file(NODE_MODULES / "rasa-webchat" / "lib" / "index.js", "run `npm ci`")


def answer(subject: str, topic: str) -> str:
    entry = KnowledgeBase.load().answer(subject, topic)
    assert entry is not None, f"content/knowledge has no {subject}/{topic} entry"
    return entry.text


def greeting() -> str:
    """The first line of utter_greet: what the webchat's initPayload (/greet) must bring back."""
    domain = yaml.safe_load((REPO_ROOT / "domain.yml").read_text(encoding="utf-8"))
    return domain["responses"]["utter_greet"][0]["text"]


def expect_bot_says(page: Page, text: str) -> None:
    expect(page.locator(BOT).filter(has_text=text)).to_have_count(1, timeout=BOT_REPLY_TIMEOUT_MS)


def open_webchat(page: Page) -> None:
    page.goto("/webchat")
    page.locator(".rw-launcher").click()
    expect(page.locator(".rw-new-message")).to_be_visible()


def ask(page: Page, text: str) -> None:
    page.locator(".rw-new-message").fill(text)
    page.locator(".rw-new-message").press("Enter")


def test_webchat_greets_answers_and_follows_a_quick_reply_over_our_socket(
    page: Page, real_stack: Stack
) -> None:
    sockets: list[str] = []
    page.on("websocket", lambda socket: sockets.append(socket.url))
    open_webchat(page)
    expect_bot_says(page, greeting())

    ask(page, QUESTION)
    expect(page.locator(USER).filter(has_text=QUESTION)).to_have_count(1)
    expect_bot_says(page, answer("nerve_block", "what_is"))

    label = TopicCatalog.load().procedure_topic_label("who_helps")
    page.locator(".rw-reply", has_text=label).click()
    expect_bot_says(page, answer("nerve_block", "who_helps"))

    rasa_socket = f"ws://127.0.0.1:{real_stack.settings.rasa_port}/socket.io/"
    assert any(url.startswith(rasa_socket) for url in sockets), sockets


def test_webchat_shows_the_same_conversation_after_a_reload(page: Page) -> None:
    open_webchat(page)
    ask(page, QUESTION)
    expect_bot_says(page, answer("nerve_block", "what_is"))
    session_before = page.evaluate("() => localStorage.getItem('chat_session')")

    page.reload()
    expect(page.locator(".rw-new-message")).to_be_visible()  # rasa-webchat reopens it itself
    expect(page.locator(USER).filter(has_text=QUESTION)).to_have_count(1)
    expect_bot_says(page, answer("nerve_block", "what_is"))
    ask(page, "what are the risks")
    expect_bot_says(page, answer("nerve_block", "risks"))
    session_id = page.evaluate("() => JSON.parse(localStorage.getItem('chat_session')).session_id")
    assert session_id and session_id in session_before, "the reload kept the Rasa session id"


CLINIC_PAGE_WITHOUT_INIT_PAYLOAD = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A clinic's own page</title></head>
<body><h1>Riverside Pain Management Center</h1><div id="chat"></div>
<script src="/vendor/rasa-webchat.js"></script>
<script>
  WebChat.default({socketUrl: "%s", socketPath: "/socket.io/", title: "Ask us",
                   params: {storage: "session"}}, document.getElementById("chat"));
</script></body></html>"""


def test_webchat_without_an_init_payload_shows_nothing_until_the_patient_types(
    page: Page, real_stack: Stack
) -> None:
    """rasa-webchat's minimal set-up sends a `user_uttered` with no message when it opens; the
    patient must not read "I didn't find any words in that message" before typing."""
    socket_url = f"http://127.0.0.1:{real_stack.settings.rasa_port}"
    sent: list[str] = []
    page.on("websocket", lambda socket: socket.on("framesent", lambda frame: sent.append(frame)))
    # A page of the widget server's own origin (a page Playwright made up would count as a
    # public site, and Chromium would block its calls to the loopback Rasa server).
    page.goto("/health")
    page.set_content(CLINIC_PAGE_WITHOUT_INIT_PAYLOAD % socket_url)
    page.locator(".rw-launcher").click()
    expect(page.locator(".rw-new-message")).to_be_visible()
    page.wait_for_timeout(4_000)
    assert any("user_uttered" in str(frame) for frame in sent), "the widget sent its start event"
    expect(page.locator(BOT)).to_have_count(0)

    ask(page, QUESTION)
    expect_bot_says(page, answer("nerve_block", "what_is"))
    expect(page.get_by_text("didn't find any words")).to_have_count(0)
