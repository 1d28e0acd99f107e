"""Run the scale-out profile on loopback: PostgreSQL, Redis, nginx, Rasa replicas, action servers.

The Rasa and action-server commands are the ones `bot.launcher.Stack` runs, with
endpoints.scale.yml; nginx is the only address patients and Rasa's action calls use.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

from bot.launcher import Server, Settings, Stack, free_port
from bot.paths import REPO_ROOT
from tools.scale.nginx import LoopbackNginx
from tools.scale.postgres import ThrowawayPostgres
from tools.scale.redis_server import ThrowawayRedis
from tools.scale.services import find_service_binaries

SCALE_ENDPOINTS = "endpoints.scale.yml"


@dataclass(frozen=True)
class ScaleSettings:
    """How many of each process, and the two nginx ports everything else is reached through."""

    replicas: int = 2
    action_servers: int = 2
    public_port: int = 8080
    nginx_action_port: int = 0  # 0: a free port
    web_port: int = 8000
    with_web: bool = True
    sanic_workers: int = 1
    clinic_file: str = "clinic.yml"
    model: str = "models/painpath.tar.gz"
    endpoints: str = SCALE_ENDPOINTS

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> ScaleSettings:
        """PAINPATH_SCALE_REPLICAS, PAINPATH_SCALE_PORT, WEB_PORT, SANIC_WORKERS and friends."""
        env = os.environ if environ is None else environ
        defaults = cls()
        return cls(
            replicas=int(env.get("PAINPATH_SCALE_REPLICAS", defaults.replicas)),
            public_port=int(env.get("PAINPATH_SCALE_PORT", defaults.public_port)),
            web_port=int(env.get("WEB_PORT", defaults.web_port)),
            sanic_workers=int(env.get("SANIC_WORKERS", defaults.sanic_workers)),
            clinic_file=env.get("PAINPATH_CLINIC_FILE", defaults.clinic_file),
            model=env.get("PAINPATH_MODEL", defaults.model),
            endpoints=env.get("PAINPATH_SCALE_ENDPOINTS", defaults.endpoints),
        )


def _pick(stack: Stack, name: str, new_name: str) -> Server:
    """One server of a plain Stack (same command as `make run`), renamed for our logs."""
    server = next(server for server in stack.servers if server.name == name)
    return replace(server, name=new_name, process=None)


class ScaleStack(Stack):
    """Everything the scale-out profile runs, started and stopped together."""

    def __init__(self, scale: ScaleSettings, log_dir: Path | None = None) -> None:
        binaries = find_service_binaries()
        self.scale = scale
        self.replica_ports = [free_port() for _ in range(scale.replicas)]
        self.action_ports = [free_port() for _ in range(scale.action_servers)]
        nginx_action_port = scale.nginx_action_port or free_port()
        self.nginx = LoopbackNginx(
            binaries.nginx, scale.public_port, nginx_action_port, self.replica_ports,
            self.action_ports,
        )  # fmt: skip
        self.postgres = ThrowawayPostgres(binaries.postgres_bin, free_port())
        self.redis = ThrowawayRedis(binaries.redis_server, free_port())
        self.root = Path(tempfile.mkdtemp(prefix="painpath-scale-"))
        settings = Settings(
            rasa_port=scale.public_port,
            action_port=nginx_action_port,
            web_port=scale.web_port,
            clinic_file=scale.clinic_file,
            model=scale.model,
            tracker_db=str(self.root / "unused.db"),
            active_credentials=str(self.root / "credentials.active.yml"),
            endpoints=scale.endpoints,
            extra_env={
                "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{nginx_action_port}/webhook",
                "SANIC_WORKERS": str(scale.sanic_workers),
                # Keep the caller's extra import paths (a custom store named in the endpoints).
                "PYTHONPATH": os.pathsep.join(
                    [
                        str(REPO_ROOT),
                        *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep)),
                    ]
                ),
                **self.postgres.login.environment(),
                **self.redis.environment(),
            },
        )
        super().__init__(settings, log_dir)
        servers = [
            _pick(Stack(replace(settings, action_port=port)), "action server", f"action server {i}")
            for i, port in enumerate(self.action_ports, start=1)
        ]
        servers += [
            _pick(Stack(replace(settings, rasa_port=port)), "Rasa server", f"Rasa replica {i}")
            for i, port in enumerate(self.replica_ports, start=1)
        ]
        if scale.with_web:
            servers.append(_pick(Stack(settings), "web page", "web page"))
        self.servers = servers

    @property
    def public_url(self) -> str:
        return f"http://127.0.0.1:{self.scale.public_port}"

    def replica_url(self, index: int) -> str:
        return f"http://127.0.0.1:{self.replica_ports[index]}"

    def start(self) -> list[str]:
        """PostgreSQL, Redis and nginx first (they start in seconds), then the Python servers."""
        self.postgres.create()
        self.postgres.start()
        self.postgres.create_database()
        self.redis.start()
        deadline = time.monotonic() + 20
        while not self.redis.is_ready():
            if time.monotonic() > deadline:
                raise TimeoutError(f"Redis did not answer on port {self.redis.port} within 20 s")
            time.sleep(0.2)
        self.nginx.start()
        return super().start()

    def replica(self, index: int) -> Server:
        return next(s for s in self.servers if s.name == f"Rasa replica {index + 1}")

    def stop_replica(self, index: int, grace: float = 15.0) -> None:
        """Stop one Rasa replica the way an orchestrator would (SIGINT, then kill)."""
        process = self.replica(index).process
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def start_replica(self, index: int, timeout: float = 180.0) -> None:
        """Start a stopped replica again and wait until it answers."""
        server = self.replica(index)
        if server.process is not None and server.process.poll() is None:
            return
        output = None
        if self.log_dir is not None:
            log_name = server.name.replace(" ", "-") + ".log"
            output = open(self.log_dir / log_name, "ab")  # noqa: SIM115 - closed with the process
        server.process = subprocess.Popen(
            server.command,
            cwd=REPO_ROOT,
            env=self.settings.environment(),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while not server.is_ready():
            if server.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"The {server.name} did not come back on {server.ready_url}")
            time.sleep(0.5)

    def stop(self, grace: float = 10.0) -> None:
        """Stop every process we started and delete the temporary folders."""
        try:
            super().stop(grace)
        finally:
            self.nginx.remove()
            self.redis.stop()
            self.postgres.remove()
            shutil.rmtree(self.root, ignore_errors=True)
