"""Numbered options: what a reply like "1" or "#2" means, whichever memory holds the options.

The options themselves, the shape of a numbered reply, and the interface both memories share:
this process's (bot/channels/numbered_replies.py) and Redis
(bot/channels/shared_numbered_replies.py); bot/channels/option_memory.py picks one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

NUMBER_REPLY = re.compile(r"^\s*#?\s*(\d{1,3})\s*[.)]?\s*$")


class OptionMemory(Protocol):
    """Where the options last sent to each sender are kept: this process, or Redis."""

    def remember(self, sender_id: object, options: list[NumberedOption]) -> None: ...

    def resolve(self, sender_id: object, text: str) -> str | None: ...


@dataclass(frozen=True)
class NumberedOption:
    """One choice the patient can reply with: its number, the words shown and the payload sent."""

    number: int
    title: str
    payload: str


def chosen_payload(options: Sequence[NumberedOption], text: str) -> str | None:
    """The payload of the option a reply names, by number ("2", "#2", "2.") or by exact title."""
    match = NUMBER_REPLY.match(text or "")
    wanted = (text or "").strip().casefold()
    for option in options:
        if match and int(match.group(1)) == option.number:
            return option.payload
        if not match and wanted and option.title.strip().casefold() == wanted:
            return option.payload
    return None
