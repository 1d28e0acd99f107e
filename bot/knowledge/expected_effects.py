"""Expected effects after a procedure ("is this normal?"): loaded from content/expected_effects.yml.

Each effect has the words patients use for it and one or more answers, each for the procedures it
holds for (a child procedure takes its parent's answer) and/or for when no procedure is named
(`general`). No spaCy: the action server reads this file (bot/phrases.py does the matching).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import Field, validator

from bot.content_models import ContentModel, Text, load_model
from bot.knowledge.errors import KnowledgeError
from bot.knowledge.loader import DEFAULT_CONTENT_ROOT, SOURCES_FILE, TERMS_FILE
from bot.knowledge.models import Review, Source
from bot.knowledge.parsing import SourcedText, check_sources, read_sources
from bot.phrases import PhrasePattern, PhrasePatternError, words_of
from bot.terms_file import read_terms_file

DEFAULT_EFFECTS_FILE = DEFAULT_CONTENT_ROOT / "expected_effects.yml"
GENERAL = "general"


@dataclass(frozen=True)
class EffectAnswer:
    """What a patient reads about one effect, for the procedures it holds for."""

    procedures: tuple[str, ...]
    general: bool
    text: str
    sources: tuple[str, ...]
    review: Review


@dataclass(frozen=True)
class ExpectedEffect:
    """One expected effect: its words and its answers."""

    id: str
    label: str
    patterns: tuple[PhrasePattern, ...]
    answers: tuple[EffectAnswer, ...]

    def named_in(self, words: Sequence[str]) -> bool:
        return any(pattern.found_in(words) for pattern in self.patterns)


class ExpectedEffects:
    """All effects, matched against a message and answered for a procedure."""

    def __init__(
        self,
        effects: Sequence[ExpectedEffect],
        parents: Mapping[str, str | None],
        file: Path,
    ) -> None:
        self.effects = tuple(effects)
        self.file = file
        self._parents = dict(parents)
        self._by_id = {effect.id: effect for effect in self.effects}

    @classmethod
    def load(cls, path: Path = DEFAULT_EFFECTS_FILE, root: Path = DEFAULT_CONTENT_ROOT):
        """Read and check the file; a mistake raises KnowledgeError naming file, field and fix."""
        sources = read_sources(root / SOURCES_FILE)
        parents = read_terms_file(root / TERMS_FILE).parents
        written = load_model(EffectsFile, path, KnowledgeError)
        effects: list[ExpectedEffect] = []
        for index, item in enumerate(written.effects):
            effect = _effect(path, f"effects[{index}]", item, sources, parents)
            if any(e.id == effect.id for e in effects):
                raise KnowledgeError(path, f"effects[{index}].id", f"'{effect.id}' is used twice")
            effects.append(effect)
        return cls(effects, parents, path)

    def effect(self, effect_id: str) -> ExpectedEffect | None:
        return self._by_id.get(effect_id)

    def named_in(self, text: str) -> list[ExpectedEffect]:
        """The effects the message speaks of, in the file's order."""
        words = words_of(text or "")
        return [effect for effect in self.effects if effect.named_in(words)]

    def answer(self, effect: ExpectedEffect, procedure_id: str | None) -> EffectAnswer | None:
        """The answer for this procedure (its own or a parent's), or the general one when no
        procedure is named; None when the effect is not one expected after that procedure."""
        if procedure_id is None:
            return next((answer for answer in effect.answers if answer.general), None)
        for pid in self.lineage(procedure_id):
            for answer in effect.answers:
                if pid in answer.procedures:
                    return answer
        return None

    def follow(self, procedure_id: str) -> list[ExpectedEffect]:
        """The effects expected after this procedure, in the file's order."""
        return [e for e in self.effects if self.answer(e, procedure_id) is not None]

    def only_procedure(self, effect: ExpectedEffect) -> str | None:
        """The one procedure family an effect follows (e.g. a warm foot: the lumbar sympathetic
        block), or None when it follows several or none."""
        roots = {pid for answer in effect.answers for pid in answer.procedures}
        return next(iter(roots)) if len(roots) == 1 else None

    def lineage(self, procedure_id: str) -> list[str]:
        chain: list[str] = []
        current: str | None = procedure_id
        while current is not None and current not in chain:
            chain.append(current)
            current = self._parents.get(current)
        return chain

    def answers(self) -> list[tuple[ExpectedEffect, EffectAnswer]]:
        """Every (effect, answer) pair, for content checks and the review sheet."""
        return [(effect, answer) for effect in self.effects for answer in effect.answers]


class AnswerFields(SourcedText):
    """One answer of an effect as written."""

    for_: list[Text] = Field(alias="for", min_items=1, description="procedure ids and/or 'general'")


class EffectFields(ContentModel):
    """One effect as written."""

    id: Text = Field(description="a short id, e.g. sore_back")
    label: Text = Field(description="the effect in a few plain words")
    words: list[Text] = Field(min_items=1, description="the words patients use for it")
    answers: list[AnswerFields] = Field(
        min_items=1, description="at least one answer (for, text ...)"
    )


class EffectsFile(ContentModel):
    """content/expected_effects.yml as written."""

    version: Any = Field(None, description="write 'version: 1'")
    effects: list[EffectFields] = Field(
        min_items=1, description="a list of effects (id, label, words ...)"
    )

    @validator("version", always=True)
    def _version_one(cls, version: Any) -> int:  # noqa: N805
        if version != 1:
            raise ValueError("write 'version: 1'")
        return version


def _effect(
    path: Path,
    field: str,
    written: EffectFields,
    sources: Mapping[str, Source],
    parents: Mapping[str, str | None],
) -> ExpectedEffect:
    patterns = []
    for number, pattern in enumerate(written.words):
        try:
            patterns.append(PhrasePattern.parse(pattern))
        except PhrasePatternError as error:
            raise KnowledgeError(path, f"{field}.words[{number}]", str(error)) from None
    answers = [
        _answer(path, f"{field}.answers[{n}]", item, sources, parents)
        for n, item in enumerate(written.answers)
    ]
    claimed: set[str] = set()
    for number, answer in enumerate(answers):
        keys = set(answer.procedures) | ({GENERAL} if answer.general else set())
        twice = sorted(keys & claimed)
        if twice:
            raise KnowledgeError(
                path, f"{field}.answers[{number}].for", f"'{twice[0]}' has two answers; keep one"
            )
        claimed |= keys
    return ExpectedEffect(written.id, written.label, tuple(patterns), tuple(answers))


def _answer(
    path: Path,
    field: str,
    written: AnswerFields,
    sources: Mapping[str, Source],
    parents: Mapping[str, str | None],
) -> EffectAnswer:
    for target in written.for_:
        if target != GENERAL and target not in parents:
            raise KnowledgeError(
                path, f"{field}.for", f"'{target}' is not a procedure id in terms.yml or 'general'"
            )
    check_sources(path, f"{field}.sources", written.sources, sources)
    return EffectAnswer(
        procedures=tuple(t for t in written.for_ if t != GENERAL),
        general=GENERAL in written.for_,
        text=" ".join(written.text.split()),
        sources=tuple(written.sources),
        review=written.review,
    )
