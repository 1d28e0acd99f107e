"""Delete conversations idle for longer than the clinic's retention period from the SQL store."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, TrackerStore
from rasa.utils.endpoints import read_endpoint_config

from bot.errors import ContentError

SECONDS_PER_DAY = 24 * 60 * 60
_DELETE_BATCH = 500
_STORE_HINT = "type: bot.privacy.tracker_store.RedactingSQLTrackerStore"


@dataclass(frozen=True)
class PurgeResult:
    """How many conversations were (or, in a dry run, would be) removed, and from where."""

    conversations: int
    events: int
    database: str
    dry_run: bool


def sql_store_from_endpoints(endpoints_file: str | Path) -> SQLTrackerStore:
    """Build the SQL tracker store the Rasa server uses, resolving ${ENV} values as Rasa does."""
    path = Path(endpoints_file)
    if not path.is_file():
        raise ContentError(path, "(file)", "pass an existing endpoints file with --endpoints")
    config = read_endpoint_config(str(path), "tracker_store")
    if config is None or config.type is None:
        fix = f"add a tracker_store block with '{_STORE_HINT}' (in-memory stores need no purge)"
        raise ContentError(path, "tracker_store", fix)
    store = TrackerStore.create(config)
    store = getattr(store, "_tracker_store", store)  # unwrap Rasa's AwaitableTrackerStore
    if not isinstance(store, SQLTrackerStore):
        fix = f"purge works on SQL stores only; use '{_STORE_HINT}' (got '{config.type}')"
        raise ContentError(path, "tracker_store.type", fix)
    return store


def _stale_sender_ids(store: SQLTrackerStore, cutoff: float) -> list[str]:
    events = store.SQLEvent.__table__
    query = (
        sa.select(events.c.sender_id)
        .group_by(events.c.sender_id)
        .having(sa.func.max(events.c.timestamp) < cutoff)
    )
    with store.engine.connect() as connection:
        return [row[0] for row in connection.execute(query)]


def purge_old_conversations(
    store: SQLTrackerStore, days: float, dry_run: bool = False, now: float | None = None
) -> PurgeResult:
    """Remove every conversation whose last event is older than `days` days."""
    if days <= 0:
        raise ValueError(f"--days must be more than 0 (got {days}); 0 would delete everything")
    cutoff = (time.time() if now is None else now) - days * SECONDS_PER_DAY
    sender_ids = _stale_sender_ids(store, cutoff)
    events = store.SQLEvent.__table__
    removed_events = 0
    with store.engine.begin() as connection:
        for start in range(0, len(sender_ids), _DELETE_BATCH):
            batch = sender_ids[start : start + _DELETE_BATCH]
            in_batch = events.c.sender_id.in_(batch)
            if dry_run:
                count = sa.select(sa.func.count()).select_from(events).where(in_batch)
                removed_events += connection.execute(count).scalar_one()
            else:
                removed_events += connection.execute(sa.delete(events).where(in_batch)).rowcount
    database = store.engine.url.render_as_string(hide_password=True)
    return PurgeResult(len(sender_ids), removed_events, database, dry_run)
