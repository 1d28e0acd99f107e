"""A few servers started together for a benchmark run, each with its own log, always stopped."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.launcher import Server, stop_servers


@dataclass(frozen=True)
class BotEndpoints:
    """Where the load goes and which processes' memory to read, whatever started the bot."""

    name: str
    rest_url: str
    rasa_pids: tuple[int, ...]
    action_pids: tuple[int, ...]


class ProcessGroup:
    """Servers launched with one environment and working directory (the stock bot's layout)."""

    def __init__(self, servers: Sequence[Server], cwd: Path, log_dir: Path) -> None:
        self.servers = list(servers)
        self.cwd = cwd
        self.log_dir = log_dir

    def start(self, extra_env: dict[str, str] | None = None) -> None:
        env = {**os.environ, **(extra_env or {})}
        self.log_dir.mkdir(parents=True, exist_ok=True)
        for server in self.servers:
            log = open(self.log_dir / (server.name.replace(" ", "-") + ".log"), "ab")  # noqa: SIM115
            server.process = subprocess.Popen(
                server.command, cwd=self.cwd, env=env, stdout=log, stderr=subprocess.STDOUT
            )

    def wait_until_ready(self, timeout: float) -> None:
        """Block until each server answers; raise naming the one that stopped or never answered."""
        deadline = time.monotonic() + timeout
        for server in self.servers:
            while not server.is_ready():
                if server.process is not None and server.process.poll() is not None:
                    raise RuntimeError(f"{server.name} stopped while starting; see {self.log_dir}")
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{server.name} not ready after {timeout:.0f} s")
                time.sleep(0.5)

    def stop(self, grace: float = 10.0) -> None:
        stop_servers(self.servers, grace)
