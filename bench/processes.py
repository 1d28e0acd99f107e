"""What a benchmark needs of a running bot (bench.painpath_bot, bench.stock_bot).

The processes themselves are started, waited for and stopped by bot.processes, as `make run` does.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BotEndpoints:
    """Where the load goes and which processes' memory to read, whatever started the bot."""

    name: str
    rest_url: str
    rasa_pids: tuple[int, ...]
    action_pids: tuple[int, ...]
