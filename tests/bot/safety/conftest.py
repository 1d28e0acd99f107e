"""One checker from the shipped rules file, shared by the safety tests (building takes ~1 s)."""

from __future__ import annotations

import pytest

from bot.safety import RedFlagChecker


@pytest.fixture(scope="session")
def checker() -> RedFlagChecker:
    return RedFlagChecker.from_file()
