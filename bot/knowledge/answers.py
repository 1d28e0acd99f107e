"""Which entry answers a procedure topic: the procedure's own, its parent's, then a general answer.

Patients ask about more than the core walk-through (showers, blood thinners, pregnancy...). A
procedure answers from its own entry or its parent's; where neither has one, a general subject
(`kind: general`) whose answer holds for that procedure answers; where none does, there is no answer
and the actions say so honestly, with the clinic's number. One function, so the bot and the
clinician's content sheet always agree on what a patient reads.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.knowledge.loader import KnowledgeBase
from bot.knowledge.models import GENERAL_KIND, Entry, Subject

# The general subject whose answers hold for every procedure, used when none is named.
ANY_PROCEDURE = "any_procedure"


@dataclass(frozen=True)
class Answer:
    """The entry a patient reads, and the subject whose file holds it."""

    entry: Entry
    subject: str
    general: bool = False  # True when it comes from a general subject, not the procedure's file


def procedure_answer(kb: KnowledgeBase, procedure_id: str | None, topic: str) -> Answer | None:
    """The answer to `topic` for `procedure_id` (None: no procedure named), or None when none is
    sound: the procedure's own or inherited entry first, then the most specific general subject
    that applies to it (or, with no procedure, one that applies to every procedure)."""
    if procedure_id is not None:
        lineage = _lineage(kb, procedure_id)
        for subject_id in lineage:
            entry = kb.subject(subject_id).own_entry(topic)
            if entry is not None:
                return Answer(entry, subject_id)
    else:
        lineage = []
    for subject in _general_subjects_for(kb, lineage):
        entry = subject.own_entry(topic)
        if entry is not None:
            return Answer(entry, subject.id, general=True)
    return None


def _lineage(kb: KnowledgeBase, procedure_id: str) -> list[str]:
    """The procedure and its parents, nearest first."""
    chain: list[str] = []
    current: str | None = procedure_id
    while current is not None:
        chain.append(current)
        current = kb.subject(current).parent
    return chain


def _general_subjects_for(kb: KnowledgeBase, lineage: list[str]) -> list[Subject]:
    """General subjects that hold for a procedure with this lineage, most specific first.

    A subject listing the procedure (or a parent) in `applies_to` beats one that applies to all;
    with no procedure named, only the ones that apply to all count."""
    specific: list[tuple[int, Subject]] = []
    universal: list[Subject] = []
    for subject in kb.subjects(GENERAL_KIND):
        if not subject.applies_to:
            universal.append(subject)
            continue
        depth = next((i for i, pid in enumerate(lineage) if pid in subject.applies_to), None)
        if depth is not None:
            specific.append((depth, subject))
    universal.sort(key=lambda s: s.id != ANY_PROCEDURE)
    return [s for _, s in sorted(specific, key=lambda pair: pair[0])] + universal
