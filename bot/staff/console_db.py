"""The console's own SQLite file (default var/staff.db): staff users, sessions and the per-day
aggregates. Nothing here is ever written to the tracker store, and no patient text is kept here:
missed questions and safety events are kept as event ids, and their redacted text is read from
the tracker store when a page shows it (so `make purge-conversations` removes it everywhere).
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

metadata = sa.MetaData()

staff_users = sa.Table(
    "staff_users",
    metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("password_hash", sa.Text, nullable=False),
    sa.Column("created", sa.Float, nullable=False),
)

# Only a hash of the session id is stored, so a copy of this file signs nobody in.
staff_sessions = sa.Table(
    "staff_sessions",
    metadata,
    sa.Column("id_hash", sa.String(64), primary_key=True),
    sa.Column("user_name", sa.String(64), nullable=False, index=True),
    sa.Column("csrf_token", sa.String(64), nullable=False),
    sa.Column("expires", sa.Float, nullable=False),
)

fold_state = sa.Table(
    "fold_state",
    metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

# One row per (day, channel, measure): messages, conversations, fell_back, hand_offs,
# other_language, and one measure per red-flag kind ("red_flag:emergency"...).
daily_counts = sa.Table(
    "daily_counts",
    metadata,
    sa.Column("day", sa.String(10), primary_key=True),
    sa.Column("channel", sa.String(64), primary_key=True),
    sa.Column("measure", sa.String(64), primary_key=True),
    sa.Column("value", sa.Integer, nullable=False),
)

# One row per conversation (a Rasa session with at least one patient message), for
# conversations per day and the median number of turns.
conversations = sa.Table(
    "conversations",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("started_day", sa.String(10), nullable=False, index=True),
    sa.Column("channel", sa.String(64), nullable=False),
    sa.Column("turns", sa.Integer, nullable=False),
)

# Where each conversation (sender) stands, so a reply folded in a later run still finds its turn.
senders = sa.Table(
    "senders",
    metadata,
    sa.Column("sender_key", sa.String(32), primary_key=True),
    sa.Column("conversation_id", sa.Integer),
    sa.Column("turn_event_id", sa.Integer),
    sa.Column("turn_message_id", sa.String(64)),
    sa.Column("turn_day", sa.String(10)),
    sa.Column("turn_channel", sa.String(64)),
    sa.Column("turn_flags", sa.Integer, nullable=False, default=0),
    sa.Column("turn_subject", sa.String(64)),
    sa.Column("turn_topic", sa.String(64)),
)

topic_daily = sa.Table(
    "topic_daily",
    metadata,
    sa.Column("day", sa.String(10), primary_key=True),
    sa.Column("subject", sa.String(64), primary_key=True),
    sa.Column("topic", sa.String(64), primary_key=True),
    sa.Column("count", sa.Integer, nullable=False),
)

missed_messages = sa.Table(
    "missed_messages",
    metadata,
    sa.Column("event_id", sa.Integer, primary_key=True),
    sa.Column("day", sa.String(10), nullable=False, index=True),
    sa.Column("channel", sa.String(64), nullable=False),
    sa.Column("response", sa.String(64), nullable=False),
)

safety_events = sa.Table(
    "safety_events",
    metadata,
    sa.Column("event_id", sa.Integer, primary_key=True),
    sa.Column("day", sa.String(10), nullable=False, index=True),
    sa.Column("hour", sa.Integer, nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("channel", sa.String(64), nullable=False),
)

AGGREGATE_TABLES = (
    daily_counts,
    conversations,
    senders,
    topic_daily,
    missed_messages,
    safety_events,
    fold_state,
)


def open_console_db(path: str | Path) -> sa.engine.Engine:
    """Open (creating if needed) the console database; the folder is made, the file is 0600."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600, exist_ok=True)
    engine = sa.create_engine(
        f"sqlite:///{path}",
        connect_args={"check_same_thread": False},
        poolclass=sa.pool.QueuePool,
        pool_size=2,
    )
    sa.event.listen(engine, "connect", _write_ahead_log)
    metadata.create_all(engine)
    return engine


def _write_ahead_log(connection: object, _record: object) -> None:
    """Readers (pages) and the writer (the fold) do not block each other."""
    cursor = connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
