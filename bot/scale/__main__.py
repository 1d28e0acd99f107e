"""`make run-scale`: the scale-out profile on this machine until Ctrl-C."""

from __future__ import annotations

import signal
import sys
import time

from bot.launcher import preflight
from bot.scale.services import MissingServiceError
from bot.scale.stack import ScaleSettings, ScaleStack


def main() -> int:
    scale = ScaleSettings.from_env()
    try:
        stack = ScaleStack(scale)
    except MissingServiceError as error:
        print(f"PainPath (scale-out) cannot start: {error}", file=sys.stderr)
        return 2
    stopping = False

    def stop_on_signal(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop_on_signal)
    signal.signal(signal.SIGTERM, stop_on_signal)
    try:
        preflight(stack.settings)
        for line in stack.start():
            print(f"channel {line}")
        stack.wait_until_ready(timeout=300)
        print(
            f"PainPath (scale-out) is ready: {scale.replicas} Rasa replicas, "
            f"{scale.action_servers} action servers, PostgreSQL and Redis behind nginx.\n"
            f"  Chat page:     http://localhost:{scale.web_port}/\n"
            f"  REST webhook:  http://localhost:{scale.public_port}/webhooks/rest/webhook\n"
            f"  PostgreSQL:    127.0.0.1:{stack.postgres.port} (throwaway, deleted on exit)\n"
            f"Press Ctrl-C to stop.",
            flush=True,
        )
        while not stopping and stack.first_exited() is None:
            time.sleep(0.5)
        exited = stack.first_exited()
        if exited and not stopping:
            print(f"The {exited.name} stopped; stopping the others.", file=sys.stderr)
            return 1
        return 0
    except (Exception, SystemExit) as error:  # noqa: BLE001 - start-up problems reported alike
        print(f"PainPath (scale-out) did not start: {error}", file=sys.stderr)
        return 1
    finally:
        stack.stop()


if __name__ == "__main__":
    sys.exit(main())
