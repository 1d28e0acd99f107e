"""Run actions the way the action server does: a Tracker in, dispatcher messages and events out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import resources
from bot.paths import REPO_ROOT

SAMPLE_CLINIC = REPO_ROOT / "clinic.yml"
OTHER_CLINIC = REPO_ROOT / "tests" / "fixtures" / "clinics" / "pacific_valid.yml"


@dataclass
class Outcome:
    messages: list[dict[str, Any]]
    events: list[dict[str, Any]]

    @property
    def responses(self) -> list[str]:
        return [m["response"] for m in self.messages if m.get("response")]

    @property
    def texts(self) -> list[str]:
        return [m["text"] for m in self.messages if m.get("text")]

    def slot(self, name: str) -> Any:
        values = [e["value"] for e in self.events if e.get("event") == "slot" and e["name"] == name]
        return values[-1] if values else None

    def message_for(self, response: str) -> dict[str, Any]:
        return next(m for m in self.messages if m.get("response") == response)


def make_tracker(
    text: str,
    intent: str,
    entities: list[dict[str, Any]] | None = None,
    slots: dict[str, Any] | None = None,
    ranking: list[dict[str, Any]] | None = None,
    said_before: list[dict[str, Any]] | None = None,
) -> Tracker:
    """The latest message; `said_before` is the assistant's previous turn (bot events)."""
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.9},
        "entities": entities or [],
        "intent_ranking": ranking or [{"name": intent, "confidence": 0.9}],
    }
    events = []
    if said_before is not None:
        events = [
            {"event": "user", "text": "...", "parse_data": {}},
            *said_before,
            {"event": "user", "text": text, "parse_data": latest},
        ]
    return Tracker("patient-1", slots or {}, latest, events, False, None, {}, "action_listen")


def bot_said(text: str | None = None, response: str | None = None) -> dict[str, Any]:
    """A message of the assistant's previous turn, as Rasa stores it."""
    return {
        "event": "bot",
        "text": text,
        "metadata": {"utter_action": response} if response else {},
    }


def procedure(value: str) -> dict[str, Any]:
    return {"entity": "procedure", "value": value, "extractor": "ProcedureMentionTagger"}


@pytest.fixture(autouse=True)
def sample_clinic(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every action test reads the sample clinic unless it points somewhere else."""
    monkeypatch.setenv("PAINPATH_CLINIC_FILE", str(SAMPLE_CLINIC))
    monkeypatch.delenv("PAINPATH_CLINIC_URL", raising=False)
    resources.clinic_directory.cache_clear()
    yield
    resources.clinic_directory.cache_clear()


@pytest.fixture
def run():
    async def _run(action: Action, tracker: Tracker) -> Outcome:
        dispatcher = CollectingDispatcher()
        events = await action.run(dispatcher, tracker, {})
        return Outcome(dispatcher.messages, events)

    return _run
