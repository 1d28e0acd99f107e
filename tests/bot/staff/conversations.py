"""Scripted conversations written to a real tracker store (RedactingSQLTrackerStore, SQLite), in
the events Rasa 3.6 stores for each turn, so the console's figures can be checked against them."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    Event,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from bot.privacy.tracker_store import RedactingSQLTrackerStore

CLINIC_ZONE = ZoneInfo("America/Chicago")


def local_time(text: str) -> float:
    """A timestamp from a clinic-local 'YYYY-MM-DD HH:MM'."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=CLINIC_ZONE).timestamp()


DOMAIN = Domain.from_yaml(
    """
version: "3.1"
slots:
  procedure: {type: text, mappings: [{type: custom}]}
  topic: {type: text, mappings: [{type: custom}]}
  subject: {type: text, mappings: [{type: custom}]}
"""
)


@dataclass
class Turn:
    """One patient message and the bot's reply."""

    text: str
    intent: str
    action: str = "action_answer_procedure_question"
    responses: tuple[str | None, ...] = (None,)  # utter_action of each bubble (None: plain text)
    slots: dict[str, str] = field(default_factory=dict)
    channel: str = "rest"
    at: float = 0.0
    repeated_by_fallback: bool = False  # the two-stage fallback stores the message again


def turn_events(turn: Turn) -> list[Event]:
    message_id = uuid.uuid4().hex

    def user(stamp: float) -> UserUttered:
        return UserUttered(
            turn.text,
            intent={"name": turn.intent, "confidence": 0.9},
            input_channel=turn.channel,
            message_id=message_id,
            timestamp=stamp,
        )

    events: list[Event] = [user(turn.at)]
    if turn.repeated_by_fallback:
        events += [
            ActionExecuted("action_two_stage_fallback", timestamp=turn.at),
            ActionExecuted("action_listen", timestamp=turn.at),
            user(turn.at + 0.01),
        ]
    events.append(ActionExecuted(turn.action, timestamp=turn.at))
    for response in turn.responses:
        metadata = {"utter_action": response} if response else {}
        events.append(BotUttered(f"reply ({response})", metadata=metadata, timestamp=turn.at))
    events += [SlotSet(name, value, timestamp=turn.at) for name, value in turn.slots.items()]
    events.append(ActionExecuted("action_listen", timestamp=turn.at))
    return events


def session_start(at: float) -> list[Event]:
    return [
        ActionExecuted("action_session_start", timestamp=at),
        BotUttered(
            "I'm PainPath", metadata={"utter_action": "utter_first_turn_notice"}, timestamp=at
        ),
        SessionStarted(timestamp=at),
        ActionExecuted("action_listen", timestamp=at),
    ]


class ConversationWriter:
    """Saves conversations, turn by turn, as the Rasa server would."""

    def __init__(self, sqlite_file: Path) -> None:
        self.store = RedactingSQLTrackerStore(domain=DOMAIN, db=str(sqlite_file))

    def write(self, sender: str, turns: list[Turn], new_session: bool = True) -> None:
        asyncio.run(self._write(sender, turns, new_session))

    async def _write(self, sender: str, turns: list[Turn], new_session: bool) -> None:
        tracker = await self.store.retrieve(sender) or DialogueStateTracker(sender, DOMAIN.slots)
        if new_session:
            for event in session_start(turns[0].at):
                tracker.update(event)
        for turn in turns:
            for event in turn_events(turn):
                tracker.update(event)
            await self.store.save(tracker)
