"""`make run-scale`: the scale-out profile on this machine until Ctrl-C."""

from __future__ import annotations

import sys

from bot.launcher import preflight, run_until_stopped
from tools.scale.stack import ScaleSettings, ScaleStack


def main() -> int:
    scale = ScaleSettings.from_env()
    try:
        stack = ScaleStack(scale)
        preflight(stack.settings)
    except (Exception, SystemExit) as error:  # noqa: BLE001 - every start-up problem alike
        print(f"PainPath (scale-out) cannot start: {error}", file=sys.stderr)
        return 2
    try:
        for line in stack.start():
            print(f"channel {line}")
    except Exception as error:  # noqa: BLE001 - whatever failed, stop what did start
        stack.stop()
        print(f"PainPath (scale-out) did not start: {error}", file=sys.stderr)
        return 1
    ready = (
        f"PainPath (scale-out) is ready: {scale.replicas} Rasa replicas, "
        f"{scale.action_servers} action servers, PostgreSQL and Redis behind nginx.\n"
        f"  Chat page:     http://localhost:{scale.web_port}/\n"
        f"  REST webhook:  http://localhost:{scale.rasa_port}/webhooks/rest/webhook\n"
        f"  PostgreSQL:    127.0.0.1:{stack.postgres.port} (throwaway, deleted on exit)\n"
        f"Press Ctrl-C to stop."
    )
    return run_until_stopped(stack, ready, "PainPath (scale-out)", timeout=300)


if __name__ == "__main__":
    sys.exit(main())
