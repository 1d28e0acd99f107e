"""Settings of the staff console, read from the environment (README.md, "Staff console")."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.clinic.file_source import load_clinic_file
from bot.errors import ContentError, PainPathError
from bot.paths import DEFAULT_CLINIC_FILE
from bot.privacy.sender_ids import MIN_KEY_CHARS, key_from_file

SECRET_ENV = "PAINPATH_STAFF_SECRET"
SECRET_FILE_ENV = "PAINPATH_STAFF_SECRET_FILE"
DEFAULT_SECRET_FILE = "var/staff-session.key"
DEFAULT_DB = "var/staff.db"
DEFAULT_SESSION_HOURS = 8.0
# PostgreSQL replicas commit in parallel: the newest events wait for the next fold (bot.staff.fold).
DEFAULT_SETTLE_SECONDS = {"sqlite": 0.0, "postgresql": 60.0}


@dataclass(frozen=True)
class StaffSettings:
    """Where the console keeps its data, which store it reads, and how sessions behave."""

    db_path: Path = Path(DEFAULT_DB)
    endpoints: Path = Path("endpoints.yml")
    secret_env: str = ""
    secret_file: Path = Path(DEFAULT_SECRET_FILE)
    session_hours: float = DEFAULT_SESSION_HOURS
    trust_forwarded_proto: bool = False
    timezone: str = "UTC"
    settle_seconds: float | None = None  # None: by the store's dialect

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> StaffSettings:
        env = os.environ if env is None else env
        hours = env.get("PAINPATH_STAFF_SESSION_HOURS", str(DEFAULT_SESSION_HOURS))
        try:
            session_hours = float(hours)
        except ValueError:
            session_hours = -1.0
        if not 0 < session_hours <= 24 * 30:
            raise ContentError(
                "$PAINPATH_STAFF_SESSION_HOURS", "(value)", "give hours from 0.1 to 720, e.g. 8"
            )
        settle = env.get("PAINPATH_STAFF_SETTLE_SECONDS")
        return cls(
            db_path=Path(env.get("PAINPATH_STAFF_DB", DEFAULT_DB)),
            endpoints=Path(env.get("PAINPATH_ENDPOINTS", "endpoints.yml")),
            secret_env=env.get(SECRET_ENV, "").strip(),
            secret_file=Path(env.get(SECRET_FILE_ENV, DEFAULT_SECRET_FILE)),
            session_hours=session_hours,
            trust_forwarded_proto=env.get("PAINPATH_STAFF_TRUST_PROXY", "") in ("1", "true"),
            timezone=_timezone(env),
            settle_seconds=float(settle) if settle else None,
        )

    def session_secret(self) -> bytes:
        """The key that signs session cookies: the environment's, or a 0600 key file's."""
        if self.secret_env:
            if len(self.secret_env) < MIN_KEY_CHARS:
                raise ContentError(
                    f"${SECRET_ENV}", SECRET_ENV, f"use at least {MIN_KEY_CHARS} random characters"
                )
            return self.secret_env.encode()
        return key_from_file(self.secret_file, SECRET_ENV)

    def settle_for(self, dialect: str) -> float:
        if self.settle_seconds is not None:
            return self.settle_seconds
        return DEFAULT_SETTLE_SECONDS.get(dialect, DEFAULT_SETTLE_SECONDS["postgresql"])

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def _timezone(env: Mapping[str, str]) -> str:
    """Days and hours are the clinic's: PAINPATH_STAFF_TIMEZONE, else the clinic file's zone."""
    name = env.get("PAINPATH_STAFF_TIMEZONE", "").strip()
    if not name and not env.get("PAINPATH_CLINIC_URL"):
        try:
            name = load_clinic_file(env.get("PAINPATH_CLINIC_FILE") or DEFAULT_CLINIC_FILE).timezone
        except PainPathError:
            name = ""  # the launcher's start-up check reports the clinic file's errors
    name = name or "UTC"
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ContentError(
            "$PAINPATH_STAFF_TIMEZONE", "(value)", "give an IANA zone, e.g. America/Chicago"
        ) from error
    return name
