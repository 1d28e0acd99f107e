"""Child servers: start one with its log file, wait until it answers, stop it with a grace period.

The one process starter behind `make run` (bot.launcher), the scale-out profile (tools.scale),
the benchmarks (bench/) and the end-to-end tests; an error names the server that stopped or never
answered, and where its log is.
"""

from __future__ import annotations

import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path


def free_port() -> int:
    """A loopback port nobody listens on, for tests and benchmarks that start their own servers."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    """One child process and the URL that answers once it is ready."""

    name: str
    command: list[str]
    ready_url: str
    process: subprocess.Popen | None = None
    log_file: Path | None = None

    def start(self, cwd: Path, env: Mapping[str, str], log_dir: Path | None = None) -> None:
        """Run the command; its output goes to `<log_dir>/<name>.log` (appended), else to ours."""
        if log_dir is None:
            self.process = subprocess.Popen(
                self.command, cwd=cwd, env=dict(env), stderr=subprocess.STDOUT
            )
            return
        log_dir.mkdir(parents=True, exist_ok=True)
        self.log_file = log_dir / (self.name.replace(" ", "-") + ".log")
        with self.log_file.open("ab") as log:
            self.process = subprocess.Popen(
                self.command, cwd=cwd, env=dict(env), stdout=log, stderr=subprocess.STDOUT
            )

    def is_running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def has_stopped(self) -> bool:
        return self.process is not None and self.process.poll() is not None

    def is_ready(self) -> bool:
        try:
            with urllib.request.urlopen(self.ready_url, timeout=2) as response:
                return response.status == 200
        except OSError:
            return False

    def where_to_look(self) -> str:
        return f"; see {self.log_file}" if self.log_file else ""


def wait_for(servers: Sequence[Server], timeout: float) -> None:
    """Block until every server answers; raise naming the one that stopped or did not answer."""
    deadline = time.monotonic() + timeout
    pending = list(servers)
    while pending:
        for server in list(pending):
            if server.has_stopped():
                raise RuntimeError(
                    f"The {server.name} stopped while starting{server.where_to_look()}."
                )
            if server.is_ready():
                pending.remove(server)
        if pending and time.monotonic() > deadline:
            names = ", ".join(server.name + server.where_to_look() for server in pending)
            raise TimeoutError(f"Not ready after {timeout:.0f} s: {names}")
        if pending:
            time.sleep(0.5)


def wait_until(is_ready: Callable[[], bool], timeout: float, what: str) -> None:
    """Poll `is_ready` until it is true; raise naming `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not is_ready():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} did not answer within {timeout:.0f} s")
        time.sleep(0.2)


def stop_processes(
    processes: Sequence[subprocess.Popen | None], grace: float, sig: int = signal.SIGINT
) -> None:
    """Send `sig` to every running process (SIGINT: like Ctrl-C), then kill those still up after
    `grace` seconds."""
    started = [process for process in processes if process is not None]
    for process in started:
        if process.poll() is None:
            process.send_signal(sig)
    deadline = time.monotonic() + grace
    for process in started:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def stop_servers(servers: Sequence[Server], grace: float) -> None:
    stop_processes([server.process for server in servers], grace)


class ServerGroup:
    """Servers started in one working directory with one environment, stopped together."""

    def __init__(self, servers: Sequence[Server], cwd: Path, log_dir: Path | None = None) -> None:
        self.servers = list(servers)
        self.cwd = cwd
        self.log_dir = log_dir
        self.env: dict[str, str] = {}

    def start_servers(self, env: Mapping[str, str]) -> None:
        self.env = dict(env)
        for server in self.servers:
            server.start(self.cwd, self.env, self.log_dir)

    def wait_until_ready(self, timeout: float = 180.0) -> None:
        """Block until every server answers; raise naming the one that did not."""
        wait_for(self.servers, timeout)

    def first_exited(self) -> Server | None:
        return next((server for server in self.servers if server.has_stopped()), None)

    def restart(self, server: Server, timeout: float = 180.0) -> None:
        """Start one stopped server again, as the group started it, and wait until it answers."""
        if not server.is_running():
            server.start(self.cwd, self.env, self.log_dir)
            wait_for([server], timeout)

    def stop(self, grace: float = 20.0) -> None:
        stop_servers(self.servers, grace)
