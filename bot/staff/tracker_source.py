"""Read-only access to the conversations the Rasa server stores: the tracker store named in the
endpoints file (SQLite by default, PostgreSQL in the scale-out profile), through SQLAlchemy.

The widget server does not import Rasa (its tracker-store module alone takes ~10 s to import
and 70 MB here), so the `tracker_store` block is read as Rasa reads it: `${VAR}` filled from the
environment, `url`/`host` with a scheme taken as a full database URL, and the `events` table
of Rasa's `SQLTrackerStore` (columns id, sender_id, type_name, timestamp, intent_name,
action_name, data).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa

from bot.errors import ContentError
from bot.yaml_files import read_yaml

ENV_VAR = re.compile(r"\$\{([^}]+)\}")
SQL_STORE_TYPES = ("sql", "bot.privacy.tracker_store.RedactingSQLTrackerStore")
POSTGRESQL_SCHEMA_ENV = "POSTGRESQL_SCHEMA"  # honoured by Rasa's SQL store too

_metadata = sa.MetaData()
events = sa.Table(
    "events",
    _metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("sender_id", sa.String(255)),
    sa.Column("type_name", sa.String(255)),
    sa.Column("timestamp", sa.Float),
    sa.Column("intent_name", sa.String(255)),
    sa.Column("action_name", sa.String(255)),
    sa.Column("data", sa.Text),
)


@dataclass(frozen=True)
class StoredEvent:
    """One row of the events table, with `data` parsed only when asked for."""

    id: int
    sender_id: str
    type_name: str
    timestamp: float
    intent_name: str | None
    action_name: str | None
    raw_data: str | None

    @property
    def data(self) -> dict[str, Any]:
        try:
            parsed = json.loads(self.raw_data or "{}")
        except ValueError:
            return {}
        return parsed if isinstance(parsed, dict) else {}


def _substitute(value: Any, env: Mapping[str, str], file: Path, field: str) -> Any:
    if not isinstance(value, str):
        return value

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in env:
            raise ContentError(
                file, field, f"set the environment variable {name} (`make run` does)"
            )
        return env[name]

    return ENV_VAR.sub(fill, value)


def database_url(endpoints_file: str | Path, env: Mapping[str, str] | None = None) -> sa.engine.URL:
    """The SQLAlchemy URL of the tracker store in the endpoints file, as Rasa builds it."""
    env = os.environ if env is None else env
    path = Path(endpoints_file)
    config = read_yaml(path) or {}
    block = config.get("tracker_store") if isinstance(config, dict) else None
    if not isinstance(block, dict) or block.get("type") not in SQL_STORE_TYPES:
        fix = "the staff console reads an SQL tracker store: use " + SQL_STORE_TYPES[1]
        raise ContentError(path, "tracker_store.type", fix)
    values = {
        key: _substitute(value, env, path, f"tracker_store.{key}") for key, value in block.items()
    }
    host = values.get("url") or values.get("host")
    if host and "://" in str(host):
        return sa.engine.make_url(str(host))
    port = values.get("port")
    if host:
        parsed = urlsplit(f"scheme://{host}")
        port = parsed.port or port
        host = parsed.hostname or host
    return sa.engine.URL.create(
        values.get("dialect", "sqlite"),
        username=values.get("username"),
        password=values.get("password"),
        host=host or None,
        port=int(port) if port not in (None, "") else None,
        database=values.get("db", "rasa.db"),
    )


class TrackerSource:
    """The events table, read only. A store that does not exist yet reads as empty."""

    def __init__(self, url: sa.engine.URL | str) -> None:
        url = sa.engine.make_url(url) if isinstance(url, str) else url
        self.url = url
        self.engine = sa.create_engine(url, **_engine_kwargs(url))

    @classmethod
    def from_endpoints(
        cls, endpoints_file: str | Path, env: Mapping[str, str] | None = None
    ) -> TrackerSource:
        return cls(database_url(endpoints_file, env))

    @property
    def description(self) -> str:
        """The store's URL without its password, for identifying it (never shown to patients)."""
        return self.url.render_as_string(hide_password=True)

    def _exists(self) -> bool:
        if self.url.get_backend_name() == "sqlite" and not Path(self.url.database or "").exists():
            return False
        with self.engine.connect() as connection:
            return sa.inspect(connection).has_table("events")

    def events_after(
        self, last_id: int, limit: int, before: float | None = None
    ) -> list[StoredEvent]:
        """Up to `limit` events with id > last_id in id order; with `before`, stop at the first
        event whose timestamp is not older than it (see fold.settle_seconds)."""
        if not self._exists():
            return []
        query = sa.select(events).where(events.c.id > last_id).order_by(events.c.id).limit(limit)
        with self.engine.connect() as connection:
            rows = [StoredEvent(*row) for row in connection.execute(query)]
        if before is not None:
            for index, row in enumerate(rows):
                if (row.timestamp or 0) >= before:
                    return rows[:index]
        return rows

    def events_by_id(self, ids: list[int]) -> dict[int, StoredEvent]:
        """The stored events with these ids (purged ones are simply missing)."""
        found: dict[int, StoredEvent] = {}
        if not ids or not self._exists():
            return found
        with self.engine.connect() as connection:
            for start in range(0, len(ids), 500):
                batch = ids[start : start + 500]
                query = sa.select(events).where(events.c.id.in_(batch))
                found.update({row.id: StoredEvent(*row) for row in connection.execute(query)})
        return found

    def turn_in_context(self, event_id: int) -> Iterator[StoredEvent]:
        """The patient's message before this one, this one, and every event of its reply."""
        with self.engine.connect() as connection:
            sender = connection.execute(
                sa.select(events.c.sender_id).where(events.c.id == event_id)
            ).scalar()
            if sender is None:
                return
            of_sender = events.c.sender_id == sender
            previous = connection.execute(
                sa.select(sa.func.max(events.c.id)).where(
                    of_sender, events.c.id < event_id, events.c.type_name == "user"
                )
            ).scalar()
            following = connection.execute(
                sa.select(sa.func.min(events.c.id)).where(
                    of_sender, events.c.id > event_id, events.c.type_name == "user"
                )
            ).scalar()
            query = sa.select(events).where(of_sender, events.c.id >= (previous or event_id))
            if following is not None:
                query = query.where(events.c.id < following)
            for row in connection.execute(query.order_by(events.c.id)):
                yield StoredEvent(*row)


def _engine_kwargs(url: sa.engine.URL) -> dict[str, Any]:
    if url.get_backend_name() == "postgresql":
        kwargs: dict[str, Any] = {"pool_pre_ping": True, "pool_size": 2}
        schema = os.environ.get(POSTGRESQL_SCHEMA_ENV)
        if schema:
            kwargs["connect_args"] = {"options": f"-csearch_path={schema}"}
        return kwargs
    return {}
