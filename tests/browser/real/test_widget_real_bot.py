"""The PainPath widget on the demo page, in headless Chromium, talking to the real trained bot."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from real_stack_requirements import NODE_MODULES, require_file

from bot.knowledge import KnowledgeBase
from bot.topics import TopicCatalog

pytestmark = pytest.mark.browser

BOT = ".pp-log .pp-from-bot"
USER = ".pp-log .pp-from-user"
# The real bot runs NLU, the policies and an action-server call: allow for a busy 2-core machine.
BOT_REPLY_TIMEOUT_MS = 20_000
WCAG_TAGS = ["wcag2a", "wcag2aa"]


def answer(subject: str, topic: str) -> str:
    """The knowledge-base text the patient must see, read from the same content the bot uses."""
    entry = KnowledgeBase.load().answer(subject, topic)
    assert entry is not None, f"content/knowledge has no {subject}/{topic} entry"
    return entry.text


def open_widget(page: Page) -> None:
    page.goto("/")
    page.get_by_role("button", name="Chat with us").click()
    expect(page.get_by_role("dialog")).to_be_visible()


def ask(page: Page, text: str) -> None:
    page.get_by_label("Type your message").fill(text)
    page.get_by_role("button", name="Send").click()


def expect_bot_says(page: Page, text: str) -> None:
    expect(page.locator(BOT).filter(has_text=text)).to_have_count(1, timeout=BOT_REPLY_TIMEOUT_MS)


def test_patient_asks_clicks_a_quick_reply_and_keeps_the_history_after_reload(page: Page) -> None:
    open_widget(page)
    ask(page, "what is a nerve block")
    expect_bot_says(page, answer("nerve_block", "what_is"))

    label = TopicCatalog.load().procedure_topic_label("who_helps")
    quick_reply = page.get_by_role("button", name=label)
    expect(quick_reply).to_be_visible(timeout=BOT_REPLY_TIMEOUT_MS)
    quick_reply.click()
    expect(page.locator(USER).last).to_have_text(f"You said: {label}")
    expect_bot_says(page, answer("nerve_block", "who_helps"))

    page.reload()
    page.get_by_role("button", name="Chat with us").click()
    expect(page.locator(USER)).to_have_text(
        ["You said: what is a nerve block", f"You said: {label}"]
    )
    expect_bot_says(page, answer("nerve_block", "what_is"))
    expect_bot_says(page, answer("nerve_block", "who_helps"))


def test_html_typed_by_a_patient_is_shown_as_text_and_never_runs(page: Page) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    open_widget(page)
    attack = "<img src=x onerror=alert(1)>"
    bot_lines_before = page.locator(BOT).count()
    ask(page, attack)
    expect(page.locator(USER).last).to_have_text(f"You said: {attack}")
    expect(page.locator(BOT)).not_to_have_count(bot_lines_before, timeout=BOT_REPLY_TIMEOUT_MS)
    assert page.locator(".pp-log img").count() == 0
    page.wait_for_timeout(300)
    assert dialogs == []


def test_no_wcag_a_or_aa_violations_with_a_real_answer_open(page: Page) -> None:
    axe_script = require_file(NODE_MODULES / "axe-core" / "axe.min.js", "run `npm ci`")
    open_widget(page)
    ask(page, "what is a nerve block")
    expect_bot_says(page, answer("nerve_block", "what_is"))
    label = TopicCatalog.load().procedure_topic_label("who_helps")
    expect(page.get_by_role("button", name=label)).to_be_visible(timeout=BOT_REPLY_TIMEOUT_MS)
    page.add_script_tag(path=str(axe_script))
    run_axe = "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
    result = page.evaluate(run_axe, WCAG_TAGS)
    problems = [(v["id"], [n["target"] for n in v["nodes"]]) for v in result["violations"]]
    assert result["passes"], "axe-core ran its checks"
    assert problems == []
