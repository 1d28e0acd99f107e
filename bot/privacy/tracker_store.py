"""A Rasa SQL tracker store that writes conversations with patient identifiers replaced by tags.

Rasa keeps the live tracker in memory for the current turn, so this turn still sees what the
patient typed; the next turn re-reads the redacted events, where slots such as `procedure` are
unchanged because they hold no identifier. Configure in endpoints.yml with
`type: bot.privacy.tracker_store.RedactingSQLTrackerStore` (sqlite or postgresql).
"""

from __future__ import annotations

import itertools
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker

from bot import server
from bot.errors import PainPathError
from bot.privacy.event_redaction import redact_event_dict
from bot.privacy.redaction import default_rules

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

DEFAULT_SQLITE_DB = "var/conversations.db"
_IN_MEMORY_SQLITE = (None, "", ":memory:")
SQLITE_POOL_SIZE = 2


class RedactionError(PainPathError):
    """A redacted event could not be rebuilt; it is not stored rather than stored raw."""


def redacted_event(event: Event, keep_slots: frozenset[str] = frozenset()) -> Event:
    """Return the event as it should be stored: the same object if it holds no identifier."""
    original = event.as_dict()
    cleaned = redact_event_dict(original, keep_slots)
    if cleaned == original:
        return event
    rebuilt = Event.from_parameters(cleaned)
    if rebuilt is None:
        raise RedactionError(
            f"bot/privacy/tracker_store.py: event '{original.get('event')}' could not be rebuilt "
            "after redaction; add its type to bot/privacy/event_redaction.py"
        )
    return rebuilt


def _ensure_sqlite_folder(dialect: str, host: str | None, db: str) -> None:
    """SQLite cannot create the folder of its file (var/ is not in git), so create it."""
    if dialect == "sqlite" and not host and db not in _IN_MEMORY_SQLITE:
        Path(db).expanduser().parent.mkdir(parents=True, exist_ok=True)


class RedactingSQLTrackerStore(SQLTrackerStore):
    """SQLTrackerStore whose stored rows and broker messages hold tags instead of identifiers."""

    def __init__(
        self,
        domain: Domain | None = None,
        dialect: str = "sqlite",
        host: str | None = None,
        port: int | None = None,
        db: str = DEFAULT_SQLITE_DB,
        username: str | None = None,
        password: str | None = None,
        event_broker: EventBroker | None = None,
        login_db: str | None = None,
        query: dict | None = None,
        **kwargs: Any,
    ) -> None:
        """Set up the server (Rasa builds this store before the agent, in every way the server is
        started: see bot/server.py), then check the pattern file before connecting, so no raw text
        leaks into the logs or the table."""
        server.install()
        self._keep_slots = default_rules().keep_slots
        self._stored_counts: dict[int, int] = {}  # id(tracker) -> events the table holds
        _ensure_sqlite_folder(dialect, host, db)
        super().__init__(
            domain=domain,
            dialect=dialect,
            host=host,
            port=port,
            db=db,
            username=username,
            password=password,
            event_broker=event_broker,
            login_db=login_db,
            query=query,
            **kwargs,
        )
        self._replace_engine()

    def _replace_engine(self) -> None:
        """Rasa's engine, rebuilt. PostgreSQL: each pooled connection is checked before use, since
        a restarted database leaves dead ones and Rasa would quietly fall back to memory for
        that turn, losing the conversation's context. SQLite: connections stay open, in WAL mode."""
        url = self.engine.url
        self.engine.dispose()
        if url.get_backend_name() == "sqlite":
            self.engine = sa.create_engine(url, **_sqlite_engine_kwargs(url))
            sa.event.listen(self.engine, "connect", _write_ahead_log)
        else:
            self.engine = sa.create_engine(url, pool_pre_ping=True, **create_engine_kwargs(url))
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)

    async def _retrieve(
        self, sender_id: str, fetch_events_from_all_sessions: bool
    ) -> DialogueStateTracker | None:
        tracker = await super()._retrieve(sender_id, fetch_events_from_all_sessions)
        if tracker is not None and not fetch_events_from_all_sessions:
            self._remember_stored(tracker)
        return tracker

    async def save(self, tracker: DialogueStateTracker) -> None:
        await super().save(tracker)
        self._remember_stored(tracker)

    def _remember_stored(self, tracker: DialogueStateTracker) -> None:
        """Note how many of this tracker object's events the table holds (its latest session)."""
        key = id(tracker)
        if key not in self._stored_counts:
            weakref.finalize(tracker, self._stored_counts.pop, key, None)
        self._stored_counts[key] = len(tracker.events)

    def _additional_events(self, session: Session, tracker: DialogueStateTracker) -> Iterator:
        """Hand SQLTrackerStore.save the new events, in their redacted form.

        Rasa counts the stored events of the conversation's latest session with a query on every
        save (a tenth of a replica's time per message in a profile of `make bench`). For a
        tracker this store read or saved, that count is known: the same number, since the lock
        store lets one turn of a conversation run at a time. Any other tracker is counted.
        """
        stored = self._stored_counts.get(id(tracker))
        if stored is None or stored > len(tracker.events):
            new_events = super()._additional_events(session, tracker)
        else:
            new_events = itertools.islice(tracker.events, stored, None)
        for event in new_events:
            yield redacted_event(event, self._keep_slots)

    async def _stream_new_events(
        self, event_broker: EventBroker, new_events: list[Event], sender_id: str
    ) -> None:
        """Publish redacted events, so an event broker never receives identifiers either."""
        cleaned = [redacted_event(event, self._keep_slots) for event in new_events]
        await super()._stream_new_events(event_broker, cleaned, sender_id)


def _sqlite_engine_kwargs(url: sa.engine.URL) -> dict[str, Any]:
    """Keep SQLite connections open between turns. SQLAlchemy 1.4 opens a new one for every
    query on a file database, and each open re-runs the PRAGMAs below: about a tenth of the
    Rasa server's time per message in a profile of `make bench`. A file that is deleted or
    moved is not a restart to survive, so no check before use is needed here."""
    if url.database in _IN_MEMORY_SQLITE:
        return {}
    return {
        "poolclass": sa.pool.QueuePool,
        "pool_size": SQLITE_POOL_SIZE,
        # Rasa's tracker store runs on the server's event loop thread; Sanic workers are
        # separate processes, each with its own pool.
        "connect_args": {"check_same_thread": False},
    }


def _write_ahead_log(connection: Any, _record: Any) -> None:
    """SQLite in WAL mode with normal sync: a turn no longer waits for a full disk flush (about
    half of each reply's time here). A crashed server loses nothing; a power cut may lose the
    last few turns."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
