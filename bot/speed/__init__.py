"""Speed fixes for the Rasa 3.6 server, found by profiling `make bench` (see README, Performance).

`install()` applies them all; bot/server.py calls it once, when the Rasa server is set up.
Each fix keeps Rasa's behaviour and only removes repeated work.
"""

from __future__ import annotations

from bot.speed.action_results import check_action_results_with_one_validator


def install() -> None:
    """Apply every speed fix (idempotent)."""
    check_action_results_with_one_validator()
