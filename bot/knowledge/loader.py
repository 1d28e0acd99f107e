"""The knowledge base: loads every subject file once, validates it, and answers topic look-ups."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from types import MappingProxyType

from bot.knowledge.errors import KnowledgeError
from bot.knowledge.models import (
    PROCEDURE_KIND,
    REQUIRED_TOPICS,
    Entry,
    Source,
    Subject,
    allowed_topics,
)
from bot.knowledge.parsing import parse_subject, read_sources, read_yaml_mapping
from bot.paths import CONTENT_DIR
from bot.terms_file import read_terms_file

DEFAULT_CONTENT_ROOT = CONTENT_DIR
KNOWLEDGE_DIR = "knowledge"
SOURCES_FILE = "sources.yml"
TERMS_FILE = "terms.yml"


class KnowledgeBase:
    """Validated procedure and journey content; invalid content fails at load, never mid-chat."""

    def __init__(self, subjects: Mapping[str, Subject], sources: Mapping[str, Source]) -> None:
        self._subjects = MappingProxyType(dict(subjects))
        self._sources = MappingProxyType(dict(sources))

    @classmethod
    def load(cls, root: Path = DEFAULT_CONTENT_ROOT) -> KnowledgeBase:
        """Read sources.yml, terms.yml and knowledge/**/*.yml under root; raise KnowledgeError
        (TermsFileError for terms.yml)."""
        root = Path(root)
        sources = read_sources(root / SOURCES_FILE)
        procedure_parents = read_terms_file(root / TERMS_FILE).parents
        subjects: dict[str, Subject] = {}
        for path in sorted((root / KNOWLEDGE_DIR).rglob("*.yml")):
            subject = parse_subject(path, read_yaml_mapping(path), sources)
            if subject.id in subjects:
                raise KnowledgeError(
                    path, "subject", f"'{subject.id}' is also in {subjects[subject.id].file}"
                )
            subjects[subject.id] = subject
        _check_procedures(subjects, procedure_parents, root / TERMS_FILE)
        knowledge_base = cls(subjects, sources)
        knowledge_base._check_topics_complete()
        return knowledge_base

    def answer(self, subject: str, topic: str) -> Entry | None:
        """The entry for this topic, taken from the parent procedure when the child has none."""
        current = self._subjects.get(subject)
        while current is not None:
            entry = current.own_entry(topic)
            if entry is not None:
                return entry
            current = self._subjects.get(current.parent) if current.parent else None
        return None

    def subject(self, subject_id: str) -> Subject:
        """The subject with this id; KeyError names the id when there is none."""
        try:
            return self._subjects[subject_id]
        except KeyError:
            raise KeyError(f"no knowledge subject '{subject_id}'") from None

    def subjects(self, kind: str) -> list[Subject]:
        """All subjects of one kind ('procedure', 'journey' or 'general'), sorted by id."""
        return [s for _, s in sorted(self._subjects.items()) if s.kind == kind]

    def entries(self) -> Iterator[tuple[Subject, Entry]]:
        """Every entry as written in its own file (no inherited copies), for content checks."""
        for _, subject in sorted(self._subjects.items()):
            for entry in subject.entries.values():
                yield subject, entry

    def topics_for(self, subject: str | Subject) -> list[str]:
        """Topics this subject can answer, its own or its parent's, in display order."""
        found = subject if isinstance(subject, Subject) else self.subject(subject)
        return [t for t in allowed_topics(found.kind) if self.answer(found.id, t) is not None]

    def source(self, source_key: str) -> Source:
        """The public page behind a source key (title and url), for replies and the review sheet."""
        return self._sources[source_key]

    def citation(self, source_key: str) -> str:
        """One line naming the page and its address, for "where does this come from?" replies."""
        source = self._sources[source_key]
        return f"{source.title} ({source.url})"

    def _check_topics_complete(self) -> None:
        for subject in self._subjects.values():
            for topic in REQUIRED_TOPICS[subject.kind]:
                if self.answer(subject.id, topic) is None:
                    raise KnowledgeError(
                        subject.file, "entries", f"add topic '{topic}' (here or in the parent)"
                    )
            for entry in subject.entries.values():
                if entry.next is not None and self.answer(subject.id, entry.next) is None:
                    raise KnowledgeError(
                        subject.file,
                        f"entries.{entry.topic}.next",
                        f"'{entry.next}' has no entry for this subject; pick another topic",
                    )


def _check_procedures(
    subjects: Mapping[str, Subject], procedure_parents: Mapping[str, str | None], terms: Path
) -> None:
    for subject in subjects.values():
        for index, procedure_id in enumerate(subject.applies_to):
            if procedure_id not in procedure_parents:
                raise KnowledgeError(
                    subject.file, f"applies_to[{index}]", f"'{procedure_id}' is not in {terms}"
                )
        if subject.kind != PROCEDURE_KIND:
            if subject.id in procedure_parents:
                raise KnowledgeError(subject.file, "kind", "this id is a procedure in terms.yml")
            continue
        if subject.id not in procedure_parents:
            raise KnowledgeError(
                subject.file, "subject", f"'{subject.id}' is not a procedure id in {terms}"
            )
        expected_parent = procedure_parents[subject.id]
        if subject.parent != expected_parent:
            raise KnowledgeError(
                subject.file,
                "parent",
                f"terms.yml gives parent {expected_parent!r}; write parent: {expected_parent}",
            )
        if subject.parent is not None and subject.parent not in subjects:
            raise KnowledgeError(
                subject.file, "parent", f"add content/knowledge/procedures/{subject.parent}.yml"
            )
    for procedure_id in procedure_parents:
        if procedure_id not in subjects:
            raise KnowledgeError(
                terms,
                f"procedures.{procedure_id}",
                f"add content/knowledge/procedures/{procedure_id}.yml for this procedure",
            )
