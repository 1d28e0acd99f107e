"""Start the action server, the Rasa server and the widget page together; Ctrl-C stops all three.

`make run` calls this; the end-to-end tests use `Stack` to start the same servers on free ports.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bot.credentials import write_active_credentials
from bot.paths import REPO_ROOT

VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    """A loopback port nobody listens on, for tests and benchmarks that start their own stack."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass(frozen=True)
class Settings:
    """Everything the three servers need, read from the environment with safe defaults."""

    rasa_port: int = 5005
    action_port: int = 5055
    web_port: int = 8000
    clinic_file: str = "clinic.yml"
    model: str = "models/painpath.tar.gz"
    tracker_db: str = "var/conversations.db"
    active_credentials: str = "var/credentials.active.yml"
    endpoints: str = "endpoints.yml"
    credentials: str = "credentials.yml"
    allowed_origins: str = ""
    extra_env: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        defaults = cls()
        return cls(
            rasa_port=int(env.get("RASA_PORT", defaults.rasa_port)),
            action_port=int(env.get("ACTION_PORT", defaults.action_port)),
            web_port=int(env.get("WEB_PORT", defaults.web_port)),
            clinic_file=env.get("PAINPATH_CLINIC_FILE", defaults.clinic_file),
            model=env.get("PAINPATH_MODEL", defaults.model),
            tracker_db=env.get("PAINPATH_TRACKER_DB", defaults.tracker_db),
            endpoints=env.get("PAINPATH_ENDPOINTS", defaults.endpoints),
            credentials=env.get("PAINPATH_CREDENTIALS", defaults.credentials),
            allowed_origins=env.get("PAINPATH_ALLOWED_ORIGINS", ""),
        )

    @property
    def origins(self) -> list[str]:
        """Origins allowed to call the Rasa server: the widget page's own, plus configured ones."""
        configured = [o.strip() for o in self.allowed_origins.split(",") if o.strip()]
        own = [f"http://localhost:{self.web_port}", f"http://127.0.0.1:{self.web_port}"]
        return own + configured

    def environment(self) -> dict[str, str]:
        """The environment every child process gets (endpoints.yml reads the ${VARS} from it)."""
        env = dict(os.environ)
        env.update(
            {
                "PYTHONPATH": str(REPO_ROOT),
                "RASA_PORT": str(self.rasa_port),
                "ACTION_PORT": str(self.action_port),
                "WEB_PORT": str(self.web_port),
                "PAINPATH_CLINIC_FILE": self.clinic_file,
                "PAINPATH_TRACKER_DB": self.tracker_db,
                "PAINPATH_ALLOWED_ORIGINS": ",".join(self.origins),
                "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{self.action_port}/webhook",
                "RASA_PUBLIC_URL": env.get("RASA_PUBLIC_URL", f"http://localhost:{self.rasa_port}"),
                "TF_CPP_MIN_LOG_LEVEL": "2",
                "RASA_TELEMETRY_ENABLED": "false",
                "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
            }
        )
        env.update(self.extra_env)
        return env


@dataclass
class Server:
    """One child process and the URL that answers once it is ready."""

    name: str
    command: list[str]
    ready_url: str
    process: subprocess.Popen | None = None

    def is_ready(self) -> bool:
        try:
            with urllib.request.urlopen(self.ready_url, timeout=2) as response:
                return response.status == 200
        except OSError:
            return False


class Stack:
    """The three PainPath servers, started and stopped together."""

    def __init__(self, settings: Settings, log_dir: Path | None = None) -> None:
        self.settings = settings
        self.log_dir = log_dir
        rasa = str(VENV_BIN / "rasa")
        s = settings
        self.servers = [
            Server(
                "action server",
                [rasa, "run", "actions", "--actions", "actions", "--port", str(s.action_port)],
                f"http://127.0.0.1:{s.action_port}/health",
            ),
            Server(
                "Rasa server",
                [
                    rasa,
                    "run",
                    "--model",
                    s.model,
                    "--endpoints",
                    s.endpoints,
                    "--credentials",
                    s.active_credentials,
                    "--port",
                    str(s.rasa_port),
                    "--cors",
                    *s.origins,
                ],
                f"http://127.0.0.1:{s.rasa_port}/",
            ),
            Server(
                "web page",
                [sys.executable, "-m", "bot.web"],
                f"http://127.0.0.1:{s.web_port}/health",
            ),
        ]

    def start(self) -> list[str]:
        """Start all three; return a line for each messaging channel left off."""
        Path(self.settings.tracker_db).parent.mkdir(parents=True, exist_ok=True)
        env = self.settings.environment()
        channels_off = write_active_credentials(
            REPO_ROOT / self.settings.credentials, REPO_ROOT / self.settings.active_credentials, env
        )
        for server in self.servers:
            output = None
            if self.log_dir is not None:
                self.log_dir.mkdir(parents=True, exist_ok=True)
                log_name = server.name.replace(" ", "-") + ".log"
                output = open(self.log_dir / log_name, "ab")  # noqa: SIM115 - closed with the process
            server.process = subprocess.Popen(
                server.command, cwd=REPO_ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
            )
        return channels_off

    def wait_until_ready(self, timeout: float = 180.0) -> None:
        """Block until every server answers; raise naming the one that did not."""
        wait_for(self.servers, timeout)

    def first_exited(self) -> Server | None:
        return next((s for s in self.servers if s.process and s.process.poll() is not None), None)

    def stop(self, grace: float = 20.0) -> None:
        stop_servers(self.servers, grace)


