"""Every answer exactly as a patient gets it: the real actions run with the clinic's data.

A child procedure with no entry of its own answers from its parent, so reviewing each file
alone misses what patients read (clinical review 2026-11-30). This renders every
(procedure, topic) and journey answer through the same actions the bot uses, with the
clinic's own lines and the domain's response texts filled in, and says which entry answered.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from bot.knowledge import GENERAL_KIND, JOURNEY_KIND, PROCEDURE_KIND, Entry, KnowledgeBase
from bot.knowledge.answers import procedure_answer
from bot.paths import DOMAIN_FILE
from bot.yaml_files import read_yaml

SENDER = "content-review"


@dataclass(frozen=True)
class PatientReply:
    """What the patient reads for one question, and the entry behind it."""

    subject: str
    topic: str
    lines: tuple[str, ...]
    entry: Entry | None
    answered_by: str | None

    @property
    def inherited(self) -> bool:
        """True when the answer comes from a parent procedure's entry."""
        return self.answered_by is not None and self.answered_by != self.subject

    @property
    def text(self) -> str:
        """All bubbles joined, for checks on what the patient reads."""
        return "\n".join(self.lines)


def all_replies() -> list[PatientReply]:
    """Every procedure x topic and every journey subject x topic, in display order."""
    return asyncio.run(_collect())


async def _collect() -> list[PatientReply]:
    from actions.resources import clinic_directory, knowledge, topics

    kb = knowledge()
    clinic = await clinic_directory().current()
    catalog = topics()
    replies: list[PatientReply] = []
    for subject in kb.subjects(PROCEDURE_KIND):
        for topic, spec in catalog.procedure_topics.items():
            lines = await _procedure_reply(subject.id, spec["intent"])
            replies.append(_reply(kb, subject.id, topic, lines))
    # Journey subjects patients ask by intent first, then those other answers build on
    # (conditions, questions to ask before deciding, nerves before a procedure).
    journey = list(catalog.journey_subjects)
    journey += [s.id for s in kb.subjects(JOURNEY_KIND) if s.id not in catalog.journey_subjects]
    for subject_id in journey:
        for topic in kb.topics_for(subject_id):
            lines = await _journey_reply(clinic, subject_id, topic)
            replies.append(_reply(kb, subject_id, topic, lines))
    # General answers (the procedure not known yet) are read as written.
    for subject in kb.subjects(GENERAL_KIND):
        for topic in kb.topics_for(subject):
            replies.append(_reply(kb, subject.id, topic, (kb.answer(subject.id, topic).text,)))
    return replies


async def _procedure_reply(procedure_id: str, intent: str) -> tuple[str, ...]:
    from actions.procedures import ActionAnswerProcedureQuestion

    entity = {"entity": "procedure", "value": procedure_id}
    return await _run(ActionAnswerProcedureQuestion(), intent, [entity])


async def _journey_reply(clinic: Any, subject_id: str, topic: str) -> tuple[str, ...]:
    from rasa_sdk.executor import CollectingDispatcher

    from actions.journey import answer_journey_topic

    dispatcher = CollectingDispatcher()
    await answer_journey_topic(dispatcher, _tracker("", []), clinic, subject_id, topic)
    return tuple(render(message) for message in dispatcher.messages)


async def _run(action: Any, intent: str, entities: list[dict[str, Any]]) -> tuple[str, ...]:
    from rasa_sdk.executor import CollectingDispatcher

    dispatcher = CollectingDispatcher()
    await action.run(dispatcher, _tracker(intent, entities), {})
    return tuple(render(message) for message in dispatcher.messages)


def _tracker(intent: str, entities: list[dict[str, Any]]) -> Any:
    from rasa_sdk import Tracker

    latest = {"text": "", "intent": {"name": intent, "confidence": 1.0}, "entities": entities}
    return Tracker(SENDER, {}, latest, [], False, None, {}, "action_listen")


def _reply(kb: KnowledgeBase, subject_id: str, topic: str, lines: tuple[str, ...]) -> PatientReply:
    if kb.subject(subject_id).kind == PROCEDURE_KIND:
        from actions.procedures import procedure_for_topic

        found = procedure_answer(kb, procedure_for_topic(topic, subject_id), topic)
        entry, by = (found.entry, found.subject) if found else (None, None)
        return PatientReply(subject_id, topic, lines, entry, by)
    entry = kb.answer(subject_id, topic)
    return PatientReply(subject_id, topic, lines, entry, answered_by(kb, subject_id, topic))


def answered_by(kb: KnowledgeBase, subject_id: str, topic: str) -> str | None:
    """The subject whose own entry answers this topic (itself, the nearest parent, or for a
    procedure the general answer that holds for it), as the actions choose it."""
    if kb.subject(subject_id).kind == PROCEDURE_KIND:
        from actions.procedures import procedure_for_topic

        found = procedure_answer(kb, procedure_for_topic(topic, subject_id), topic)
        return found.subject if found else None
    current: str | None = subject_id
    while current is not None:
        subject = kb.subject(current)
        if subject.own_entry(topic) is not None:
            return subject.id
        current = subject.parent
    return None


def render(message: Mapping[str, Any]) -> str:
    """One bubble as the patient reads it: text, or the domain response filled in, plus buttons."""
    text = message.get("text") or ""
    response = message.get("response")
    if response:
        values = {k: v for k, v in message.items() if k not in ("response", "buttons")}
        text = _domain_texts()[response].format_map(_KeepMissing(values))
    buttons = [b["title"] for b in message.get("buttons") or []]
    return text + "".join(f" [{title}]" for title in buttons)


class _KeepMissing(dict):
    """Leaves a {placeholder} with no value as it is, as Rasa does."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@cache
def _domain_texts() -> dict[str, str]:
    domain = read_yaml(DOMAIN_FILE)
    return {name: variants[0].get("text", "") for name, variants in domain["responses"].items()}
