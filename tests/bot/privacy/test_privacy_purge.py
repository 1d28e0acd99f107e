"""Retention: `python -m bot.privacy purge` removes idle conversations and keeps recent ones."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.privacy.__main__ import main
from bot.privacy.purge import SECONDS_PER_DAY, purge_old_conversations
from bot.privacy.tracker_store import RedactingSQLTrackerStore

NOW = 1_800_000_000.0


def _conversation(sender_id: str, days_ago_first: float, days_ago_last: float):
    first = NOW - days_ago_first * SECONDS_PER_DAY
    last = NOW - days_ago_last * SECONDS_PER_DAY
    return DialogueStateTracker.from_events(
        sender_id,
        [
            ActionExecuted("action_listen", timestamp=first),
            UserUttered("what is an epidural?", intent={"name": "ask_what_is"}, timestamp=first),
            BotUttered("It is a shot near the spine.", timestamp=last),
        ],
    )


async def _fill(store: RedactingSQLTrackerStore) -> None:
    await store.save(_conversation("old-1", 90, 60))
    await store.save(_conversation("old-2", 45, 31))
    await store.save(_conversation("started-long-ago-still-active", 60, 2))
    await store.save(_conversation("new", 1, 0))


def _senders(sqlite_file: Path) -> set[str]:
    with sqlite3.connect(sqlite_file) as connection:
        return {row[0] for row in connection.execute("SELECT DISTINCT sender_id FROM events")}


@pytest.fixture
async def filled_store(domain: Domain, sqlite_file: Path) -> RedactingSQLTrackerStore:
    store = RedactingSQLTrackerStore(domain=domain, db=str(sqlite_file))
    await _fill(store)
    return store


async def test_purge_removes_only_conversations_idle_longer_than_days(
    filled_store: RedactingSQLTrackerStore, sqlite_file: Path
) -> None:
    result = purge_old_conversations(filled_store, days=30, now=NOW)

    assert (result.conversations, result.events) == (2, 6)
    assert _senders(sqlite_file) == {"started-long-ago-still-active", "new"}


async def test_dry_run_counts_but_deletes_nothing(
    filled_store: RedactingSQLTrackerStore, sqlite_file: Path
) -> None:
    result = purge_old_conversations(filled_store, days=30, dry_run=True, now=NOW)

    assert result.conversations == 2
    assert len(_senders(sqlite_file)) == 4


async def test_zero_days_is_refused(filled_store: RedactingSQLTrackerStore) -> None:
    with pytest.raises(ValueError, match="--days"):
        purge_old_conversations(filled_store, days=0, now=NOW)


def _endpoints(tmp_path: Path, body: str) -> Path:
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(body)
    return endpoints


async def test_command_reads_env_vars_in_endpoints_and_prints_count(
    domain: Domain,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    sqlite_file = tmp_path / "real.db"
    store = RedactingSQLTrackerStore(domain=domain, db=str(sqlite_file))
    await store.save(_conversation("ancient", 400, 400))
    await store.save(_conversation("today", 0, 0))
    monkeypatch.setenv("PAINPATH_TEST_DB", str(sqlite_file))
    endpoints = _endpoints(
        tmp_path,
        "tracker_store:\n"
        "  type: bot.privacy.tracker_store.RedactingSQLTrackerStore\n"
        "  dialect: sqlite\n"
        "  db: ${PAINPATH_TEST_DB}\n",
    )

    assert main(["purge", "--days", "30", "--endpoints", str(endpoints), "--dry-run"]) == 0
    assert "Would remove 1 conversation" in capsys.readouterr().out
    assert main(["purge", "--days", "30", "--endpoints", str(endpoints)]) == 0

    assert "Removed 1 conversation" in capsys.readouterr().out
    assert _senders(sqlite_file) == {"today"}


def test_command_explains_a_missing_tracker_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    endpoints = _endpoints(tmp_path, "action_endpoint:\n  url: http://localhost:5055/webhook\n")

    assert main(["purge", "--days", "30", "--endpoints", str(endpoints)]) == 2

    error = capsys.readouterr().err
    assert "endpoints.yml" in error
    assert "tracker_store" in error
    assert "RedactingSQLTrackerStore" in error


def test_command_refuses_non_sql_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    endpoints = _endpoints(tmp_path, "tracker_store:\n  type: redis\n  url: localhost\n")

    assert main(["purge", "--days", "30", "--endpoints", str(endpoints)]) == 2
    assert "SQL stores only" in capsys.readouterr().err


def test_command_refuses_non_positive_days(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["purge", "--days", "0"]) == 2
    assert "--days" in capsys.readouterr().err


def test_purge_command_runs_on_the_shipped_endpoints_without_extra_settings(
    tmp_path, monkeypatch, capsys
):
    """`make purge-conversations` must work without the variables `make run` sets."""
    from bot.paths import REPO_ROOT
    from bot.privacy.__main__ import main

    monkeypatch.delenv("ACTION_ENDPOINT_URL", raising=False)
    monkeypatch.setenv("PAINPATH_TRACKER_DB", str(tmp_path / "conversations.db"))
    endpoints = str(REPO_ROOT / "endpoints.yml")
    assert main(["purge", "--days", "30", "--endpoints", endpoints, "--dry-run"]) == 0
    assert "conversation" in capsys.readouterr().out