def wait_for(servers: Sequence[Server], timeout: float) -> None:
    """Block until every server answers; raise naming the one that stopped or did not answer."""
    deadline = time.monotonic() + timeout
    pending = list(servers)
    while pending:
        for server in list(pending):
            if server.process is not None and server.process.poll() is not None:
                raise RuntimeError(f"The {server.name} stopped while starting.")
            if server.is_ready():
                pending.remove(server)
        if time.monotonic() > deadline:
            names = ", ".join(server.name for server in pending)
            raise TimeoutError(f"Not ready after {timeout:.0f} s: {names}")
        time.sleep(0.5)


def stop_servers(servers: Sequence[Server], grace: float) -> None:
    """Ask every server to stop (SIGINT, like Ctrl-C), then kill those still up after `grace`."""
    for server in servers:
        if server.process and server.process.poll() is None:
            server.process.send_signal(signal.SIGINT)
    deadline = time.monotonic() + grace
    for server in servers:
        if server.process is None:
            continue
        try:
            server.process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait()


def preflight(settings: Settings) -> None:
    """Check the clinic file and the content before starting anything, so errors are clear."""
    check = subprocess.run(
        [sys.executable, "-W", "ignore", "-m", "bot.preflight", settings.clinic_file],
        cwd=REPO_ROOT,
        env=settings.environment(),
        capture_output=True,
        text=True,
    )
    if check.returncode != 0:
        problem = check.stderr.strip() or f"the start-up check failed (exit {check.returncode})"
        raise SystemExit(problem)
    if not Path(settings.model).exists():
        raise SystemExit(f"No trained model at {settings.model}: run `make train` (or `make run`).")


class ChannelStatusLines:
    """Prints one line per channel of the Rasa server (from its GET /health), then a line
    whenever a channel's state changes: a channel that cannot reach its platform shows here."""

    POLL_SECONDS = 5.0

    def __init__(self, rasa_port: int) -> None:
        self.url = f"http://127.0.0.1:{rasa_port}/health"
        self.shown: dict[str, str] = {}
        self.next_poll = 0.0

    def states(self) -> dict[str, dict]:
        try:
            with urllib.request.urlopen(self.url, timeout=2) as response:
                return json.load(response).get("channels", {})
        except (OSError, ValueError):
            return {}

    def print_changes(self) -> None:
        """Print the channels whose state changed since the last look (at most every 5 s)."""
        if time.monotonic() < self.next_poll:
            return
        self.next_poll = time.monotonic() + self.POLL_SECONDS
        for name, state in self.states().items():
            line = f"channel {name}: {state.get('state')}"
            if state.get("detail"):
                line += f" ({state['detail']})"
            if self.shown.get(name) != line:
                self.shown[name] = line
                print(line, flush=True)


def run_until_stopped(
    stack: Stack,
    ready_message: str,
    name: str,
    timeout: float = 180.0,
    while_running: Callable[[], None] | None = None,
) -> int:
    """Wait for the servers, then run until Ctrl-C or until one of them stops; always stop all.

    `while_running` is called about twice a second once the servers are ready."""
    stopping = False

    def stop_on_signal(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop_on_signal)
    signal.signal(signal.SIGTERM, stop_on_signal)
    try:
        stack.wait_until_ready(timeout)
        print(ready_message, flush=True)
        while not stopping and stack.first_exited() is None:
            if while_running is not None:
                while_running()
            time.sleep(0.5)
        exited = stack.first_exited()
        if exited and not stopping:
            print(f"The {exited.name} stopped; stopping the others.", file=sys.stderr)
            return 1
        return 0
    except (RuntimeError, TimeoutError) as error:
        print(f"{name} did not start: {error}", file=sys.stderr)
        return 1
    finally:
        stack.stop()


def main() -> int:
    settings = Settings.from_env()
    try:
        preflight(settings)
    except (Exception, SystemExit) as error:  # noqa: BLE001 - start-up problems reported alike
        print(f"PainPath cannot start: {error}", file=sys.stderr)
        return 2
    stack = Stack(settings)
    for line in stack.start():
        print(f"channel {line}")
    ready = (
        f"PainPath is ready.\n"
        f"  Chat page:     http://localhost:{settings.web_port}/\n"
        f"  REST webhook:  http://localhost:{settings.rasa_port}/webhooks/rest/webhook\n"
        f"  Clinic file:   {settings.clinic_file}\n"
        f"Press Ctrl-C to stop."
    )
    status_lines = ChannelStatusLines(settings.rasa_port)
    return run_until_stopped(stack, ready, "PainPath", while_running=status_lines.print_changes)


if __name__ == "__main__":
    sys.exit(main())
