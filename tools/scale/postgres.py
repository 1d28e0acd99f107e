"""A throwaway PostgreSQL cluster on a loopback port, in its own temporary folder."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bot.errors import PainPathError

# initdb and postgres refuse to run as root; as root we hand the cluster to this account.
POSTGRES_ACCOUNT = "postgres"


class PostgresStartError(PainPathError):
    """The throwaway cluster could not be created or started; the message quotes its log."""


@dataclass(frozen=True)
class PostgresLogin:
    """What endpoints.scale.yml needs to reach the database (DB_* variables)."""

    host: str
    port: int
    database: str
    user: str
    password: str

    def environment(self) -> dict[str, str]:
        return {
            "DB_HOST": self.host,
            "DB_PORT": str(self.port),
            "DB_DATABASE": self.database,
            "DB_USER": self.user,
            "DB_PASSWORD": self.password,
        }


class ThrowawayPostgres:
    """initdb + pg_ctl in a temp folder; `restart()` lets tests take the database away and back."""

    def __init__(self, bin_dir: Path, port: int, database: str = "painpath") -> None:
        self.bin_dir = bin_dir
        self.port = port
        self.login = PostgresLogin("127.0.0.1", port, database, "painpath", os.urandom(9).hex())
        self.root = Path(tempfile.mkdtemp(prefix="painpath-pg-"))
        self.data_dir = self.root / "data"
        self.log_file = self.root / "postgres.log"
        self._run_as = POSTGRES_ACCOUNT if os.geteuid() == 0 else None

    def _command(self, program: str, *args: str) -> list[str]:
        command = [str(self.bin_dir / program), *args]
        return ["runuser", "-u", self._run_as, "--", *command] if self._run_as else command

    def _run(self, program: str, *args: str, timeout: float = 60) -> None:
        result = subprocess.run(
            self._command(program, *args), capture_output=True, text=True, timeout=timeout
        )
        if result.returncode != 0:
            raise PostgresStartError(
                f"PostgreSQL `{program}` failed in {self.root}: {result.stderr.strip()}\n"
                f"{self.log_tail()}\nTo fix: check that {self.bin_dir} holds a working PostgreSQL "
                "and that the account 'postgres' exists (Debian's postgresql package creates it)."
            )

    def log_tail(self, lines: int = 15) -> str:
        if not self.log_file.exists():
            return "(no PostgreSQL log yet)"
        return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])

    def create(self) -> None:
        """Make the cluster: password login over TCP, the socket inside our folder."""
        password_file = self.root / "password"
        password_file.write_text(self.login.password + "\n")
        if self._run_as:
            account = pwd.getpwnam(self._run_as)
            for path in (self.root, password_file):
                os.chown(path, account.pw_uid, account.pw_gid)
        self._run(
            "initdb",
            "-D", str(self.data_dir),
            "-U", self.login.user,
            f"--pwfile={password_file}",
            "--auth-host=scram-sha-256",
            "--auth-local=trust",
            "-E", "UTF8",
            "--no-instructions",
        )  # fmt: skip
        password_file.unlink()
        with open(self.data_dir / "postgresql.conf", "a", encoding="utf-8") as conf:
            conf.write(
                f"\nport = {self.port}\nlisten_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{self.root}'\nmax_connections = 100\n"
            )

    def start(self) -> None:
        self._run("pg_ctl", "-D", str(self.data_dir), "-l", str(self.log_file), "-w", "start")

    def stop(self) -> None:
        if (self.data_dir / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data_dir), "-m", "fast", "-w", "stop")

    def restart(self, down_seconds: float = 0.0) -> None:
        """Stop (fast: connections are cut), stay down a while, start again."""
        self.stop()
        time.sleep(down_seconds)
        self.start()

    def create_database(self) -> None:
        """Rasa's SQL store creates its tables, not the database itself."""
        self._run(
            "createdb", "-h", str(self.root), "-p", str(self.port),
            "-U", self.login.user, self.login.database,
        )  # fmt: skip

    def remove(self) -> None:
        """Stop the cluster if running and delete its folder."""
        try:
            self.stop()
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
