"""Keep the console's per-day aggregates up to date from the tracker store, incrementally.

Each run reads only the events after the last one it folded in (`fold_state.last_event_id`),
in id order, in batches, and adds them to the per-day counts; where each conversation stands
(its current turn) is kept in the `senders` table, so a reply stored after a run still counts
for its turn. The counts are what `bot.staff.reports` reads; no patient text is copied.

Ids are in commit order on SQLite (one writer at a time). On PostgreSQL, replicas commit their
turns in parallel, so a lower id can become visible after a higher one; events newer than
`settle_seconds` (default 60 s there) are left for the next run. A turn is saved at its end
and a turn ends within the reply deadline (12 s), so every id below the events folded in has
been committed by then.
"""

from __future__ import annotations

import fcntl
import hashlib
import time
from collections import Counter
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from bot.staff import console_db as db
from bot.staff import signals
from bot.staff.tracker_source import StoredEvent, TrackerSource

BATCH_EVENTS = 20_000
UNKNOWN_CHANNEL = "unknown"
QUARTER_HOUR = 900  # every time zone's offset is a whole number of quarter hours

# turn_flags bits: what has already been counted for the sender's current turn.
FELL_BACK = 1
HANDED_OFF = 2
TOPIC_COUNTED = 4
BUTTON_PRESS = 8


@dataclass
class SenderState:
    """Where one conversation stands: its row in `conversations` and its current turn."""

    conversation_id: int | None = None
    turn_event_id: int | None = None
    turn_message_id: str | None = None
    turn_day: str | None = None
    turn_channel: str | None = None
    turn_flags: int = 0
    turn_subject: str | None = None
    turn_topic: str | None = None


@dataclass
class BatchTotals:
    """What one batch adds; written in one transaction."""

    daily: Counter = field(default_factory=Counter)
    topics: Counter = field(default_factory=Counter)
    new_conversations: dict[int, dict[str, Any]] = field(default_factory=dict)
    turn_increments: Counter = field(default_factory=Counter)
    missed: list[dict[str, Any]] = field(default_factory=list)
    safety: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class FoldResult:
    events: int
    last_event_id: int


def sender_key(sender_id: str) -> str:
    """The console keeps a hash of the conversation id, never the id itself."""
    return hashlib.sha256(sender_id.encode()).hexdigest()[:32]


