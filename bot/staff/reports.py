"""The figures each console view shows, read from the aggregates (and, for the text of missed
questions and safety turns, from the tracker store) for a date range."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa

from bot.staff import console_db as db
from bot.staff import signals
from bot.staff.tracker_source import TrackerSource

MAX_MISSED_MESSAGES = 2000
MAX_SAFETY_TURNS = 200
TOP_TOPICS = 30
RED_FLAG_MEASURES = tuple(f"red_flag:{kind}" for kind in signals.RED_FLAG_KIND_ORDER)


@dataclass(frozen=True)
class DateRange:
    """Days from `first` to `last`, both included, in the clinic's time zone."""

    first: date
    last: date

    @classmethod
    def last_days(cls, days: int, today: date) -> DateRange:
        return cls(today - timedelta(days=days - 1), today)

    @property
    def days(self) -> list[str]:
        count = (self.last - self.first).days + 1
        return [(self.first + timedelta(days=n)).isoformat() for n in range(count)]

    def previous(self) -> DateRange:
        """The range of the same length just before this one, for trends."""
        length = self.last - self.first + timedelta(days=1)
        return DateRange(self.first - length, self.last - length)

    def where(self, column: sa.Column) -> sa.sql.ColumnElement:
        return column.between(self.first.isoformat(), self.last.isoformat())


@dataclass(frozen=True)
class Overview:
    range: DateRange
    channels: list[str]
    counts: dict[tuple[str, str, str], int]  # (measure, day, channel) -> count
    median_turns: float | None

    def per_day(self, measure: str, channel: str | None = None) -> list[int]:
        """One number per day of the range: one channel's, or all channels added up."""
        channels = self.channels if channel is None else [channel]
        return [
            sum(self.counts.get((measure, day, ch), 0) for ch in channels)
            for day in self.range.days
        ]

    def total(self, measure: str) -> int:
        return sum(self.per_day(measure))

    def fell_back_share(self) -> float | None:
        messages = self.total("messages")
        return self.total("fell_back") / messages if messages else None


def overview(console: sa.engine.Engine, days: DateRange) -> Overview:
    """Per-day counts by channel, and the median number of turns of the range's conversations."""
    counts: dict[tuple[str, str, str], int] = {}
    with console.connect() as connection:
        rows = connection.execute(
            sa.select(db.daily_counts).where(days.where(db.daily_counts.c.day))
        )
        for day, channel, measure, value in rows:
            counts[(measure, day, channel)] = value
        histogram = connection.execute(
            sa.select(db.conversations.c.turns, sa.func.count())
            .where(days.where(db.conversations.c.started_day))
            .group_by(db.conversations.c.turns)
            .order_by(db.conversations.c.turns)
        ).all()
    channels = sorted({channel for _, _, channel in counts})
    return Overview(days, channels, counts, _median(histogram))


def _median(histogram: list[tuple[int, int]]) -> float | None:
    """Median of values given as (value, how many) pairs in ascending order."""
    total = sum(n for _, n in histogram)
    if not total:
        return None
    middle = [(total - 1) // 2, total // 2]
    found: list[int] = []
    seen = 0
    for value, n in histogram:
        found += [value for position in middle if seen <= position < seen + n]
        seen += n
    return sum(found) / len(found)


@dataclass(frozen=True)
class TopicCount:
    subject: str
    topic: str
    count: int
    previous: int

    @property
    def change(self) -> int:
        return self.count - self.previous


def topics(console: sa.engine.Engine, days: DateRange, top: int = TOP_TOPICS) -> list[TopicCount]:
    """The most asked subject x topic pairs, with the count of the range just before."""
    table = db.topic_daily

    def totals(span: DateRange) -> Counter:
        query = (
            sa.select(table.c.subject, table.c.topic, sa.func.sum(table.c.count))
            .where(span.where(table.c.day))
            .group_by(table.c.subject, table.c.topic)
        )
        with console.connect() as connection:
            return Counter({(s, t): n for s, t, n in connection.execute(query)})

    now, before = totals(days), totals(days.previous())
    ranked = sorted(now.items(), key=lambda item: (-item[1], item[0]))[:top]
    return [TopicCount(s, t, n, before.get((s, t), 0)) for (s, t), n in ranked]


@dataclass(frozen=True)
class MissedMessage:
    event_id: int
    day: str
    channel: str
    response: str
    text: str


def missed_messages(
    console: sa.engine.Engine, source: TrackerSource, days: DateRange
) -> tuple[list[MissedMessage], int]:
    """The newest missed messages of the range (at most MAX_MISSED_MESSAGES) with their redacted
    text, and how many the range holds in all."""
    table = db.missed_messages
    with console.connect() as connection:
        total = connection.execute(
            sa.select(sa.func.count()).select_from(table).where(days.where(table.c.day))
        ).scalar_one()
        rows = connection.execute(
            sa.select(table)
            .where(days.where(table.c.day))
            .order_by(table.c.event_id.desc())
            .limit(MAX_MISSED_MESSAGES)
        ).all()
    stored = source.events_by_id([row.event_id for row in rows])
    found = []
    for row in rows:
        event = stored.get(row.event_id)
        text = str(event.data.get("text") or "").strip() if event else ""
        if text:
            found.append(MissedMessage(row.event_id, row.day, row.channel, row.response, text))
    return found, total


@dataclass(frozen=True)
class SafetyLine:
    speaker: str  # "patient" or "PainPath"
    text: str
    flagged: bool = False


@dataclass(frozen=True)
class SafetyTurn:
    reference: str  # per-page label of the conversation ("C1"), never its id
    day: str
    hour: int
    kind: str
    channel: str
    lines: list[SafetyLine]


@dataclass(frozen=True)
class SafetyReport:
    by_kind_channel: Counter
    by_kind_hour: Counter
    turns: list[SafetyTurn]
    total: int


def safety(console: sa.engine.Engine, source: TrackerSource, days: DateRange) -> SafetyReport:
    """Red-flag replies by kind, channel and hour, and the newest turns in context."""
    table = db.safety_events
    with console.connect() as connection:
        rows = connection.execute(
            sa.select(table).where(days.where(table.c.day)).order_by(table.c.event_id.desc())
        ).all()
    by_kind_channel = Counter((row.kind, row.channel) for row in rows)
    by_kind_hour = Counter((row.kind, row.hour) for row in rows)
    references: dict[str, str] = defaultdict(lambda: f"C{len(references) + 1}")
    turns = []
    for row in rows[:MAX_SAFETY_TURNS]:
        context = list(source.turn_in_context(row.event_id))
        if not context:
            continue  # purged from the tracker store
        reference = references[context[0].sender_id]
        lines = [_line(event, row.event_id) for event in context]
        turns.append(
            SafetyTurn(
                reference, row.day, row.hour, row.kind, row.channel, [ln for ln in lines if ln]
            )
        )
    return SafetyReport(by_kind_channel, by_kind_hour, turns, len(rows))


def _line(event, flagged_id: int) -> SafetyLine | None:  # noqa: ANN001 - a StoredEvent
    if event.type_name not in ("user", "bot"):
        return None
    text = str(event.data.get("text") or "").strip()
    if not text:
        return None
    speaker = "patient" if event.type_name == "user" else "PainPath"
    return SafetyLine(speaker, text, event.id == flagged_id)
