"""The semantic safety net's decision, apart from Rasa: is a message close in meaning to a red flag?

The red-flag rules decide first (bot/safety/red_flags.py). Behind them, each message (and each
sentence of a long one: the red flag may be one clause among many) is compared with exemplars
of each red-flag kind and with look-alikes and ordinary messages, as unit vectors from the
sentence encoder. A kind fires on a sentence when its nearest exemplar is close enough
(`thresholds`) and closer than the nearest look-alike or ordinary message by at least `margins`.
Chosen by measurement on tests/safety/real_red_flags_dev.yml (README, "Safety and privacy").

numpy only: the Rasa component (bot/nlu/safety_net.py) embeds the texts and persists the bank.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from bot.safety.exemplars import LOOKALIKE_KIND, RED_FLAG_KINDS

SENTENCE_BREAK = re.compile(r"(?<=[.!?;])\s+|\s*\n+\s*")
# What each red-flag kind means for the safety line on replies that cannot answer.
MENTION_OF_KIND = {"crisis": "distress", "emergency": "symptom", "urgent": "symptom"}
BANK_FILE = "exemplar_bank.npz"
TEXTS_FILE = "exemplar_texts.json"


def message_units(text: str, max_units: int) -> list[str]:
    """The whole message, then each of its sentences when it has several (at most `max_units`)."""
    whole = " ".join(text.split())
    if not whole:
        return []
    sentences = [" ".join(s.split()) for s in SENTENCE_BREAK.split(text) if s and s.strip()]
    units = [whole] + [s for s in sentences if s != whole]
    return list(dict.fromkeys(units))[: max(1, max_units)]


@dataclass(frozen=True)
class NetSettings:
    """When the net escalates, when it sends the crisis reply, and when it only marks a mention."""

    thresholds: Mapping[str, float]
    margins: Mapping[str, float]
    crisis_reply: float
    mention: float
    mention_margin: float

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> NetSettings:
        """Read and check the component's settings; a bad value raises ValueError naming it."""
        return cls(
            thresholds=_per_kind(config, "thresholds"),
            margins=_per_kind(config, "margins", low=-1.0),
            crisis_reply=_number(config, "crisis_reply_threshold"),
            mention=_number(config, "mention_threshold"),
            mention_margin=_number(config, "mention_margin", low=-1.0),
        )


def _number(config: Mapping[str, Any], key: str, low: float = 0.0) -> float:
    value = config.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= 1:
        raise ValueError(f"SafetyNet: '{key}' must be a number from {low} to 1, got {value!r}")
    return float(value)


def _per_kind(config: Mapping[str, Any], key: str, low: float = 0.0) -> dict[str, float]:
    values = config.get(key)
    if not isinstance(values, Mapping) or set(values) != set(RED_FLAG_KINDS):
        raise ValueError(f"SafetyNet: '{key}' must give a number for each of {RED_FLAG_KINDS}")
    return {kind: _number(values, kind, low) for kind in RED_FLAG_KINDS}


@dataclass(frozen=True)
class Assessment:
    """What the net found in one message."""

    kind: str | None  # the red-flag kind it escalates, or None
    score: float  # similarity of the closest sentence to that kind (or to any kind, if None)
    margin: float  # how much closer to the kind than to any look-alike or ordinary message
    unit: str  # the sentence (or whole message) that was closest
    nearest: str  # the exemplar it was closest to
    crisis_reply: bool  # close enough to crisis to send the 988 reply itself
    mention: str | None  # "distress" / "symptom": close enough for a safety line on fallbacks


NOTHING = Assessment(None, 0.0, 0.0, "", "", False, None)


@dataclass(frozen=True)
class ExemplarBank:
    """Unit vectors of the exemplars, the kind of each, and their texts (for logs and staff)."""

    vectors: np.ndarray  # (n, dim) float32, unit length
    kinds: np.ndarray  # (n,) str: a red-flag kind or "lookalike"
    texts: tuple[str, ...]

    def __post_init__(self) -> None:
        kinds = set(self.kinds.tolist())
        missing = [kind for kind in (*RED_FLAG_KINDS, LOOKALIKE_KIND) if kind not in kinds]
        if missing or len(self.kinds) != len(self.vectors) or len(self.texts) != len(self.kinds):
            raise ValueError(f"exemplar bank is incomplete (no exemplars of {missing})")

    def assess(
        self, unit_vectors: np.ndarray, units: Sequence[str], settings: NetSettings
    ) -> Assessment:
        """The most serious kind any sentence is close to, by precedence, then by score."""
        if len(units) == 0:
            return NOTHING
        similarity = unit_vectors @ self.vectors.T  # (units, exemplars)
        lookalike = similarity[:, self.kinds == LOOKALIKE_KIND].max(axis=1)
        candidates: list[tuple[int, float, Assessment]] = []
        mentions: list[str] = []
        for rank, kind in enumerate(RED_FLAG_KINDS):
            of_kind = np.flatnonzero(self.kinds == kind)
            best = similarity[:, of_kind].argmax(axis=1)
            scores = similarity[np.arange(len(units)), of_kind[best]]
            margins = scores - lookalike
            if ((scores >= settings.mention) & (margins >= settings.mention_margin)).any():
                mentions.append(MENTION_OF_KIND[kind])
            for unit in range(len(units)):
                score, margin = float(scores[unit]), float(margins[unit])
                fires = score >= settings.thresholds[kind] and margin >= settings.margins[kind]
                found = Assessment(
                    kind=kind if fires else None,
                    score=score,
                    margin=margin,
                    unit=units[unit],
                    nearest=self.texts[of_kind[best[unit]]],
                    crisis_reply=fires and kind == "crisis" and score >= settings.crisis_reply,
                    mention=None,
                )
                strength = score - settings.thresholds[kind]
                candidates.append((rank if fires else len(RED_FLAG_KINDS), -strength, found))
        _, _, chosen = min(candidates, key=lambda item: (item[0], item[1]))
        mention = next((kind for kind in ("distress", "symptom") if kind in mentions), None)
        return Assessment(**{**chosen.__dict__, "mention": mention})

    def save(self, folder: Path) -> None:
        np.savez(folder / BANK_FILE, vectors=self.vectors, kinds=self.kinds.astype(str))
        (folder / TEXTS_FILE).write_text(json.dumps(list(self.texts)), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> ExemplarBank:
        with np.load(folder / BANK_FILE, allow_pickle=False) as arrays:
            vectors, kinds = arrays["vectors"], arrays["kinds"]
        texts = tuple(json.loads((folder / TEXTS_FILE).read_text(encoding="utf-8")))
        return cls(vectors.astype(np.float32), kinds, texts)
