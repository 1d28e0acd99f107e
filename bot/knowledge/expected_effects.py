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

from bot.knowledge.errors import KnowledgeError
from bot.knowledge.loader import DEFAULT_CONTENT_ROOT, SOURCES_FILE, TERMS_FILE
from bot.knowledge.models import Review, Source
from bot.knowledge.parsing import parse_review, read_sources, read_yaml_mapping
from bot.phrases import PhrasePattern, PhrasePatternError, words_of
from bot.terms_file import read_terms_file

DEFAULT_EFFECTS_FILE = DEFAULT_CONTENT_ROOT / "expected_effects.yml"
GENERAL = "general"
EFFECT_KEYS = frozenset({"id", "label", "words", "answers"})
ANSWER_KEYS = frozenset({"for", "text", "sources", "reviewed", "reviewed_by", "review_due"})


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
        raw = read_yaml_mapping(path)
        if raw.get("version") != 1:
            raise KnowledgeError(path, "version", "write 'version: 1'")
        items = raw.get("effects")
        if not isinstance(items, list) or not items:
            raise KnowledgeError(path, "effects", "add a list of effects (id, label, words ...)")
        effects: list[ExpectedEffect] = []
        for index, item in enumerate(items):
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


def _effect(
    path: Path,
    field: str,
    raw: Any,
    sources: Mapping[str, Source],
    parents: Mapping[str, str | None],
) -> ExpectedEffect:
    if not isinstance(raw, Mapping):
        raise KnowledgeError(path, field, "each effect is a mapping with id, label, words, answers")
    unknown = sorted(set(map(str, raw)) - EFFECT_KEYS)
    if unknown:
        raise KnowledgeError(
            path, f"{field}.{unknown[0]}", f"unknown key; use {sorted(EFFECT_KEYS)}"
        )
    effect_id = _text(path, raw, "id", field)
    label = _text(path, raw, "label", field)
    words = raw.get("words")
    if not isinstance(words, list) or not words:
        raise KnowledgeError(path, f"{field}.words", "list the words patients use for it")
    patterns = []
    for number, pattern in enumerate(words):
        try:
            patterns.append(PhrasePattern.parse(str(pattern)))
        except PhrasePatternError as error:
            raise KnowledgeError(path, f"{field}.words[{number}]", str(error)) from None
    answers_raw = raw.get("answers")
    if not isinstance(answers_raw, list) or not answers_raw:
        raise KnowledgeError(path, f"{field}.answers", "add at least one answer (for, text ...)")
    answers = [
        _answer(path, f"{field}.answers[{n}]", item, sources, parents)
        for n, item in enumerate(answers_raw)
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
    return ExpectedEffect(effect_id, label, tuple(patterns), tuple(answers))


def _answer(
    path: Path,
    field: str,
    raw: Any,
    sources: Mapping[str, Source],
    parents: Mapping[str, str | None],
) -> EffectAnswer:
    if not isinstance(raw, Mapping):
        raise KnowledgeError(path, field, "each answer is a mapping with for, text, sources ...")
    unknown = sorted(set(map(str, raw)) - ANSWER_KEYS)
    if unknown:
        raise KnowledgeError(
            path, f"{field}.{unknown[0]}", f"unknown key; use {sorted(ANSWER_KEYS)}"
        )
    targets = raw.get("for")
    if not isinstance(targets, list) or not targets:
        raise KnowledgeError(path, f"{field}.for", "list procedure ids and/or 'general'")
    for target in targets:
        if target != GENERAL and target not in parents:
            raise KnowledgeError(
                path, f"{field}.for", f"'{target}' is not a procedure id in terms.yml or 'general'"
            )
    keys = raw.get("sources")
    if not isinstance(keys, list) or not keys:
        raise KnowledgeError(path, f"{field}.sources", "list at least one key from sources.yml")
    for key in keys:
        if str(key) not in sources:
            raise KnowledgeError(path, f"{field}.sources", f"'{key}' is not in content/sources.yml")
    return EffectAnswer(
        procedures=tuple(str(t) for t in targets if t != GENERAL),
        general=GENERAL in targets,
        text=" ".join(_text(path, raw, "text", field).split()),
        sources=tuple(str(key) for key in keys),
        review=parse_review(path, f"{field}.", raw),
    )


def _text(path: Path, raw: Mapping[str, Any], key: str, field: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise KnowledgeError(path, f"{field}.{key}", f"give '{key}' a non-empty text value")
    return value.strip()
