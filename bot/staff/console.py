"""The console's services for one widget-server process: users, sessions, the sign-in limit,
the aggregates (folded in before each view), the tracker store, the encoder and the content."""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass
from datetime import date, datetime

from bot.staff.console_db import open_console_db
from bot.staff.content_review import ContentCache, ContentRow
from bot.staff.fold import AggregateFold
from bot.staff.grouping import CachedEmbed, LazyEncoder, MissedGroup, group_by_meaning
from bot.staff.rate_limit import LoginRateLimiter
from bot.staff.reports import DateRange, missed_messages
from bot.staff.sessions import SessionSigner, SessionStore
from bot.staff.settings import StaffSettings
from bot.staff.tracker_source import TrackerSource
from bot.staff.users import StaffUsers

ENCODER_WAIT_SECONDS = 20.0


@dataclass(frozen=True)
class MissedView:
    groups: list[MissedGroup]
    total: int
    shown: int
    grouping: str


class StaffConsole:
    """Built on the first /staff/ request, so a widget server nobody signs in to stays as it was."""

    def __init__(self, settings: StaffSettings) -> None:
        self.settings = settings
        self.db = open_console_db(settings.db_path)
        self.users = StaffUsers(self.db)
        self.signer = SessionSigner(settings.session_secret())
        self.sessions = SessionStore(self.db, self.signer, settings.session_hours)
        self.limiter = LoginRateLimiter()
        self.encoder = LazyEncoder()
        self.embed_cache: CachedEmbed | None = None
        self.content = ContentCache()
        self._source: TrackerSource | None = None
        self._fold_lock = asyncio.Lock()

    @property
    def source(self) -> TrackerSource:
        """The tracker store of the endpoints file (read on first use: the launcher sets its
        ${VARS} before the widget server starts)."""
        if self._source is None:
            self._source = TrackerSource.from_endpoints(self.settings.endpoints)
        return self._source

    def today(self) -> date:
        return datetime.now(self.settings.zone).date()

    async def refresh(self) -> None:
        """Fold in the events stored since the last view (one fold at a time)."""
        source = self.source
        fold = AggregateFold(
            self.db,
            source,
            self.settings.zone,
            self.settings.settle_for(source.url.get_backend_name()),
        )
        async with self._fold_lock:
            await asyncio.to_thread(fold.run)

    async def missed(self, days: DateRange) -> MissedView:
        messages, total = await asyncio.to_thread(missed_messages, self.db, self.source, days)
        pairs = [(m.text, m.response) for m in messages]
        embed = await asyncio.to_thread(self.encoder.wait, ENCODER_WAIT_SECONDS) if pairs else None
        if embed is not None and self.embed_cache is None:
            self.embed_cache = CachedEmbed(embed)
        if embed is not None:
            groups = await asyncio.to_thread(group_by_meaning, pairs, self.embed_cache)
            note = "Grouped by meaning (sentence encoder, cosine similarity 0.60 or more)."
        else:
            groups = group_by_meaning(pairs, None)
            reason = self.encoder.error or "the sentence encoder is still loading"
            note = f"Grouped by identical wording only: {reason}. Reload in a minute."
        if not pairs:
            note = "Nothing to group."
        return MissedView(groups, total, len(messages), note)

    async def content_rows(self) -> list[ContentRow]:
        return await self.content.rows(self.today())


class ConsoleHolder:
    """Makes the console once, on first need, from the environment."""

    def __init__(self, settings: StaffSettings | None = None) -> None:
        self._settings = settings
        self._console: StaffConsole | None = None
        self._lock = threading.Lock()

    def get(self) -> StaffConsole:
        with self._lock:
            if self._console is None:
                self._console = StaffConsole(self._settings or StaffSettings.from_env())
            return self._console
