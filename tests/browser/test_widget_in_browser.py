"""The chat widget as a patient uses it, in headless Chromium, against a fake Rasa server."""

from __future__ import annotations

import pytest
from fake_rasa import LINK
from playwright.sync_api import Page, expect

from bot.paths import NODE_MODULES_DIR

pytestmark = pytest.mark.browser

AXE_SCRIPT = NODE_MODULES_DIR / "axe-core" / "axe.min.js"
LOG = ".pp-log"
BOT = ".pp-log .pp-from-bot"
USER = ".pp-log .pp-from-user"


def open_widget(page: Page) -> None:
    page.goto("/")
    page.get_by_role("button", name="Chat with us").click()
    expect(page.get_by_role("dialog")).to_be_visible()


def ask(page: Page, text: str) -> None:
    page.get_by_label("Type your message").fill(text)
    page.get_by_role("button", name="Send").click()


def test_question_gets_an_answer_with_a_link_and_quick_replies(page: Page, fake_rasa) -> None:
    open_widget(page)
    ask(page, "what is an epidural")
    expect(page.locator(BOT).last).to_contain_text("You asked: what is an epidural")
    link = page.locator(BOT).last.get_by_role("link", name=LINK)
    expect(link).to_have_attribute("href", LINK)
    expect(link).to_have_attribute("rel", "noopener noreferrer")

    page.get_by_role("button", name="How to prepare").click()
    expect(page.locator(USER).last).to_have_text("You said: How to prepare")
    expect(page.locator(BOT).last).to_contain_text("follow your clinic's own instructions")
    assert fake_rasa.messages[-1]["message"] == "/ask_prepare", "the payload goes to Rasa"
    expect(page.get_by_role("button", name="How to prepare")).to_have_count(0)


def test_conversation_survives_a_reload_in_the_same_session(page: Page, fake_rasa) -> None:
    open_widget(page)
    ask(page, "first question")
    expect(page.locator(BOT).last).to_contain_text("first question")
    session_id = fake_rasa.messages[-1]["session_id"]

    page.reload()
    page.get_by_role("button", name="Chat with us").click()
    expect(page.locator(USER)).to_have_text(["You said: first question"])
    expect(page.locator(BOT).last).to_contain_text("first question")
    expect(page.get_by_role("button", name="Risks")).to_be_visible()
    ask(page, "second question")
    expect(page.locator(BOT).last).to_contain_text("second question")
    assert fake_rasa.messages[-1]["session_id"] == session_id


def test_html_in_messages_stays_text_and_never_runs(page: Page) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    open_widget(page)
    attack = "<img src=x onerror=alert(1)>"
    ask(page, attack)
    expect(page.locator(BOT).last).to_contain_text(f"You asked: {attack}")
    expect(page.locator(USER).last).to_have_text(f"You said: {attack}")
    assert page.locator(f"{LOG} img").count() == 0
    page.wait_for_timeout(300)
    assert dialogs == []


def test_no_wcag_a_or_aa_violations_with_a_conversation_open(page: Page) -> None:
    open_widget(page)
    ask(page, "what is an epidural")
    expect(page.get_by_role("button", name="Risks")).to_be_visible()
    page.add_script_tag(path=str(AXE_SCRIPT))
    run_axe = "() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}})"
    result = page.evaluate(run_axe)
    problems = [(v["id"], [n["target"] for n in v["nodes"]]) for v in result["violations"]]
    assert result["passes"], "axe-core ran its checks"
    assert problems == []


def test_phone_width_has_no_sideways_scrolling(page: Page) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    open_widget(page)
    ask(page, "a long question " * 8)
    expect(page.locator(BOT).last).to_contain_text("You asked")
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1]
    box = page.get_by_role("dialog").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360


def test_at_200_percent_zoom_the_message_box_stays_on_screen(page: Page) -> None:
    page.set_viewport_size({"width": 640, "height": 400})
    open_widget(page)
    for name in ("Send", "Close chat"):
        box = page.get_by_role("button", name=name).bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= 400, name
        assert box["x"] >= 0 and box["x"] + box["width"] <= 640, name


def test_keyboard_only_patient_can_open_send_and_close(page: Page) -> None:
    page.goto("/")
    launcher = page.get_by_role("button", name="Chat with us")
    for _ in range(20):
        page.keyboard.press("Tab")
        if launcher.evaluate("node => node === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the chat launcher")
    page.keyboard.press("Enter")
    expect(page.get_by_label("Type your message")).to_be_focused()
    page.keyboard.type("hours please")
    page.keyboard.press("Enter")
    expect(page.locator(BOT).last).to_contain_text("hours please")
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_be_hidden()
    expect(launcher).to_be_focused()
    expect(launcher).to_have_attribute("aria-expanded", "false")


def test_on_a_phone_the_open_chat_fills_the_screen_and_hides_the_launcher(page: Page) -> None:
    page.set_viewport_size({"width": 375, "height": 667})
    open_widget(page)
    box = page.get_by_role("dialog").bounding_box()
    assert (box["x"], box["y"], box["width"], box["height"]) == (0, 0, 375, 667)
    expect(page.get_by_role("button", name="Chat with us")).to_be_hidden()
    under_the_input = page.evaluate(
        "() => [[187, 660], [5, 5], [370, 400], [187, 300]].map(([x, y]) =>"
        " document.elementFromPoint(x, y).closest('.pp-root') !== null)"
    )
    assert under_the_input == [True, True, True, True], "no page text shows around the chat"
    page.get_by_role("button", name="Close chat").click()
    expect(page.get_by_role("button", name="Chat with us")).to_be_visible()


def test_on_a_wide_screen_the_launcher_is_hidden_while_the_chat_is_open(page: Page) -> None:
    open_widget(page)
    launcher = page.get_by_role("button", name="Chat with us")
    expect(launcher).to_be_hidden()
    box = page.get_by_role("dialog").bounding_box()
    assert box["width"] < 640, "a panel beside the page, not the whole screen"
    page.keyboard.press("Escape")
    expect(launcher).to_be_visible()
    expect(launcher).to_be_focused()


def test_keyboard_focus_stays_inside_the_open_chat(page: Page) -> None:
    open_widget(page)
    ask(page, "what is an epidural")
    expect(page.get_by_role("button", name="Risks")).to_be_visible()
    inside = "() => document.querySelector('.pp-dialog').contains(document.activeElement)"
    for _ in range(12):
        page.keyboard.press("Tab")
        assert page.evaluate(inside), "Tab never leaves the chat"
    for _ in range(12):
        page.keyboard.press("Shift+Tab")
        assert page.evaluate(inside), "Shift+Tab never leaves the chat"
    page.evaluate("() => document.querySelector('h1').setAttribute('tabindex', '-1')")
    page.locator("h1").focus()  # e.g. a screen reader moving to the page behind
    expect(page.get_by_label("Type your message")).to_be_focused()
