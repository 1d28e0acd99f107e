"""The content-review view: every answer as a patient gets it (bot.review.patient_view), its
sources, reviewer and due date; overdue entries first, then the soonest due."""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass
from datetime import date, timedelta

from bot.knowledge import KnowledgeBase, Source
from bot.review.patient_view import PatientReply, all_replies

DUE_SOON_DAYS = 60


@dataclass(frozen=True)
class ContentRow:
    subject: str
    subject_title: str
    topic: str
    lines: tuple[str, ...]
    inherited_from: str | None
    sources: tuple[Source, ...]
    reviewed: date | None
    reviewed_by: str | None
    review_due: date | None
    status: str  # "overdue", "due soon", "current" or "no entry"


def content_rows(
    replies: list[PatientReply], knowledge: KnowledgeBase, on: date
) -> list[ContentRow]:
    """One row per answer, overdue first, then by due date (entries without one last)."""
    rows = [_row(reply, knowledge, on) for reply in replies]
    rank = {"overdue": 0, "due soon": 1, "current": 2, "no entry": 3}
    return sorted(rows, key=lambda r: (rank[r.status], r.review_due or date.max))


def _row(reply: PatientReply, knowledge: KnowledgeBase, on: date) -> ContentRow:
    entry = reply.entry
    review = entry.review if entry else None
    if review is None:
        status = "no entry"
    elif review.overdue_on(on):
        status = "overdue"
    elif review.review_due <= on + timedelta(days=DUE_SOON_DAYS):
        status = "due soon"
    else:
        status = "current"
    return ContentRow(
        subject=reply.subject,
        subject_title=knowledge.subject(reply.subject).title,
        topic=reply.topic,
        lines=reply.lines,
        inherited_from=reply.answered_by if reply.inherited else None,
        sources=tuple(knowledge.source(key) for key in entry.sources) if entry else (),
        reviewed=review.reviewed if review else None,
        reviewed_by=review.reviewed_by if review else None,
        review_due=review.review_due if review else None,
        status=status,
    )


class ContentCache:
    """Rendering every answer runs the real actions (a few seconds): done once per process, in a
    thread of its own since `all_replies` runs its own event loop."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._replies: list[PatientReply] | None = None

    def _load(self) -> list[PatientReply]:
        with self._lock:
            if self._replies is None:
                self._replies = all_replies()
            return self._replies

    async def rows(self, on: date) -> list[ContentRow]:
        from actions.resources import knowledge

        replies = await asyncio.to_thread(self._load)
        return content_rows(replies, knowledge(), on)
