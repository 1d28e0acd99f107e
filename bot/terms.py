"""Procedure names and lay terms from content/terms.yml, and finding them in what patients type.

spaCy is imported only when `find()` first runs: it pulls in TensorFlow (~400 MB, several
seconds), which the action server (names, parents, ids only) must not pay for. The file is still
fully checked at load time, with a small tokeniser that splits terms as spaCy does.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from bot.term_context import (
    ContextTerm,
    Refinement,
    context_rule_index,
    context_terms_of,
    refinements_of,
)
from bot.terms_file import (
    DEFAULT_TERMS_FILE,
    MatchSettings,
    Procedure,
    TermsFileError,
    read_terms_file,
)

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.matcher import PhraseMatcher

NOT_A_PROCEDURE = "__not_a_procedure__"

Phrase = tuple[str, ...]
LabelledTerm = tuple[str, str, str]  # (term as written, procedure id, field in terms.yml)

# The parts of spaCy 3.4's English tokenizer rules that terms can use (spacy/lang/punctuation.py):
# punctuation peeled off the ends, clitic endings, and hyphens, slashes, colons and commas inside
# words. tests/bot/test_term_tokens.py checks it against spaCy on every term in terms.yml.
_QUOTES = "\"'`‘´’‚,„»«「」『』（）〔〕【】《》〈〉"
_PUNCT = "…,:;!?¿¡()[]{}<>_#*&。？！，、；：～·"
_PREFIXES = _PUNCT + _QUOTES + "§%=—–+$£€¥"
_SUFFIXES = _PUNCT + _QUOTES + "—–"
_CLITICS = ("'s", "'S", "’s", "’S", "n't", "N'T", "n’t", "'m", "'re", "'ve", "'ll", "'d")
_INFIX = re.compile(
    r"((?<=[^\W_])(?:---|--|-|–|—|~)(?=[^\W\d_])"
    r"|(?<=\d)[-+*^](?=[\d-])"
    r"|(?<=[^\W_])[:<>=/](?=[^\W\d_])"
    r"|(?<=[^\W\d_]),(?=[^\W\d_]))"
)


@dataclass(frozen=True)
class Mention:
    """One procedure named in a message: character offsets into the original text."""

    procedure_id: str
    start: int
    end: int
    text: str
    score: float = 1.0


@dataclass(frozen=True)
class _Candidate:
    start_token: int
    end_token: int
    label: str
    score: float

    @property
    def length(self) -> int:
        return self.end_token - self.start_token


class ProcedureTerms:
    """The one source of procedure names and synonyms, shared by NLU and actions."""

    def __init__(
        self,
        procedures: Mapping[str, Procedure],
        not_procedures: Iterable[str] = (),
        settings: MatchSettings | None = None,
        source: Path | str = "<memory>",
        context_terms: Iterable[ContextTerm] = (),
        refinements: Iterable[Refinement] = (),
    ) -> None:
        self._procedures = dict(procedures)
        self._settings = settings or MatchSettings()
        self._source = source
        self._context_terms = tuple(context_terms)
        self._refinements = tuple(refinements)
        self._labelled = self._labelled_terms(not_procedures)
        # Checks every term now (empty, or listed under two procedures), without spaCy.
        label_phrases(self._labelled, simple_phrase, source)
        self._finder: _PhraseFinder | None = None
        self._finder_lock = threading.Lock()

    @classmethod
    def load(cls, path: Path | None = None) -> ProcedureTerms:
        """Read and check terms.yml (default <repo>/content/terms.yml); raise TermsFileError."""
        path = Path(path) if path is not None else DEFAULT_TERMS_FILE
        data = read_terms_file(path)
        return cls(
            data.procedure_records(),
            data.not_procedures,
            data.matching,
            path,
            context_terms_of(data.context_terms, simple_phrase),
            refinements_of(data.refinements, simple_phrase),
        )

    @property
    def ids(self) -> list[str]:
        """Canonical procedure ids in file order (parents before or after children as written)."""
        return list(self._procedures)

    def name(self, procedure_id: str) -> str:
        """Plain display name, e.g. 'epidural steroid injection'."""
        return self._get(procedure_id).name

    def short_name(self, procedure_id: str) -> str:
        """Short name for buttons; the display name when none is given."""
        return self._get(procedure_id).short_name

    def parent(self, procedure_id: str) -> str | None:
        """The broader procedure this one is a kind of, or None for a top-level procedure."""
        return self._get(procedure_id).parent

    def parents(self) -> dict[str, str | None]:
        """Every procedure id and the id of its parent (None for a top-level procedure)."""
        return {p.id: p.parent for p in self._procedures.values()}

    def children(self, procedure_id: str) -> list[str]:
        """Procedures whose parent is this one, in file order."""
        self._get(procedure_id)
        return [p.id for p in self._procedures.values() if p.parent == procedure_id]

    def terms(self, procedure_id: str) -> tuple[str, ...]:
        """The lay terms written for this procedure in terms.yml."""
        return self._get(procedure_id).terms

    def find(self, text: str) -> list[Mention]:
        """Procedures named in text, in order, longest match first, misspellings forgiven; a
        context term counts only in its setting, and a refinement makes a mention precise."""
        found, words = self._phrase_finder().find(text)
        mentions = []
        for mention in found:
            procedure_id = self._in_context(mention.procedure_id, words)
            if procedure_id is None:
                continue
            for rule in self._refinements:
                if procedure_id == rule.from_id and rule.surroundings.hold(words):
                    procedure_id = rule.to_id
            mentions.append(replace(mention, procedure_id=procedure_id))
        return mentions

    def _in_context(self, label: str, words: list[str]) -> str | None:
        """The procedure a matched label stands for in this message, or None to drop it."""
        if label == NOT_A_PROCEDURE:
            return None
        index = context_rule_index(label)
        if index is None:
            return label
        rule = self._context_terms[index]
        return rule.procedure if rule.surroundings.hold(words) else None

    def prepare_matching(self) -> None:
        """Build the spaCy matcher now (NLU start-up) rather than on the first message."""
        self._phrase_finder()

    def _phrase_finder(self) -> _PhraseFinder:
        if self._finder is None:
            with self._finder_lock:
                if self._finder is None:
                    self._finder = _PhraseFinder(self._labelled, self._settings, self._source)
        return self._finder

    def _get(self, procedure_id: str) -> Procedure:
        try:
            return self._procedures[procedure_id]
        except KeyError:
            known = ", ".join(self._procedures)
            message = f"unknown procedure id {procedure_id!r}; use one of: {known}"
            raise KeyError(message) from None

    def _labelled_terms(self, not_procedures: Iterable[str]) -> list[LabelledTerm]:
        labelled = [
            (term, procedure.id, f"procedures.{procedure.id}.terms")
            for procedure in self._procedures.values()
            for term in procedure.terms
        ]
        labelled += [(term, NOT_A_PROCEDURE, "not_procedures") for term in not_procedures]
        labelled += [
            (term, rule.label(index), f"context_terms[{index}].terms")
            for index, rule in enumerate(self._context_terms)
            for term in rule.terms
        ]
        return labelled


class _PhraseFinder:
    """Exact whole-word matching (spaCy PhraseMatcher) plus word-by-word misspelling matching."""

    def __init__(
        self, labelled_terms: list[LabelledTerm], settings: MatchSettings, source: object
    ) -> None:
        import spacy  # here, not at module import: see the module docstring

        self._settings = settings
        self._nlp: Language = spacy.blank("en")
        # spaCy's own tokens from here on; the file was already checked with simple_phrase.
        self._labels = label_phrases(labelled_terms, self._phrase, source)
        self._matcher = self._build_matcher()
        self._by_first_word: dict[str, list[Phrase]] = {}
        for phrase in self._labels:
            if len(phrase) <= settings.max_fuzzy_tokens:
                self._by_first_word.setdefault(phrase[0], []).append(phrase)
        self._known_words = {word for phrase in self._labels for word in phrase}
        self._fuzzy_words = sorted(
            w for w in self._known_words if len(w) >= settings.fuzzy_min_word_chars and w.isalpha()
        )

    def find(self, text: str) -> tuple[list[Mention], list[str]]:
        """Mentions by matcher label, and the message's lower-case words (for context rules)."""
        if not text or not text.strip():
            return [], []
        # Extra spaces become tokens of their own; drop them so "epidural  shot" still matches.
        from spacy.tokens import Doc

        tokens = [token for token in self._nlp.make_doc(text) if not token.is_space]
        doc = Doc(self._nlp.vocab, words=[token.text for token in tokens])
        candidates = [
            _Candidate(start, end, self._nlp.vocab.strings[match_id], 1.0)
            for match_id, start, end in self._matcher(doc)
        ]
        candidates += self._fuzzy_candidates([token.lower_ for token in doc])
        chosen = _longest_non_overlapping(candidates)
        mentions = []
        for candidate in chosen:
            start = tokens[candidate.start_token].idx
            last = tokens[candidate.end_token - 1]
            end = last.idx + len(last.text)
            mentions.append(Mention(candidate.label, start, end, text[start:end], candidate.score))
        return mentions, [token.lower_ for token in doc]

    def _build_matcher(self) -> PhraseMatcher:
        from spacy.matcher import PhraseMatcher

        matcher = PhraseMatcher(self._nlp.vocab, attr="LOWER")
        by_label: dict[str, list[Phrase]] = {}
        for phrase, label in self._labels.items():
            by_label.setdefault(label, []).append(phrase)
        for label, phrases in by_label.items():
            matcher.add(label, [self._nlp.make_doc(" ".join(phrase)) for phrase in phrases])
        return matcher

    def _phrase(self, term: str) -> Phrase:
        tokens = self._nlp.make_doc(term.strip())
        return tuple(token.lower_ for token in tokens if not token.is_space)

    def _fuzzy_candidates(self, words: list[str]) -> list[_Candidate]:
        """Phrases whose every word is typed exactly or is a close misspelling of a long word."""
        near = [self._near_words(word) for word in words]
        if all(len(options) == 1 for options in near):
            return []
        candidates = []
        for start in range(len(words)):
            for first in near[start]:
                for phrase in self._by_first_word.get(first, ()):
                    end = start + len(phrase)
                    if end > len(words) or tuple(words[start:end]) == phrase:
                        continue
                    if all(phrase[i] in near[start + i] for i in range(len(phrase))):
                        typed = " ".join(words[start:end])
                        score = fuzz.ratio(typed, " ".join(phrase)) / 100
                        candidates.append(_Candidate(start, end, self._labels[phrase], score))
        return candidates

    def _near_words(self, word: str) -> set[str]:
        options = {word}
        if word in self._known_words or not word.isalpha() or len(word) < 4:
            return options
        for match, _score, _index in process.extract(
            word,
            self._fuzzy_words,
            scorer=fuzz.ratio,
            score_cutoff=self._settings.fuzzy_min_score,
            limit=None,
        ):
            options.add(match)
        return options


