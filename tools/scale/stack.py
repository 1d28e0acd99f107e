"""Run the scale-out profile on loopback: PostgreSQL, Redis, nginx, Rasa replicas, action servers.

The Rasa and action servers come from the launcher's server factories (the commands `make run`
runs), with endpoints.scale.yml; nginx is the only address patients and Rasa's action calls use.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from bot.launcher import Settings, Stack, action_server, rasa_server, web_page
from bot.paths import REPO_ROOT
from bot.processes import Server, free_port, stop_servers
from tools.scale.nginx import LoopbackNginx
from tools.scale.postgres import ThrowawayPostgres
from tools.scale.redis_server import ThrowawayRedis
from tools.scale.services import find_service_binaries

SCALE_ENDPOINTS = "endpoints.scale.yml"


@dataclass(frozen=True)
class ScaleSettings(Settings):
    """The launcher's settings, where the Rasa and action ports are nginx's (action port 0: a free
    port), plus how many of each process run."""

    rasa_port: int = 8080
    action_port: int = 0
    endpoints: str = SCALE_ENDPOINTS
    replicas: int = 2
    action_servers: int = 2
    with_web: bool = True
    sanic_workers: int = 1

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> ScaleSettings:
        """The launcher's variables, plus PAINPATH_SCALE_REPLICAS, PAINPATH_SCALE_PORT,
        PAINPATH_SCALE_ENDPOINTS and SANIC_WORKERS."""
        env = os.environ if environ is None else environ
        defaults = cls()
        return cls(
            **{
                **asdict(Settings.from_env(env)),
                "rasa_port": int(env.get("PAINPATH_SCALE_PORT", defaults.rasa_port)),
                "action_port": defaults.action_port,
                "endpoints": env.get("PAINPATH_SCALE_ENDPOINTS", defaults.endpoints),
            },
            replicas=int(env.get("PAINPATH_SCALE_REPLICAS", defaults.replicas)),
            sanic_workers=int(env.get("SANIC_WORKERS", defaults.sanic_workers)),
        )


class ScaleStack(Stack):
    """Everything the scale-out profile runs, started and stopped together."""

    def __init__(self, scale: ScaleSettings, log_dir: Path | None = None) -> None:
        binaries = find_service_binaries()
        self.replica_ports = [free_port() for _ in range(scale.replicas)]
        self.action_ports = [free_port() for _ in range(scale.action_servers)]
        nginx_action_port = scale.action_port or free_port()
        self.nginx = LoopbackNginx(
            binaries.nginx, scale.rasa_port, nginx_action_port, self.replica_ports,
            self.action_ports,
        )  # fmt: skip
        self.postgres = ThrowawayPostgres(binaries.postgres_bin, free_port())
        self.redis = ThrowawayRedis(binaries.redis_server, free_port())
        self.root = Path(tempfile.mkdtemp(prefix="painpath-scale-"))
        self.scale = replace(
            scale,
            action_port=nginx_action_port,
            tracker_db=str(self.root / "unused.db"),
            active_credentials=str(self.root / "credentials.active.yml"),
            extra_env={
                **scale.extra_env,
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
        super().__init__(self.scale, log_dir)
        servers = [
            action_server(port, f"action server {i}")
            for i, port in enumerate(self.action_ports, start=1)
        ]
        servers += [
            rasa_server(self.scale, port, f"Rasa replica {i}")
            for i, port in enumerate(self.replica_ports, start=1)
        ]
        if scale.with_web:
            servers.append(web_page(self.scale))
        self.servers = servers

    @property
    def public_url(self) -> str:
        return f"http://127.0.0.1:{self.scale.rasa_port}"

    def replica_url(self, index: int) -> str:
        return f"http://127.0.0.1:{self.replica_ports[index]}"

    def start(self) -> list[str]:
        """PostgreSQL, Redis and nginx first (they start in seconds), then the Python servers."""
        self.postgres.create()
        self.postgres.start()
        self.postgres.create_database()
        self.redis.start()
        self.redis.wait_until_ready()
        self.nginx.start()
        return super().start()

    def replica(self, index: int) -> Server:
        return next(s for s in self.servers if s.name == f"Rasa replica {index + 1}")

    def stop_replica(self, index: int, grace: float = 15.0) -> None:
        """Stop one Rasa replica the way an orchestrator would (SIGINT, then kill)."""
        stop_servers([self.replica(index)], grace)

    def start_replica(self, index: int, timeout: float = 180.0) -> None:
        """Start a stopped replica again and wait until it answers."""
        self.restart(self.replica(index), timeout)

    def stop(self, grace: float = 10.0) -> None:
        """Stop every process we started and delete the temporary folders."""
        try:
            super().stop(grace)
        finally:
            self.nginx.remove()
            self.redis.stop()
            self.postgres.remove()
            shutil.rmtree(self.root, ignore_errors=True)
