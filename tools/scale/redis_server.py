"""A throwaway Redis on a loopback port: no snapshots, no append-only file (locks only)."""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import tempfile
from pathlib import Path

from bot.processes import stop_processes, wait_until


class ThrowawayRedis:
    """redis-server in the foreground as our child process, bound to 127.0.0.1."""

    def __init__(self, program: Path, port: int) -> None:
        self.program = program
        self.port = port
        self.root = Path(tempfile.mkdtemp(prefix="painpath-redis-"))
        self.process: subprocess.Popen | None = None

    def environment(self) -> dict[str, str]:
        return {"REDIS_HOST": "127.0.0.1", "REDIS_PORT": str(self.port), "REDIS_PASSWORD": ""}

    def start(self) -> None:
        log = open(self.root / "redis.log", "ab")  # noqa: SIM115 - closed with the process
        self.process = subprocess.Popen(
            [
                str(self.program),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.root),
            ],  # fmt: skip
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    def is_ready(self) -> bool:
        """True once Redis answers PING."""
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as connection:
                connection.sendall(b"PING\r\n")
                return connection.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def wait_until_ready(self, timeout: float = 20.0) -> None:
        wait_until(self.is_ready, timeout, f"Redis on port {self.port}")

    def stop(self) -> None:
        stop_processes([self.process], grace=10, sig=signal.SIGTERM)
        shutil.rmtree(self.root, ignore_errors=True)
