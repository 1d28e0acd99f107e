"""Staff users (argon2 hashes), signed sessions that expire and end, CSRF tokens, and the sign-in
limit per name and per address."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher

from bot.paths import REPO_ROOT
from bot.staff.console_db import staff_sessions, staff_users
from bot.staff.rate_limit import LoginRateLimiter
from bot.staff.sessions import SessionSigner, SessionStore, csrf_ok
from bot.staff.users import StaffUserError, StaffUsers

PASSWORD = "a long staff password"
# Tests hash with argon2id at its smallest cost; users.py uses the library's defaults.
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


@pytest.fixture
def users(console_engine: sa.engine.Engine) -> StaffUsers:
    return StaffUsers(console_engine, FAST_HASHER)


@pytest.fixture
def sessions(console_engine: sa.engine.Engine) -> SessionStore:
    return SessionStore(console_engine, SessionSigner(b"k" * 32), hours=8)


def test_a_user_signs_in_with_their_own_password_only(users: StaffUsers) -> None:
    users.add("nurse.lee", PASSWORD)
    assert users.verify("nurse.lee", PASSWORD)
    assert not users.verify("nurse.lee", PASSWORD + "x")
    assert not users.verify("nobody", PASSWORD)
    assert [u.name for u in users.all()] == ["nurse.lee"]


def test_passwords_are_stored_as_argon2id_hashes(console_engine: sa.engine.Engine) -> None:
    StaffUsers(console_engine).add("dr.kim", PASSWORD)  # the library's default cost
    with console_engine.connect() as connection:
        stored = connection.execute(sa.select(staff_users.c.password_hash)).scalar_one()
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored


def test_bad_names_short_passwords_and_duplicates_are_refused(users: StaffUsers) -> None:
    with pytest.raises(StaffUserError, match="lower-case"):
        users.add("Robert'); DROP", PASSWORD)
    with pytest.raises(StaffUserError, match="at least 12"):
        users.add("ann", "short")
    users.add("ann", PASSWORD)
    with pytest.raises(StaffUserError, match="exists already"):
        users.add("ann", PASSWORD)
    with pytest.raises(StaffUserError, match="no staff user"):
        users.remove("bob")


def test_removing_a_user_ends_their_sessions(users: StaffUsers, sessions: SessionStore) -> None:
    users.add("ann", PASSWORD)
    cookie, _ = sessions.start("ann")
    assert sessions.find(cookie) is not None
    users.remove("ann")
    assert sessions.find(cookie) is None


def test_a_session_cookie_is_signed_and_altering_it_signs_nobody_in(sessions: SessionStore) -> None:
    cookie, session = sessions.start("ann")
    assert sessions.find(cookie) == session
    session_id, _, mac = cookie.rpartition(".")
    assert sessions.find(f"{session_id}x.{mac}") is None
    assert sessions.find(f"{session_id}.{'0' * len(mac)}") is None
    assert sessions.find(session_id) is None
    other_key = SessionStore(sessions.engine, SessionSigner(b"z" * 32), hours=8)
    assert other_key.find(cookie) is None


def test_only_a_hash_of_the_session_id_is_stored(sessions: SessionStore) -> None:
    cookie, _ = sessions.start("ann")
    with sessions.engine.connect() as connection:
        stored = connection.execute(sa.select(staff_sessions.c.id_hash)).scalar_one()
    assert cookie.rpartition(".")[0] not in stored


def test_sessions_expire_and_end_on_sign_out(sessions: SessionStore) -> None:
    cookie, session = sessions.start("ann", now=1000.0)
    assert sessions.find(cookie, now=1000.0 + 8 * 3600 - 1) is not None
    assert sessions.find(cookie, now=1000.0 + 8 * 3600) is None
    cookie, _ = sessions.start("ann")
    sessions.end(cookie)
    assert sessions.find(cookie) is None


def test_csrf_tokens_must_match_the_session(sessions: SessionStore) -> None:
    _, session = sessions.start("ann")
    assert csrf_ok(session, session.csrf_token)
    assert not csrf_ok(session, None)
    assert not csrf_ok(session, "")
    assert not csrf_ok(session, session.csrf_token[:-1] + "x")


def test_the_sign_in_form_token_is_the_signed_cookie_and_expires() -> None:
    signer = SessionSigner(b"k" * 32)
    token = signer.login_token()
    assert signer.login_token_valid(token, token)
    assert not signer.login_token_valid(token, None)
    assert not signer.login_token_valid(None, token)
    assert not signer.login_token_valid(token, signer.login_token())
    old = signer.login_token(now=time.time() - 3600)
    assert not signer.login_token_valid(old, old)


def test_failed_sign_ins_are_limited_per_name_and_per_address() -> None:
    limiter = LoginRateLimiter(per_user=3, per_address=5, window=60)
    for _ in range(3):
        assert limiter.retry_after("ann", "10.0.0.1", now=0) == 0
        limiter.failed("ann", "10.0.0.1", now=0)
    assert limiter.retry_after("ann", "10.0.0.2", now=1) == pytest.approx(59)  # by name
    assert limiter.retry_after("bob", "10.0.0.2", now=1) == 0
    limiter.failed("bob", "10.0.0.1", now=1)
    limiter.failed("cy", "10.0.0.1", now=1)
    assert limiter.retry_after("dee", "10.0.0.1", now=2) > 0  # by address
    assert limiter.retry_after("ann", "10.0.0.2", now=61) == 0  # the window has passed
    limiter.failed("eve", "10.0.0.3", now=70)
    limiter.succeeded("eve")
    assert limiter.by_user.failures.get("eve") is None


def test_the_command_adds_lists_and_removes_users_with_the_password_on_stdin(
    tmp_path: Path,
) -> None:
    env = {
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(REPO_ROOT),
        "PAINPATH_STAFF_DB": str(tmp_path / "s.db"),
    }

    def staff(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "bot.staff", *args],
            input=stdin, capture_output=True, text=True, env=env, cwd=REPO_ROOT, timeout=120,
        )  # fmt: skip

    added = staff("add-user", "nurse.lee", stdin=PASSWORD + "\n")
    assert added.returncode == 0, added.stderr
    assert PASSWORD not in added.stdout + added.stderr
    assert "nurse.lee" in staff("list-users").stdout
    assert StaffUsers(_engine(tmp_path / "s.db")).verify("nurse.lee", PASSWORD)
    short = staff("add-user", "ann", stdin="short\n")
    assert short.returncode == 2 and "at least 12" in short.stderr
    assert staff("remove-user", "nurse.lee").returncode == 0
    assert "no staff users" in staff("list-users").stdout


def _engine(path: Path) -> sa.engine.Engine:
    from bot.staff.console_db import open_console_db

    return open_console_db(path)
