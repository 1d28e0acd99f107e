"""Staff accounts, in the console's own database (never in the patients' conversation data).

Passwords are hashed with argon2id (argon2-cffi's defaults, RFC 9106's low-memory profile:
64 MiB, 3 passes). A sign-in with an unknown name still spends one hash, so the time it takes
does not tell which names exist.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from bot.errors import PainPathError
from bot.staff.console_db import staff_sessions, staff_users

NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
MIN_PASSWORD_CHARS = 12


class StaffUserError(PainPathError):
    """A staff name or password that cannot be used; the message says what to do."""


@dataclass(frozen=True)
class StaffUser:
    name: str
    created: float


class StaffUsers:
    """Add, remove, list and check staff users."""

    def __init__(self, engine: sa.engine.Engine, hasher: PasswordHasher | None = None) -> None:
        self.engine = engine
        self.hasher = hasher or PasswordHasher()
        self._dummy_hash = self.hasher.hash("not a real password, never matches")

    def add(self, name: str, password: str) -> StaffUser:
        check_name(name)
        if len(password) < MIN_PASSWORD_CHARS:
            raise StaffUserError(f"the password must have at least {MIN_PASSWORD_CHARS} characters")
        user = StaffUser(name, time.time())
        row = {"name": name, "password_hash": self.hasher.hash(password), "created": user.created}
        with self.engine.begin() as connection:
            if self._exists(connection, name):
                raise StaffUserError(f"a staff user named {name!r} exists already")
            connection.execute(staff_users.insert(), row)
        return user

    def remove(self, name: str) -> None:
        """Remove the user and end their sessions."""
        with self.engine.begin() as connection:
            if not self._exists(connection, name):
                raise StaffUserError(f"there is no staff user named {name!r}")
            connection.execute(staff_users.delete().where(staff_users.c.name == name))
            connection.execute(staff_sessions.delete().where(staff_sessions.c.user_name == name))

    def all(self) -> list[StaffUser]:
        with self.engine.connect() as connection:
            rows = connection.execute(
                sa.select(staff_users.c.name, staff_users.c.created).order_by(staff_users.c.name)
            )
            return [StaffUser(name, created) for name, created in rows]

    def verify(self, name: str, password: str) -> bool:
        """True when the name exists and the password is its own."""
        with self.engine.connect() as connection:
            stored = connection.execute(
                sa.select(staff_users.c.password_hash).where(staff_users.c.name == name)
            ).scalar()
        try:
            return self.hasher.verify(stored or self._dummy_hash, password) and stored is not None
        except (VerificationError, InvalidHashError):
            return False

    @staticmethod
    def _exists(connection: sa.engine.Connection, name: str) -> bool:
        query = sa.select(staff_users.c.name).where(staff_users.c.name == name)
        return connection.execute(query).first() is not None


def check_name(name: str) -> str:
    if not NAME.match(name):
        raise StaffUserError(
            f"staff name {name!r}: use 2-64 lower-case letters, digits, '.', '_' or '-'"
        )
    return name
