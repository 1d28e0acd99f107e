"""The yardstick: Rasa's own `rasa init` starter bot, built and served with the same Rasa here."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.processes import BotEndpoints
from bot.launcher import RASA, action_server, rasa_run_command
from bot.processes import Server, ServerGroup, free_port


def has_model(project_dir: Path) -> bool:
    return any((project_dir / "models").glob("*.tar.gz"))


def ensure_stock_project(project_dir: Path, log_file: Path) -> bool:
    """Create (and so train) the starter bot unless a trained one is there; True if created."""
    if has_model(project_dir):
        return False
    project_dir.mkdir(parents=True, exist_ok=True)
    command = [RASA, "init", "--no-prompt", "--init-dir", str(project_dir)]
    log_file.parent.mkdir(parents=True, exist_ok=True)
    with log_file.open("ab") as log:
        completed = subprocess.run(command, stdout=log, stderr=subprocess.STDOUT)
    if completed.returncode != 0 or not has_model(project_dir):
        raise RuntimeError(f"`rasa init` did not produce a model in {project_dir}; see {log_file}")
    return True


class StockStack(ServerGroup):
    """`rasa run actions` + `rasa run` of the starter bot on free loopback ports, in its folder."""

    def __init__(self, project_dir: Path, log_dir: Path) -> None:
        self.rasa_port, self.action_port = free_port(), free_port()
        stock_rasa = rasa_run_command(self.rasa_port, "models")
        servers = [
            action_server(self.action_port, "stock action server"),
            Server("stock Rasa server", stock_rasa, f"http://127.0.0.1:{self.rasa_port}/"),
        ]
        super().__init__(servers, project_dir, log_dir)

    def start(self) -> None:
        self.start_servers(os.environ)

    def endpoints(self) -> BotEndpoints:
        action, rasa_server = (server.process for server in self.servers)
        return BotEndpoints(
            "stock rasa init",
            f"http://127.0.0.1:{self.rasa_port}/webhooks/rest/webhook",
            (rasa_server.pid,),
            (action.pid,),
        )


@contextmanager
def stock_running(project_dir: Path, log_dir: Path, ready_timeout: float) -> Iterator[BotEndpoints]:
    """The starter bot's two servers, always stopped, even when the run fails."""
    stack = StockStack(project_dir, log_dir)
    stack.start()
    try:
        stack.wait_until_ready(ready_timeout)
        yield stack.endpoints()
    finally:
        stack.stop()
