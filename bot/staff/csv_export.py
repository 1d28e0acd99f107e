"""Each console view as CSV (`/staff/export/<view>.csv`): the same figures as the page.

Cells that a spreadsheet would run as a formula (starting with = + - @, tab or carriage return)
get a leading apostrophe: patient text is untrusted and must stay text when a clinic opens it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from bot.staff.content_review import ContentRow
from bot.staff.grouping import MissedGroup
from bot.staff.reports import RED_FLAG_MEASURES, Overview, SafetyReport, TopicCount

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
OVERVIEW_MEASURES = ("conversations", "messages", "fell_back", *RED_FLAG_MEASURES, "hand_offs",
                     "other_language")  # fmt: skip


def safe_cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def to_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return buffer.getvalue()


def overview_csv(data: Overview) -> str:
    """One row per day and channel; a column per measure (red flags by kind)."""
    header = ["day", "channel", *(m.replace(":", "_") for m in OVERVIEW_MEASURES)]
    rows = [
        [day, channel, *(data.counts.get((m, day, channel), 0) for m in OVERVIEW_MEASURES)]
        for day in data.range.days
        for channel in data.channels
    ]
    return to_csv(header, rows)


def topics_csv(rows: Sequence[TopicCount]) -> str:
    header = ["subject", "topic", "asked", "asked_days_before", "change"]
    return to_csv(header, ([r.subject, r.topic, r.count, r.previous, r.change] for r in rows))


def missed_csv(groups: Sequence[MissedGroup]) -> str:
    header = ["group", "group_messages", "text", "times", "replies"]
    rows = [
        [group.number, group.size, text, count, " ".join(sorted(group.responses))]
        for group in groups
        for text, count in zip(group.texts, group.counts, strict=True)
    ]
    return to_csv(header, rows)


def safety_csv(report: SafetyReport) -> str:
    """One row per line of each red-flag turn; the conversation only as C1, C2..."""
    header = ["conversation", "day", "hour", "kind", "channel", "speaker", "text", "flagged"]
    rows = [
        [t.reference, t.day, t.hour, t.kind, t.channel, line.speaker, line.text, line.flagged]
        for t in report.turns
        for line in t.lines
    ]
    return to_csv(header, rows)


def content_csv(rows: Sequence[ContentRow]) -> str:
    header = ["status", "subject", "topic", "inherited_from", "patient_reads", "sources",
              "reviewed", "reviewed_by", "review_due"]  # fmt: skip
    return to_csv(
        header,
        (
            [
                r.status,
                r.subject,
                r.topic,
                r.inherited_from or "",
                "\n".join(r.lines),
                " ".join(source.url for source in r.sources),
                r.reviewed.isoformat() if r.reviewed else "",
                r.reviewed_by or "",
                r.review_due.isoformat() if r.review_due else "",
            ]
            for r in rows
        ),
    )
