"""Staff sessions: a random id in a signed cookie, its hash and CSRF token in the console database.

The cookie holds `<id>.<HMAC-SHA256 of the id>`, so a forged or altered cookie is refused before
the database is asked; signing out or removing the user deletes the row, so a copied cookie
stops working too. A session ends `session_hours` after sign-in. Pages that are shown before
sign-in (the sign-in form) get a short signed "pre-session" cookie whose token the form must
send back, so the sign-in POST has a CSRF token too.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass

import sqlalchemy as sa

from bot.staff.console_db import staff_sessions

SESSION_COOKIE = "painpath_staff"
LOGIN_COOKIE = "painpath_staff_login"
LOGIN_TOKEN_SECONDS = 30 * 60


@dataclass(frozen=True)
class StaffSession:
    user: str
    csrf_token: str
    expires: float


def _hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


class SessionSigner:
    """Signs and checks cookie values with the console's secret."""

    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    def sign(self, value: str) -> str:
        mac = hmac.new(self._secret, value.encode(), hashlib.sha256).hexdigest()
        return f"{value}.{mac}"

    def unsign(self, signed: str | None) -> str | None:
        """The value, or None when the signature does not match."""
        if not signed or "." not in signed:
            return None
        value, _, mac = signed.rpartition(".")
        expected = hmac.new(self._secret, value.encode(), hashlib.sha256).hexdigest()
        return value if hmac.compare_digest(mac, expected) else None

    def login_token(self, now: float | None = None) -> str:
        """A signed pre-session value: random nonce and issue time."""
        issued = int(time.time() if now is None else now)
        return self.sign(f"{secrets.token_urlsafe(24)}:{issued}")

    def login_token_valid(self, cookie: str | None, form_token: str | None) -> bool:
        """The form's token must equal the signed cookie's, and be recent."""
        value = self.unsign(cookie)
        if value is None or not form_token or not hmac.compare_digest(cookie or "", form_token):
            return False
        issued = value.rpartition(":")[2]
        return issued.isdigit() and time.time() - int(issued) < LOGIN_TOKEN_SECONDS


class SessionStore:
    """Server-side sessions in the console database."""

    def __init__(self, engine: sa.engine.Engine, signer: SessionSigner, hours: float) -> None:
        self.engine = engine
        self.signer = signer
        self.seconds = hours * 3600

    def start(self, user: str, now: float | None = None) -> tuple[str, StaffSession]:
        """A new session; returns the cookie value and the session."""
        now = time.time() if now is None else now
        session_id = secrets.token_urlsafe(32)
        session = StaffSession(user, secrets.token_urlsafe(32), now + self.seconds)
        with self.engine.begin() as connection:
            connection.execute(staff_sessions.delete().where(staff_sessions.c.expires < now))
            connection.execute(
                staff_sessions.insert(),
                {
                    "id_hash": _hash(session_id),
                    "user_name": user,
                    "csrf_token": session.csrf_token,
                    "expires": session.expires,
                },
            )
        return self.signer.sign(session_id), session

    def find(self, cookie: str | None, now: float | None = None) -> StaffSession | None:
        """The live session a cookie names, or None (unsigned, unknown, ended or expired)."""
        session_id = self.signer.unsign(cookie)
        if session_id is None:
            return None
        with self.engine.connect() as connection:
            row = connection.execute(
                sa.select(staff_sessions).where(staff_sessions.c.id_hash == _hash(session_id))
            ).first()
        if row is None or row.expires <= (time.time() if now is None else now):
            return None
        return StaffSession(row.user_name, row.csrf_token, row.expires)

    def end(self, cookie: str | None) -> None:
        session_id = self.signer.unsign(cookie)
        if session_id is None:
            return
        with self.engine.begin() as connection:
            connection.execute(
                staff_sessions.delete().where(staff_sessions.c.id_hash == _hash(session_id))
            )


def csrf_ok(session: StaffSession, form_token: str | None) -> bool:
    return bool(form_token) and hmac.compare_digest(session.csrf_token, form_token or "")
