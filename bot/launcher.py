"""Start the action server, the Rasa server and the widget page together; Ctrl-C stops all three.

`make run` calls this; the end-to-end tests use `Stack` to start the same servers on free ports,
and the scale-out profile (tools.scale) and the benchmarks (bench/) build theirs from the server
factories here (`action_server`, `rasa_server`, `web_page`), so every copy runs one command line.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bot.credentials import write_active_credentials
from bot.environment import allowed_origins
from bot.paths import DEFAULT_CLINIC_FILE, DEFAULT_MODEL, REPO_ROOT
from bot.processes import Server, ServerGroup

VENV_BIN = Path(sys.executable).parent
RASA = str(VENV_BIN / "rasa")


@dataclass(frozen=True)
class Settings:
    """Everything the three servers need, read from the environment with safe defaults."""

    rasa_port: int = 5005
    action_port: int = 5055
    web_port: int = 8000
    clinic_file: str = DEFAULT_CLINIC_FILE
    model: str = DEFAULT_MODEL
    tracker_db: str = "var/conversations.db"
    active_credentials: str = "var/credentials.active.yml"
    endpoints: str = "endpoints.yml"
    credentials: str = "credentials.yml"
    allowed_origins: tuple[str, ...] = ()
    extra_env: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        """RASA_PORT, ACTION_PORT, WEB_PORT and the PAINPATH_* files (README.md, "Run")."""
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
            allowed_origins=allowed_origins(env),
        )

    @property
    def origins(self) -> list[str]:
        """Origins allowed to call the Rasa server: the widget page's own, plus configured ones."""
        own = [f"http://localhost:{self.web_port}", f"http://127.0.0.1:{self.web_port}"]
        return own + list(self.allowed_origins)

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


def rasa_run_command(
    port: int,
    model: str,
    endpoints: str | None = None,
    credentials: str | None = None,
    cors: Sequence[str] = (),
) -> list[str]:
    """`rasa run` as every Rasa server here runs: the launcher's, each scale-out replica (in
    tools.scale and in a container, bot.scale.rasa_replica) and the benchmarks' stock bot.
    Without endpoints or credentials Rasa reads the files of those names in its working folder;
    without origins it sends no CORS headers (a REST-only server)."""
    command = [RASA, "run", "--model", model]
    if endpoints:
        command += ["--endpoints", endpoints]
    if credentials:
        command += ["--credentials", credentials]
    command += ["--port", str(port)]
    return [*command, "--cors", *cors] if cors else command


def action_server(port: int, name: str = "action server") -> Server:
    """`rasa run actions` with the `actions` package of the working folder."""
    command = [RASA, "run", "actions", "--actions", "actions", "--port", str(port)]
    return Server(name, command, f"http://127.0.0.1:{port}/health")


def rasa_server(settings: Settings, port: int | None = None, name: str = "Rasa server") -> Server:
    """PainPath's Rasa server: the model, endpoints, active credentials and origins of `settings`,
    on `port` (default: the settings' own)."""
    port = port or settings.rasa_port
    command = rasa_run_command(
        port, settings.model, settings.endpoints, settings.active_credentials, settings.origins
    )
    return Server(name, command, f"http://127.0.0.1:{port}/")


def web_page(settings: Settings, name: str = "web page") -> Server:
    """The widget server (bot.web): the chat page and the staff console."""
    return Server(
        name, [sys.executable, "-m", "bot.web"], f"http://127.0.0.1:{settings.web_port}/health"
    )


class Stack(ServerGroup):
    """The three PainPath servers, started in the repo root and stopped together."""

    def __init__(self, settings: Settings, log_dir: Path | None = None) -> None:
        servers = [action_server(settings.action_port), rasa_server(settings), web_page(settings)]
        super().__init__(servers, REPO_ROOT, log_dir)
        self.settings = settings

    def start(self) -> list[str]:
        """Start every server; return a line for each messaging channel left off."""
        Path(self.settings.tracker_db).parent.mkdir(parents=True, exist_ok=True)
        env = self.settings.environment()
        channels_off = write_active_credentials(
            REPO_ROOT / self.settings.credentials, REPO_ROOT / self.settings.active_credentials, env
        )
        self.start_servers(env)
        return channels_off


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
    try:
        settings = Settings.from_env()
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
