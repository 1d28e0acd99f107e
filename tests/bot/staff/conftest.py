"""A tracker store with scripted conversations, the console database, and a fast password hasher."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher

from bot.privacy import log_filter
from bot.staff.console_db import open_console_db
from bot.staff.fold import AggregateFold
from bot.staff.tracker_source import TrackerSource

sys.path.insert(0, str(Path(__file__).parent))

CLINIC_ZONE = ZoneInfo("America/Chicago")
# Tests hash with argon2id at its smallest cost; users.py uses the library's defaults.
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


def local_time(text: str) -> float:
    """A timestamp from a clinic-local 'YYYY-MM-DD HH:MM'."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=CLINIC_ZONE).timestamp()


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
