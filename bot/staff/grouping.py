"""Missed questions grouped by meaning, largest group first, and a group as Rasa NLU YAML.

Messages with the same words (case and spacing aside) count as one text; texts are embedded
with the sentence encoder (`SentenceEncoder.shared()`, unit vectors) and grouped greedily:
the most frequent text first, each text joining the group whose centre is most similar when the
cosine similarity is at least GROUP_THRESHOLD, else starting a group. The threshold was chosen
on held-out questions labelled by intent (`python -m bench.staff_grouping`, README "Staff
console"): above it, most pairs share their intent; below it, groups start to mix topics.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

GROUP_THRESHOLD = 0.60
CHOOSE_INTENT = "CHOOSE_AN_INTENT"
_SPACES = re.compile(r"\s+")

Embed = Callable[[list[str]], np.ndarray]


@dataclass
class MissedGroup:
    """Messages that mean about the same; `texts` are distinct wordings, most frequent first."""

    number: int
    texts: list[str] = field(default_factory=list)
    counts: list[int] = field(default_factory=list)
    responses: set[str] = field(default_factory=set)

    @property
    def size(self) -> int:
        return sum(self.counts)


def one_line(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def distinct_texts(messages: Sequence[tuple[str, str]]) -> list[tuple[str, int, set[str]]]:
    """(text, how many times, which fallback replies) per distinct wording, most frequent first."""
    by_key: dict[str, list] = {}
    for text, response in messages:
        clean = one_line(text)
        entry = by_key.setdefault(clean.lower(), [clean, 0, set()])
        entry[1] += 1
        entry[2].add(response)
    return sorted((tuple(v) for v in by_key.values()), key=lambda v: (-v[1], v[0].lower()))


def group_by_meaning(
    messages: Sequence[tuple[str, str]], embed: Embed | None, threshold: float = GROUP_THRESHOLD
) -> list[MissedGroup]:
    """Group (text, fallback response) pairs; without an encoder, identical wordings only."""
    distinct = distinct_texts(messages)
    groups: list[MissedGroup] = []
    if embed is None or not distinct:
        for text, count, responses in distinct:
            groups.append(MissedGroup(0, [text], [count], set(responses)))
        return _numbered(groups)
    vectors = np.asarray(embed([text for text, _, _ in distinct]), dtype=np.float32)
    sums: list[np.ndarray] = []  # sum of each group's vectors; its direction is the centre
    centres: list[np.ndarray] = []
    for (text, count, responses), vector in zip(distinct, vectors, strict=True):
        best = int(np.argmax(np.stack(centres) @ vector)) if centres else -1
        if best < 0 or float(centres[best] @ vector) < threshold:
            groups.append(MissedGroup(0))
            sums.append(np.zeros_like(vector))
            centres.append(vector)
            best = len(groups) - 1
        group = groups[best]
        group.texts.append(text)
        group.counts.append(count)
        group.responses |= responses
        sums[best] = sums[best] + vector
        centres[best] = sums[best] / max(float(np.linalg.norm(sums[best])), 1e-9)
    return _numbered(groups)


def _numbered(groups: list[MissedGroup]) -> list[MissedGroup]:
    ordered = sorted(groups, key=lambda g: (-g.size, g.texts[0].lower()))
    for number, group in enumerate(ordered, start=1):
        group.number = number
    return ordered


def nlu_block(group: MissedGroup, note: str) -> str:
    """The group as a ready-to-review block for data/nlu/: a person picks the intent."""
    lines = [
        'version: "3.1"',
        "nlu:",
        f"# {note}",
        f"# Replace {CHOOSE_INTENT} with an intent from domain.yml, keep the lines that fit it,",
        "# and check none is a real patient's identifying detail before committing.",
        f"- intent: {CHOOSE_INTENT}",
        "  examples: |",
    ]
    lines += [f"    - {one_line(text)}" for text in group.texts]
    return "\n".join(lines) + "\n"


class LazyEncoder:
    """Loads the sentence encoder (TensorFlow) on first need, in the background, once."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._embed: Embed | None = None
        self.error: str | None = None
        self.load_seconds: float | None = None

    def start(self) -> None:
        """Begin loading in a background thread (no-op when started already)."""
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._load, name="staff-encoder", daemon=True
                )
                self._thread.start()

    def _load(self) -> None:
        started = time.monotonic()
        try:
            from bot.nlu.sentence_encoder import SentenceEncoder

            encoder = SentenceEncoder.shared()
            self._embed = encoder.embed
        except Exception as error:  # noqa: BLE001 - shown to staff; grouping falls back
            self.error = f"{type(error).__name__}: {error}"
        self.load_seconds = time.monotonic() - started

    def ready(self) -> Embed | None:
        """The embed function once loaded, else None (loading starts if it had not)."""
        self.start()
        return self._embed

    def wait(self, timeout: float) -> Embed | None:
        self.start()
        assert self._thread is not None
        self._thread.join(timeout)
        return self._embed


class CachedEmbed:
    """The encoder's vectors per text, kept for the process (at most `limit` texts, ~1.5 kB
    each), computed in batches: a page shown again embeds only the new messages."""

    def __init__(self, embed: Embed, limit: int = 20_000, batch: int = 64) -> None:
        self.embed = embed
        self.limit = limit
        self.batch = batch
        self.vectors: dict[str, np.ndarray] = {}

    def __call__(self, texts: list[str]) -> np.ndarray:
        missing = [text for text in dict.fromkeys(texts) if text not in self.vectors]
        if len(self.vectors) + len(missing) > self.limit:
            self.vectors.clear()
        for start in range(0, len(missing), self.batch):
            chunk = missing[start : start + self.batch]
            self.vectors.update(zip(chunk, self.embed(chunk), strict=True))
        return np.stack([self.vectors[text] for text in texts])
