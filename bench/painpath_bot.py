"""PainPath served as `make run` serves it, on free ports, optionally with more Sanic workers."""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.processes import BotEndpoints
from bot.launcher import ROOT, Settings, Stack, free_port

READY_TIMEOUT_S = 240

# endpoints.yml with a Redis lock store: Rasa ignores SANIC_WORKERS with the in-memory one.
MULTI_WORKER_ENDPOINTS = """\
action_endpoint:
  url: ${{ACTION_ENDPOINT_URL}}
tracker_store:
  type: bot.privacy.tracker_store.RedactingSQLTrackerStore
  dialect: sqlite
  db: ${{PAINPATH_TRACKER_DB}}
lock_store:
  type: redis
  url: 127.0.0.1
  port: {redis_port}
  db: 0
"""


@contextmanager
def painpath_running(
    scratch: Path, log_dir: Path, workers: int = 1, endpoints: Path | None = None
) -> Iterator[BotEndpoints]:
    """Start the three PainPath servers; always stop them, even when the run fails."""
    settings = Settings(
        rasa_port=free_port(),
        action_port=free_port(),
        web_port=free_port(),
        clinic_file=str(ROOT / "clinic.yml"),
        tracker_db=str(scratch / "bench-conversations.db"),
        active_credentials=str(scratch / "credentials.active.yml"),
        endpoints=str(endpoints or ROOT / "endpoints.yml"),
        extra_env={"SANIC_WORKERS": str(workers)},
    )
    stack = Stack(settings, log_dir=log_dir)
    stack.start()
    try:
        stack.wait_until_ready(timeout=READY_TIMEOUT_S)
        action, rasa_server = stack.servers[0].process, stack.servers[1].process
        name = "PainPath" if workers == 1 else f"PainPath, {workers} Sanic workers"
        url = f"http://127.0.0.1:{settings.rasa_port}/webhooks/rest/webhook"
        yield BotEndpoints(name, url, rasa_server.pid, action.pid)
    finally:
        stack.stop()


@contextmanager
def redis_lock_store(scratch: Path, log_dir: Path) -> Iterator[Path]:
    """A throwaway loopback redis-server and an endpoints file that uses it as the lock store."""
    server = shutil.which("redis-server")
    if server is None:
        raise RuntimeError(
            "redis-server not found: run `make system-test-deps` "
            "(or `apt-get install -y redis-server`)"
        )
    port = free_port()
    log_dir.mkdir(parents=True, exist_ok=True)
    with (log_dir / "redis.log").open("ab") as log:
        process = subprocess.Popen(
            [
                server,
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_for_redis(port, process)
        endpoints = scratch / "endpoints.multiworker.yml"
        endpoints.write_text(MULTI_WORKER_ENDPOINTS.format(redis_port=port))
        yield endpoints
    finally:
        process.terminate()
        process.wait(timeout=10)


def _wait_for_redis(port: int, process: subprocess.Popen, timeout: float = 10.0) -> None:
    import redis  # installed with rasa

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"redis-server exited at start (port {port}); see bench/out/logs")
        try:
            redis.Redis(host="127.0.0.1", port=port, socket_timeout=1).ping()
            return
        except redis.exceptions.ConnectionError:
            time.sleep(0.2)
    raise TimeoutError(f"redis-server on 127.0.0.1:{port} did not answer within {timeout:.0f} s")
