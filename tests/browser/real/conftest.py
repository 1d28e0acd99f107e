"""The real PainPath stack (action server, Rasa, widget server) on free ports, for browser tests.

The parent conftest (tests/browser/conftest.py) gives the Chromium launch and screenshot-on-failure;
this one swaps the fake Rasa server for the real one, so the widgets talk to the trained bot.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from real_stack_requirements import CHROMIUM, LOGS, STACK_START_TIMEOUT_S, require_file

from bot.launcher import Settings, Stack
from bot.paths import MODEL_FILE, REPO_ROOT
from bot.processes import free_port


@pytest.fixture(scope="session")
def browser(chromium_present: None, browser):  # noqa: ANN001 - the parent conftest's fixture
    """The parent's headless Chromium, after checking it exists (fails instead of skips on CI)."""
    return browser


@pytest.fixture(scope="session")
def chromium_present() -> None:
    require_file(CHROMIUM, "apt-get install -y chromium chromium-driver")


@pytest.fixture(scope="session")
def real_stack(chromium_present: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The three servers as `make run` starts them, with a throw-away tracker db and credentials.

    Checks Chromium first, so a missing browser skips (or fails) before a minute of start-up.
    """
    model = MODEL_FILE
    require_file(model, "run `make train` first")
    tmp = tmp_path_factory.mktemp("real-stack")
    rasa_port = free_port()
    settings = Settings(
        rasa_port=rasa_port,
        action_port=free_port(),
        web_port=free_port(),
        clinic_file=str(REPO_ROOT / "clinic.yml"),
        tracker_db=str(tmp / "conversations.db"),
        active_credentials=str(tmp / "credentials.active.yml"),
        # The page must call 127.0.0.1 (not localhost, which may resolve to ::1 first).
        extra_env={
            "RASA_PUBLIC_URL": f"http://127.0.0.1:{rasa_port}",
            "WEB_HOST": "127.0.0.1",
            "PAINPATH_STAFF_DB": str(tmp / "staff.db"),  # the staff console's own
        },
    )
    stack = Stack(settings, log_dir=LOGS)
    try:
        stack.start()
        stack.wait_until_ready(timeout=STACK_START_TIMEOUT_S)
        yield stack
    finally:
        stack.stop()


@pytest.fixture
def page(browser, real_stack: Stack, request: pytest.FixtureRequest) -> Iterator[object]:  # noqa: ANN001
    """A fresh browser profile on the real widget server; screenshot saved if the test fails."""
    base_url = f"http://127.0.0.1:{real_stack.settings.web_port}"
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 800})
    tab = context.new_page()
    try:
        yield tab
    finally:
        report = getattr(request.node, "report_call", None)
        if report is not None and report.failed:
            LOGS.mkdir(parents=True, exist_ok=True)
            tab.screenshot(path=str(LOGS / f"{request.node.name}.png"), full_page=True)
        context.close()
