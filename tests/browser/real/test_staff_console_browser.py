"""The staff console in headless Chromium on the real stack: sign-in, every view and a CSV
export with the keyboard alone, and no WCAG 2 A/AA violations (axe-core) on any page."""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.sync_api import Page, expect
from real_stack_requirements import NODE_MODULES, require_file

from bot.launcher import Stack
from tests.staff_console_support import STAFF_PASSWORD, add_staff_user

pytestmark = pytest.mark.browser

VIEWS = (
    ("/staff/", "Overview"),
    ("/staff/topics", "Topics patients ask about"),
    ("/staff/missed", "Missed questions"),
    ("/staff/safety", "Safety replies"),
    ("/staff/content", "Content review"),
)
OFF_TOPIC = "what's the weather like in paris tomorrow"
WCAG_TAGS = ["wcag2a", "wcag2aa"]
# The missed view may wait for the sentence encoder to load (bot/staff/console.py).
VIEW_TIMEOUT_MS = 60_000


@pytest.fixture(scope="module")
def staff_name(real_stack: Stack) -> str:
    """A staff user, and a conversation through the REST channel for the views to show."""
    url = f"http://127.0.0.1:{real_stack.settings.rasa_port}/webhooks/rest/webhook"
    for text in ("what is a nerve block", OFF_TOPIC):
        httpx.post(url, json={"sender": "staff-browser", "message": text}, timeout=60)
    return add_staff_user(real_stack.settings.extra_env["PAINPATH_STAFF_DB"])


@pytest.fixture
def staff_page(page: Page) -> Page:
    """The parent conftest's fresh profile on the real widget server, patient with slow views."""
    page.set_default_timeout(VIEW_TIMEOUT_MS)
    return page


def tab_to(page: Page, selector: str, most: int = 40) -> None:
    """Press Tab until the element matching `selector` has the focus."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def sign_in_by_keyboard(page: Page, name: str) -> None:
    page.goto("/staff/")
    expect(page).to_have_url(re.compile(r"/staff/login$"))
    tab_to(page, "#name")
    page.keyboard.type(name)
    page.keyboard.press("Tab")
    page.keyboard.type(STAFF_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Overview")


def test_sign_in_every_view_and_an_export_with_the_keyboard_alone(
    staff_page: Page, staff_name: str
) -> None:
    page = staff_page
    sign_in_by_keyboard(page, staff_name)
    expect(page.locator("dt", has_text="Conversations")).to_be_visible()
    for path, heading in VIEWS[1:]:
        tab_to(page, f'nav a[href="{path}"]')
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", level=1)).to_have_text(heading, timeout=VIEW_TIMEOUT_MS)
        expect(page.locator(f'nav a[href="{path}"]')).to_have_attribute("aria-current", "page")
        if heading == "Missed questions":
            expect(page.get_by_text(OFF_TOPIC).first).to_be_visible(timeout=VIEW_TIMEOUT_MS)
    tab_to(page, 'nav a[href="/staff/missed"]')
    page.keyboard.press("Enter")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Missed questions", timeout=VIEW_TIMEOUT_MS)
    tab_to(page, "a.export")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.endswith(".csv")
    with open(download.value.path(), encoding="utf-8") as saved:
        csv_text = saved.read()
    assert csv_text.startswith("group,group_messages,text,times,replies") and OFF_TOPIC in csv_text
    tab_to(page, "form.sign-out button")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/staff/login$"))
    page.goto("/staff/topics")
    expect(page).to_have_url(re.compile(r"/staff/login$"))


def test_no_wcag_a_or_aa_violations_on_any_staff_page(staff_page: Page, staff_name: str) -> None:
    axe_script = require_file(NODE_MODULES / "axe-core" / "axe.min.js", "run `npm ci`")
    page = staff_page

    def no_violations(where: str) -> None:
        # Evaluated through the DevTools protocol: the console's CSP (rightly) blocks injected tags.
        page.evaluate(axe_script.read_text(encoding="utf-8"))
        run_axe = "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
        result = page.evaluate(run_axe, WCAG_TAGS)
        violations = [(v["id"], [n["target"] for n in v["nodes"]]) for v in result["violations"]]
        assert violations == [], f"{where}: {violations}"
        assert result["passes"], "axe-core ran its checks"

    page.goto("/staff/login")
    no_violations("/staff/login")
    sign_in_by_keyboard(page, staff_name)
    for path, heading in VIEWS:
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading, timeout=VIEW_TIMEOUT_MS)
        no_violations(path)
