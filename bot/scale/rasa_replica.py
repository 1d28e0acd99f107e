"""Container entry point of one Rasa replica: turn on the channels whose secrets are set, then run.

`make run` does the same through bot.launcher; a container has no launcher, so this writes the
active credentials (bot.credentials) and replaces itself with `rasa run` on endpoints.scale.yml.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from bot.credentials import write_active_credentials
from bot.launcher import VENV_BIN
from bot.paths import REPO_ROOT


def rasa_command(port: int, model: str, endpoints: str, credentials: Path, origins: str) -> list:
    """The same `rasa run` the launcher starts, for one replica (no --cors: no browser origin)."""
    rasa = str(VENV_BIN / "rasa")
    cors = [origin.strip() for origin in origins.split(",") if origin.strip()]
    command = [
        rasa, "run", "--model", model, "--endpoints", endpoints, "--credentials",
        str(credentials), "--port", str(port),
    ]  # fmt: skip
    return [*command, "--cors", *cors] if cors else command


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("RASA_PORT", "5005")))
    default_model = os.environ.get("PAINPATH_MODEL", "models/painpath.tar.gz")
    parser.add_argument("--model", default=default_model)
    parser.add_argument("--endpoints", default="endpoints.scale.yml")
    parser.add_argument("--credentials", default="credentials.yml")
    args = parser.parse_args(argv)
    active = REPO_ROOT / "var" / "credentials.active.yml"
    for line in write_active_credentials(REPO_ROOT / args.credentials, active, os.environ):
        print(f"channel {line}", flush=True)
    origins = os.environ.get("PAINPATH_ALLOWED_ORIGINS", "")
    command = rasa_command(args.port, args.model, args.endpoints, active, origins)
    os.chdir(REPO_ROOT)
    os.execv(command[0], command)


if __name__ == "__main__":
    main(sys.argv[1:])