class LocalClock:
    """Day and hour of a timestamp in the clinic's time zone (cached per quarter hour)."""

    def __init__(self, zone: ZoneInfo) -> None:
        self.zone = zone
        self._cache: dict[int, tuple[str, int]] = {}

    def day_and_hour(self, timestamp: float) -> tuple[str, int]:
        bucket = int(timestamp // QUARTER_HOUR)
        found = self._cache.get(bucket)
        if found is None:
            local = datetime.fromtimestamp(bucket * QUARTER_HOUR, self.zone)
            found = self._cache[bucket] = (local.date().isoformat(), local.hour)
        return found


class AggregateFold:
    """Folds new tracker-store events into the console database."""

    def __init__(
        self,
        console: sa.engine.Engine,
        source: TrackerSource,
        zone: ZoneInfo,
        settle_seconds: float = 0.0,
        batch_events: int = BATCH_EVENTS,
    ) -> None:
        self.console = console
        self.source = source
        self.clock = LocalClock(zone)
        self.settle_seconds = settle_seconds
        self.batch_events = batch_events
        self.identity = f"{source.description} {zone.key}"

    def run(self, now: float | None = None) -> FoldResult:
        """Fold in every settled event not folded yet; safe to call from several processes."""
        folded = 0
        with self._exclusive():
            last_id = self._start()
            while True:
                before = (time.time() if now is None else now) - self.settle_seconds
                rows = self.source.events_after(
                    last_id, self.batch_events, before if self.settle_seconds else None
                )
                if not rows:
                    return FoldResult(folded, last_id)
                self._fold_batch(rows)
                folded += len(rows)
                last_id = rows[-1].id

    @contextmanager
    def _exclusive(self) -> Iterable[None]:
        lock_path = Path(str(self.console.url.database) + ".fold-lock")
        with open(lock_path, "a") as lock_file:
            fcntl.flock(lock_file, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock_file, fcntl.LOCK_UN)

    def _start(self) -> int:
        """The last folded event id; aggregates of another store or time zone start afresh."""
        with self.console.begin() as connection:
            state = dict(connection.execute(sa.select(db.fold_state)).all())
            if state.get("identity") not in (None, self.identity):
                for table in db.AGGREGATE_TABLES:
                    connection.execute(table.delete())
                state = {}
            if "identity" not in state:
                connection.execute(
                    db.fold_state.insert(),
                    [
                        {"key": "identity", "value": self.identity},
                        {"key": "last_event_id", "value": "0"},
                    ],
                )
            return int(state.get("last_event_id", 0))

    def _fold_batch(self, rows: list[StoredEvent]) -> None:
        with self.console.begin() as connection:
            states = _load_senders(connection, {sender_key(row.sender_id) for row in rows})
            next_id = (
                connection.execute(sa.select(sa.func.max(db.conversations.c.id))).scalar() or 0
            ) + 1
            totals = BatchTotals()
            for row in rows:
                state = states.setdefault(sender_key(row.sender_id), SenderState())
                next_id = self._fold_event(row, state, totals, next_id)
            _write(connection, totals, states, rows[-1].id)

    def _fold_event(
        self, row: StoredEvent, state: SenderState, totals: BatchTotals, next_id: int
    ) -> int:
        kind = row.type_name
        if kind == "user":
            return self._fold_user(row, state, totals, next_id)
        if kind == signals.SESSION_STARTED or row.action_name == signals.SESSION_START_ACTION:
            state.conversation_id = state.turn_event_id = None
        elif state.turn_event_id is None:
            return next_id  # events before the first message (session start, greeting)
        elif kind == "bot":
            self._fold_bot(row, state, totals)
        elif kind == "action" and row.action_name == signals.HAND_OFF_ACTION:
            if not state.turn_flags & HANDED_OFF:
                state.turn_flags |= HANDED_OFF
                totals.daily[(state.turn_day, state.turn_channel, "hand_offs")] += 1
        elif kind == "slot":
            self._fold_slot(row, state, totals)
        return next_id

    def _fold_user(
        self, row: StoredEvent, state: SenderState, totals: BatchTotals, next_id: int
    ) -> int:
        data = row.data
        message_id = (data.get("parse_data") or {}).get("message_id")
        if message_id and message_id == state.turn_message_id and state.turn_event_id:
            return next_id  # the two-stage fallback put the same message back: one turn
        channel = str(data.get("input_channel") or UNKNOWN_CHANNEL)[:64]
        day, hour = self.clock.day_and_hour(row.timestamp or 0)
        if state.conversation_id is None:
            state.conversation_id = next_id
            next_id += 1
            totals.new_conversations[state.conversation_id] = {
                "id": state.conversation_id,
                "started_day": day,
                "channel": channel,
                "turns": 0,
            }
            totals.daily[(day, channel, "conversations")] += 1
        totals.turn_increments[state.conversation_id] += 1
        totals.daily[(day, channel, "messages")] += 1
        text = data.get("text") or ""
        state.turn_event_id = row.id
        state.turn_message_id = str(message_id)[:64] if message_id else None
        state.turn_day, state.turn_channel = day, channel
        state.turn_flags = BUTTON_PRESS if signals.is_button_payload(text) else 0
        state.turn_subject = state.turn_topic = None
        intent = row.intent_name or ""
        if intent == signals.OTHER_LANGUAGE_INTENT:
            totals.daily[(day, channel, "other_language")] += 1
        kind = signals.RED_FLAG_KINDS.get(intent)
        if kind:
            totals.daily[(day, channel, f"red_flag:{kind}")] += 1
            totals.safety.append(
                {"event_id": row.id, "day": day, "hour": hour, "kind": kind, "channel": channel}
            )
        return next_id

    def _fold_bot(self, row: StoredEvent, state: SenderState, totals: BatchTotals) -> None:
        if state.turn_flags & FELL_BACK:
            return
        response = (row.data.get("metadata") or {}).get("utter_action")
        if response not in signals.FALLBACK_RESPONSES:
            return
        state.turn_flags |= FELL_BACK
        totals.daily[(state.turn_day, state.turn_channel, "fell_back")] += 1
        if not state.turn_flags & BUTTON_PRESS:
            totals.missed.append(
                {
                    "event_id": state.turn_event_id,
                    "day": state.turn_day,
                    "channel": state.turn_channel,
                    "response": response,
                }
            )

    def _fold_slot(self, row: StoredEvent, state: SenderState, totals: BatchTotals) -> None:
        data = row.data
        name, value = data.get("name"), data.get("value")
        if not isinstance(value, str) or state.turn_flags & TOPIC_COUNTED:
            return
        if name == signals.TOPIC_SLOT:
            state.turn_topic = value[:64]
        elif name in (signals.SUBJECT_SLOT, signals.PROCEDURE_SLOT):
            state.turn_subject = value[:64]
        if state.turn_topic and state.turn_subject:
            state.turn_flags |= TOPIC_COUNTED
            totals.topics[(state.turn_day, state.turn_subject, state.turn_topic)] += 1


def _load_senders(connection: sa.engine.Connection, keys: set[str]) -> dict[str, SenderState]:
    states: dict[str, SenderState] = {}
    ordered = sorted(keys)
    for start in range(0, len(ordered), 500):
        query = sa.select(db.senders).where(
            db.senders.c.sender_key.in_(ordered[start : start + 500])
        )
        for row in connection.execute(query).mappings():
            values = dict(row)
            key = values.pop("sender_key")
            states[key] = SenderState(**values)
    return states


def _add_counts(
    connection: sa.engine.Connection,
    table: str,
    keys: tuple[str, ...],
    column: str,
    counts: Counter,
) -> None:
    if not counts:
        return
    names = ", ".join((*keys, column))
    places = ", ".join(f":{name}" for name in (*keys, column))
    statement = sa.text(
        f"INSERT INTO {table} ({names}) VALUES ({places}) "
        f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {column} = {column} + excluded.{column}"
    )
    connection.execute(
        statement, [{**dict(zip(keys, key, strict=True)), column: n} for key, n in counts.items()]
    )


def _write(
    connection: sa.engine.Connection,
    totals: BatchTotals,
    states: dict[str, SenderState],
    last_event_id: int,
) -> None:
    _add_counts(connection, "daily_counts", ("day", "channel", "measure"), "value", totals.daily)
    _add_counts(connection, "topic_daily", ("day", "subject", "topic"), "count", totals.topics)
    if totals.new_conversations:
        connection.execute(db.conversations.insert(), list(totals.new_conversations.values()))
    if totals.turn_increments:
        connection.execute(
            sa.text("UPDATE conversations SET turns = turns + :n WHERE id = :id"),
            [{"id": key, "n": n} for key, n in totals.turn_increments.items()],
        )
    if totals.missed:
        connection.execute(db.missed_messages.insert().prefix_with("OR IGNORE"), totals.missed)
    if totals.safety:
        connection.execute(db.safety_events.insert().prefix_with("OR IGNORE"), totals.safety)
    connection.execute(
        db.senders.insert().prefix_with("OR REPLACE"),
        [{"sender_key": key, **state.__dict__} for key, state in states.items()],
    )
    connection.execute(
        db.fold_state.update().where(db.fold_state.c.key == "last_event_id"),
        {"value": str(last_event_id)},
    )