def label_phrases(
    labelled_terms: list[LabelledTerm], tokenize: Callable[[str], Phrase], source: object
) -> dict[Phrase, str]:
    """Each term's lower-case words (plus a plural) mapped to its label; a clash names the fix."""
    labels: dict[Phrase, str] = {}
    seen_in: dict[Phrase, str] = {}
    for term, label, field in labelled_terms:
        phrase = tokenize(term)
        if not phrase:
            raise TermsFileError(source, field, "remove the empty term")
        if phrase in seen_in and labels[phrase] != label:
            fix = (
                f"'{term}' is also listed in {seen_in[phrase]}; keep it in one place "
                "(a phrase that fits two procedures belongs under their common parent)"
            )
            raise TermsFileError(source, field, fix)
        seen_in.setdefault(phrase, field)
        labels[phrase] = label
    for phrase in list(seen_in):
        last = phrase[-1]
        plural = (*phrase[:-1], last + "s")
        if last.isalpha() and not last.endswith("s") and plural not in labels:
            labels[plural] = labels[phrase]
    return labels


def simple_phrase(term: str) -> Phrase:
    """A term's lower-case tokens as spaCy's English tokenizer splits them, without spaCy."""
    tokens: list[str] = []
    for chunk in term.split():
        tokens.extend(token.lower() for token in _split_chunk(chunk))
    return tuple(tokens)


