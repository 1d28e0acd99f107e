"""A tracker store for scripted conversations, the console database and the fold over both."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.privacy import log_filter
from bot.staff.console_db import open_console_db
from bot.staff.fold import AggregateFold
from bot.staff.tracker_source import TrackerSource

sys.path.insert(0, str(Path(__file__).parent))
from conversations import CLINIC_ZONE  # noqa: E402


@pytest.fixture
def tracker_db(tmp_path: Path) -> Path:
    return tmp_path / "conversations.db"


@pytest.fixture
def console_engine(tmp_path: Path) -> sa.engine.Engine:
    return open_console_db(tmp_path / "staff.db")


@pytest.fixture
def fold(console_engine: sa.engine.Engine, tracker_db: Path) -> AggregateFold:
    return AggregateFold(console_engine, TrackerSource(f"sqlite:///{tracker_db}"), CLINIC_ZONE)


@pytest.fixture(autouse=True)
def restore_log_record_factory() -> Iterator[None]:
    yield
    log_filter.uninstall()
