"""The multi-turn conversation set through the real NLU and action server, turn by turn, and a
check over all of it: the assistant never sends the same reply, never gives the same answer and
never asks the same question twice in a row."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.knowledge import PROCEDURE_KIND, KnowledgeBase
from bot.knowledge.answers import procedure_answer
from tests.e2e.conftest import Patient
from tests.e2e.conversation_set import (
    Conversation,
    Turn,
    actions_by_intent,
    domain_intents,
    load_conversations,
)

pytestmark = pytest.mark.e2e

CONVERSATIONS = load_conversations()
KNOWN_INTENTS = domain_intents()
ACTIONS = actions_by_intent()
KNOWLEDGE = KnowledgeBase.load()
ANSWER_TEXTS = {entry.text for _, entry in KNOWLEDGE.entries()}
NOT_A_TURN_ACTION = {"action_listen", "action_session_start"}


@dataclass
class Recorded:
    """One turn as the patient saw it and as the tracker store recorded it."""

    bubbles: list[dict]
    intent: str | None
    procedures: list[str]
    actions: list[str]

    @property
    def texts(self) -> list[str]:
        return [b.get("text") or "" for b in self.bubbles]

    @property
    def text(self) -> str:
        return "\n".join(self.texts)

    @property
    def buttons(self) -> list[str]:
        return [button["title"] for b in self.bubbles for button in b.get("buttons") or []]

    @property
    def questions(self) -> set[str]:
        return {t.strip() for t in self.texts if t.strip().endswith("?")}

    @property
    def answers(self) -> set[str]:
        """The knowledge answers shown, alone or inside a line naming their procedure."""
        return {answer for t in self.texts for answer in ANSWER_TEXTS if answer in t}


def recorded_turn(database: Path, sender: str, seen_events: int) -> tuple[Recorded, int]:
    """The intent, tagged procedures and actions of the patient's latest message, read from the
    tracker store's events after the first `seen_events` (Rasa's fallback may rewind a turn and
    store the message again: the last user event is the one that was answered)."""
    with sqlite3.connect(database) as db:
        rows = db.execute(
            "SELECT type_name, intent_name, action_name, data FROM events "
            "WHERE sender_id = ? ORDER BY id",
            (sender,),
        ).fetchall()
    intent, procedures, actions = None, [], []
    for kind, user_intent, action, data in rows[seen_events:]:
        if kind == "user":
            entities = (json.loads(data).get("parse_data") or {}).get("entities") or []
            intent = user_intent
            procedures = [e["value"] for e in entities if e.get("entity") == "procedure"]
            actions = []
        elif kind == "action" and action not in NOT_A_TURN_ACTION:
            actions.append(action)
    return Recorded([], intent, procedures, actions), len(rows)


def runnable(conversation: Conversation) -> bool:
    return not conversation.missing_intents(KNOWN_INTENTS)


@pytest.fixture(scope="module")
def transcripts(stack) -> Iterator[dict[str, list[Recorded]]]:
    """Every runnable conversation, each as a new patient, through the real servers."""
    seen: dict[str, list[Recorded]] = {}
    database = Path(stack.settings.tracker_db)
    for conversation in filter(runnable, CONVERSATIONS):
        patient = Patient(stack.settings.rasa_port)
        turns, events = [], 0
        for turn in conversation.turns:
            bubbles = patient.say(turn.say)
            recorded, events = recorded_turn(database, patient.sender, events)
            recorded.bubbles = bubbles
            turns.append(recorded)
        seen[conversation.name] = turns
    yield seen


def expected_answer(subject: str, topic: str):
    """The entry a patient should read: for a procedure, as the actions choose it (its own,
    its parent's or the general answer that holds for it)."""
    if KNOWLEDGE.subject(subject).kind == PROCEDURE_KIND:
        found = procedure_answer(KNOWLEDGE, subject, topic)
        return found.entry if found else None
    return KNOWLEDGE.answer(subject, topic)


def turn_problems(turn: Turn, seen: Recorded) -> list[str]:
    problems = []
    if seen.intent not in turn.intents:
        problems.append(f"intent {seen.intent}, expected {' or '.join(turn.intents)}")
    expected_actions = list(ACTIONS.get(seen.intent or "", ()))
    if seen.intent in turn.intents and seen.actions != expected_actions:
        problems.append(f"actions {seen.actions}, the rules give {expected_actions}")
    if turn.procedure and turn.procedure not in seen.procedures:
        problems.append(f"procedure {seen.procedures}, expected {turn.procedure}")
    for subject, topic in turn.answers:
        entry = expected_answer(subject, topic)
        if entry is None or entry.text not in seen.text:
            problems.append(f"the answer {subject}/{topic} is missing")
    problems += [f"missing {w!r}" for w in turn.has if w.lower() not in seen.text.lower()]
    problems += [f"should not say {w!r}" for w in turn.lacks if w.lower() in seen.text.lower()]
    problems += [f"no button {b!r}" for b in turn.buttons if b not in seen.buttons]
    return problems


@pytest.mark.parametrize("conversation", [pytest.param(c, id=c.name) for c in CONVERSATIONS])
def test_the_conversation_goes_well_turn_by_turn(transcripts, conversation: Conversation):
    if not runnable(conversation):
        missing = ", ".join(conversation.missing_intents(KNOWN_INTENTS))
        pytest.skip(f"needs {missing} (the new topics branch); runs once they are merged")
    report = []
    pairs = zip(conversation.turns, transcripts[conversation.name], strict=True)
    for number, (turn, seen) in enumerate(pairs):
        problems = turn_problems(turn, seen)
        if problems:
            report.append(
                f"turn {number + 1} {turn.say!r}: {'; '.join(problems)}\n  -> {seen.text!r}"
            )
    assert not report, f"{conversation.name} ({conversation.persona}):\n" + "\n".join(report)


def repeats(turns: list[Recorded]) -> list[str]:
    """What the assistant said again right after saying it (whole reply, answer, question)."""
    found = []
    for number, (before, after) in enumerate(zip(turns, turns[1:], strict=False), start=2):
        if before.text == after.text:
            found.append(f"turn {number}: the same reply again: {after.text!r}")
        found += [
            f"turn {number}: the same answer again: {a!r}" for a in before.answers & after.answers
        ]
        found += [
            f"turn {number}: the same question again: {q!r}"
            for q in before.questions & after.questions
        ]
    return found


def test_never_the_same_reply_answer_or_question_twice_in_a_row(transcripts):
    assert len(transcripts) == sum(map(runnable, CONVERSATIONS)) >= 60
    found = {name: repeats(turns) for name, turns in transcripts.items()}
    report = [f"{name}: {line}" for name, lines in found.items() for line in lines]
    assert not report, "\n".join(report)


def test_the_repeat_check_catches_a_question_asked_twice():
    which = [{"text": "Which procedure do you mean?", "buttons": [{"title": "A"}]}]
    turns = [Recorded(which, None, [], []), Recorded(which, None, [], [])]
    assert any("same question" in line for line in repeats(turns))