def _split_chunk(chunk: str) -> list[str]:
    prefixes: list[str] = []
    while len(chunk) > 1 and chunk[0] in _PREFIXES:
        prefixes.append(chunk[0])
        chunk = chunk[1:]
    suffixes: list[str] = []
    while len(chunk) > 1:
        ending = next((c for c in _CLITICS if chunk.endswith(c) and len(chunk) > len(c)), None)
        if ending is None and (chunk[-1] in _SUFFIXES or _is_final_period(chunk)):
            ending = chunk[-1]
        if ending is None:
            break
        suffixes.insert(0, ending)
        chunk = chunk[: -len(ending)]
    middle = [piece for piece in _INFIX.split(chunk) if piece]
    return prefixes + middle + suffixes


def _is_final_period(chunk: str) -> bool:
    if not chunk.endswith("."):
        return False
    before = chunk[-2]
    two_capitals = len(chunk) > 2 and before.isupper() and chunk[-3].isupper()
    return two_capitals or before.islower() or before.isdigit() or before in "%²+-" + _SUFFIXES


def _longest_non_overlapping(candidates: list[_Candidate]) -> list[_Candidate]:
    """Most words first, then best score, then earliest; the winners in text order."""
    taken: set[int] = set()
    chosen = []
    for candidate in sorted(candidates, key=lambda c: (-c.length, -c.score, c.start_token)):
        span = range(candidate.start_token, candidate.end_token)
        if taken.isdisjoint(span):
            taken.update(span)
            chosen.append(candidate)
    return sorted(chosen, key=lambda c: c.start_token)
