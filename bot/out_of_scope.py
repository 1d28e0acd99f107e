"""What kind of out-of-scope question a message is, so the reply can say where to turn.

Kinds and their words live in content/out_of_scope.yml (legal -> a lawyer, another clinic ->
that clinic, another health problem -> your own doctor, a pet -> a vet). spaCy-free.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.errors import ContentError
from bot.paths import CONTENT_DIR
from bot.phrases import PhrasePattern, PhrasePatternError, any_found, words_of
from bot.yaml_files import read_yaml

DEFAULT_OUT_OF_SCOPE_FILE = CONTENT_DIR / "out_of_scope.yml"


@dataclass(frozen=True)
class OutOfScopeKinds:
    """Kinds in the file's order; the first whose words appear in a message wins."""

    kinds: tuple[tuple[str, tuple[PhrasePattern, ...]], ...]

    @classmethod
    def load(cls, path: Path = DEFAULT_OUT_OF_SCOPE_FILE) -> OutOfScopeKinds:
        raw: Any = read_yaml(path)
        if not isinstance(raw, dict) or raw.get("version") != 1:
            raise ContentError(path, "version", "write 'version: 1' and a 'kinds:' mapping")
        kinds_raw = raw.get("kinds")
        if not isinstance(kinds_raw, dict) or not kinds_raw:
            raise ContentError(path, "kinds", "map each kind to its 'words'")
        kinds = []
        for name, spec in kinds_raw.items():
            words = spec.get("words") if isinstance(spec, dict) else None
            if not isinstance(words, list) or not words:
                raise ContentError(path, f"kinds.{name}.words", "list the words of this kind")
            try:
                patterns = tuple(PhrasePattern.parse(str(word)) for word in words)
            except PhrasePatternError as error:
                raise ContentError(path, f"kinds.{name}.words", str(error)) from None
            kinds.append((str(name), patterns))
        return cls(tuple(kinds))

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.kinds)

    def kind_of(self, *texts: str) -> str | None:
        """The first kind whose words appear in any of the texts, or None."""
        words = [words_of(text or "") for text in texts]
        for name, patterns in self.kinds:
            if any(any_found(patterns, message) for message in words):
                return name
        return None
