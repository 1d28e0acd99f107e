"""What the real-stack browser tests need, and how they react when it is missing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.paths import REPO_ROOT

CHROMIUM = Path("/usr/bin/chromium")
NODE_MODULES = REPO_ROOT / "node_modules"
LOGS = REPO_ROOT / "tests" / "browser" / "artifacts" / "real-stack"
STACK_START_TIMEOUT_S = 240.0


def missing_requirement(reason: str) -> None:
    """Skip with the reason on a developer machine; fail under CI=true, where nothing may skip."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: browser tests must run, not skip)", pytrace=False)
    pytest.skip(reason)


def require_file(path: Path, fix: str) -> Path:
    """Return the path, or skip/fail naming the file and the command that provides it."""
    if not path.is_file():
        missing_requirement(f"{path} is missing: {fix}")
    return path
