"""nginx in front of the Rasa replicas and the action servers, from deploy/nginx's template."""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from bot.errors import ContentError
from bot.paths import DEPLOY_DIR
from bot.processes import stop_processes

TEMPLATE = DEPLOY_DIR / "nginx" / "painpath.conf.template"
TEMPLATE_NAMES = (
    "RASA_UPSTREAM_SERVERS",
    "ACTION_UPSTREAM_SERVERS",
    "NGINX_RASA_PORT",
    "NGINX_ACTION_PORT",
)
_PLACEHOLDER = re.compile(r"\$\{([A-Z][A-Z0-9_]*)\}")


def upstream_servers(ports: Sequence[int], host: str = "127.0.0.1") -> str:
    """The `server` lines of an upstream block for processes on these ports."""
    return " ".join(f"server {host}:{port} max_fails=1 fail_timeout=5s;" for port in ports)


def render_site(values: Mapping[str, str], template: Path = TEMPLATE) -> str:
    """Fill the ${NAMES} the template documents (as the nginx image's envsubst would)."""
    text = template.read_text(encoding="utf-8")
    unknown = sorted(set(_PLACEHOLDER.findall(text)) - set(TEMPLATE_NAMES))
    missing = sorted(set(TEMPLATE_NAMES) - set(values))
    if unknown or missing:
        allowed = ", ".join("${" + name + "}" for name in TEMPLATE_NAMES)
        raise ContentError(
            template, ", ".join(unknown + missing), f"use only {allowed} and give each a value"
        )
    return _PLACEHOLDER.sub(lambda match: values[match.group(1)], text)


def main_config(site: str, root: Path) -> str:
    """A complete nginx.conf for a foreground, unprivileged-path nginx (pid, logs, temp in root)."""
    temp_paths = "\n".join(
        f"    {kind}_temp_path {root / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return (
        f"worker_processes 1;\npid {root / 'nginx.pid'};\nerror_log {root / 'error.log'} warn;\n"
        "events { worker_connections 1024; }\n"
        "http {\n"
        "    log_format painpath '$remote_addr \"$request\" $status upstream=$upstream_addr';\n"
        f"    access_log {root / 'access.log'} painpath;\n{temp_paths}\n{site}\n}}\n"
    )


class LoopbackNginx:
    """nginx -g 'daemon off;' as our child process, with a generated config in a temp folder."""

    def __init__(
        self, program: Path, rasa_port: int, action_port: int, replicas: Sequence[int],
        action_servers: Sequence[int],
    ) -> None:  # fmt: skip
        self.program = program
        self.rasa_port = rasa_port
        self.action_port = action_port
        site = render_site(
            {
                "RASA_UPSTREAM_SERVERS": upstream_servers(replicas),
                "ACTION_UPSTREAM_SERVERS": upstream_servers(action_servers),
                "NGINX_RASA_PORT": f"127.0.0.1:{rasa_port}",
                "NGINX_ACTION_PORT": f"127.0.0.1:{action_port}",
            }
        )
        self.root = Path(tempfile.mkdtemp(prefix="painpath-nginx-"))
        self.root.chmod(0o755)
        self.config = self.root / "nginx.conf"
        self.config.write_text(main_config(site, self.root), encoding="utf-8")
        self.process: subprocess.Popen | None = None

    @property
    def access_log(self) -> Path:
        """One line per request, naming the upstream(s) nginx passed it to."""
        return self.root / "access.log"

    def start(self) -> None:
        """Check the config (nginx -t names the line of any error), then run in the foreground."""
        command = [str(self.program), "-p", str(self.root), "-c", str(self.config)]
        check = subprocess.run([*command, "-t", "-q"], capture_output=True, text=True)
        if check.returncode != 0:
            raise RuntimeError(f"nginx rejected {self.config}: {check.stderr.strip()}")
        self.process = subprocess.Popen(
            [*command, "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=open(self.root / "stderr.log", "ab"),  # noqa: SIM115 - closed with the process
        )

    def stop(self) -> None:
        stop_processes([self.process], grace=10, sig=signal.SIGTERM)

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)
