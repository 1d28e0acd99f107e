"""Container entry point of one Rasa replica: turn on the channels whose secrets are set, then run.

`make run` does the same through bot.launcher; a container has no launcher, so this writes the
active credentials (bot.credentials) and replaces itself with the launcher's `rasa run` command
line on endpoints.scale.yml, with --cors for the origins in PAINPATH_ALLOWED_ORIGINS (if any).
"""

from __future__ import annotations

import argparse
import os
import sys

from bot.credentials import write_active_credentials
from bot.environment import allowed_origins
from bot.errors import PainPathError
from bot.launcher import rasa_run_command
from bot.paths import DEFAULT_MODEL, REPO_ROOT, VAR_DIR


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("RASA_PORT", "5005")))
    parser.add_argument("--model", default=os.environ.get("PAINPATH_MODEL", DEFAULT_MODEL))
    parser.add_argument("--endpoints", default="endpoints.scale.yml")
    parser.add_argument("--credentials", default="credentials.yml")
    args = parser.parse_args(argv)
    try:
        origins = allowed_origins(os.environ)
    except PainPathError as error:
        sys.exit(f"The Rasa replica cannot start: {error}")
    active = VAR_DIR / "credentials.active.yml"
    for line in write_active_credentials(REPO_ROOT / args.credentials, active, os.environ):
        print(f"channel {line}", flush=True)
    command = rasa_run_command(args.port, args.model, args.endpoints, str(active), origins)
    os.chdir(REPO_ROOT)
    os.execv(command[0], command)


if __name__ == "__main__":
    main(sys.argv[1:])
