"""PainPath served as `make run` serves it, and as the scale-out profile (tools.scale) serves it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.processes import BotEndpoints
from bot.launcher import Settings, Stack
from bot.paths import CLINIC_FILE, MODEL_FILE
from bot.processes import free_port

READY_TIMEOUT_S = 240


@contextmanager
def painpath_running(
    scratch: Path, log_dir: Path, model: Path | None = None, name: str = "PainPath"
) -> Iterator[BotEndpoints]:
    """Start the three PainPath servers (with `model`, default models/painpath.tar.gz); always
    stop them, even when the run fails."""
    settings = Settings(
        model=str(model or MODEL_FILE),
        rasa_port=free_port(),
        action_port=free_port(),
        web_port=free_port(),
        clinic_file=str(CLINIC_FILE),
        tracker_db=str(scratch / "bench-conversations.db"),
        active_credentials=str(scratch / "credentials.active.yml"),
    )
    stack = Stack(settings, log_dir=log_dir)
    stack.start()
    try:
        stack.wait_until_ready(timeout=READY_TIMEOUT_S)
        action, rasa_server = stack.servers[0].process, stack.servers[1].process
        url = f"http://127.0.0.1:{settings.rasa_port}/webhooks/rest/webhook"
        yield BotEndpoints(name, url, (rasa_server.pid,), (action.pid,))
    finally:
        stack.stop()


@contextmanager
def painpath_scaled_running(
    log_dir: Path, replicas: int, sanic_workers: int
) -> Iterator[BotEndpoints]:
    """The tools.scale profile (PostgreSQL, Redis, nginx, replicas, 2 action servers)."""
    from tools.scale import ScaleSettings, ScaleStack  # needs PostgreSQL, Redis and nginx

    scale = ScaleSettings(
        replicas=replicas,
        rasa_port=free_port(),
        web_port=free_port(),
        with_web=False,
        sanic_workers=sanic_workers,
    )
    stack = ScaleStack(scale, log_dir=log_dir)
    try:
        stack.start()
        stack.wait_until_ready(timeout=READY_TIMEOUT_S + 60)
        rasa = tuple(stack.replica(i).process.pid for i in range(replicas))
        actions = tuple(s.process.pid for s in stack.servers if s.name.startswith("action server"))
        url = f"{stack.public_url}/webhooks/rest/webhook"
        yield BotEndpoints(f"PainPath, {replicas} replicas", url, rasa, actions)
    finally:
        stack.stop()
