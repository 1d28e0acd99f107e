"""Reads one YAML file (sources or a knowledge subject) and checks its fields: the shapes as
pydantic models, then what depends on other files (source keys) or on the kind of subject."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any

from pydantic import Field, validator

from bot.content_models import ContentModel, Text, load_model, parse_model
from bot.knowledge.errors import KnowledgeError
from bot.knowledge.models import (
    GENERAL_KIND,
    KINDS,
    PROCEDURE_KIND,
    Entry,
    Review,
    Source,
    Subject,
    allowed_topics,
)
from bot.yaml_files import WHOLE_FILE, FileErrorClass, read_yaml

WEB_ADDRESS = re.compile(r"^https?://[^\s/]+\.[^\s]+$")


class SourceEntry(ContentModel):
    """One public page an answer rests on, as written in sources.yml."""

    title: Text = Field(description="the page's title")
    url: Text = Field(description="the page's http(s) address")
    note: Text | None = Field(None, description="a note as text, or leave it out")

    @validator("url")
    def _web_address(cls, url: str) -> str:  # noqa: N805
        if not WEB_ADDRESS.match(url):
            raise ValueError(f"give the page's http(s) address, not {url!r}")
        return url


class SourcesFile(ContentModel):
    """content/sources.yml as written."""

    sources: dict[str, SourceEntry] = Field(description="a mapping of source key to title and url")

    @validator("sources")
    def _some_sources(cls, sources: dict) -> dict:  # noqa: N805
        if not sources:
            raise ValueError("add a mapping of source key to title and url")
        return sources


class SourcedText(Review):
    """An answer as written: its text, the sources it rests on and its review fields."""

    text: Text = Field(description="the answer in plain words")
    sources: list[Text] = Field(min_items=1, description="at least one key from sources.yml")

    class Config:
        frozen = False

    @property
    def review(self) -> Review:
        return Review(
            reviewed=self.reviewed, reviewed_by=self.reviewed_by, review_due=self.review_due
        )


class EntryFields(SourcedText):
    """One entry of a knowledge file as written."""

    topic: Text = Field(description="one of the topics of this kind of subject")
    next: Text | None = Field(None, description="the topic to offer next, or leave it out")


class SubjectFile(ContentModel):
    """A knowledge file (procedure, journey or general subject) as written."""

    subject: Text = Field(description="the subject id, the same as the file name")
    kind: Text = Field(description=f"one of {', '.join(KINDS)}")
    title: Text = Field(description="the subject's title")
    parent: Text | None = Field(None, description="a procedure id (procedures only)")
    applies_to: list[Text] | None = Field(None, description="procedure ids, or leave it out")
    asked_as: list[Text] | None = Field(None, description="the words patients use for it")
    entries: list[EntryFields] = Field(
        min_items=1, description="a list of entries (topic, text, sources ...)"
    )

    @validator("kind")
    def _known_kind(cls, kind: str) -> str:  # noqa: N805
        if kind not in KINDS:
            raise ValueError(f"use one of {', '.join(KINDS)}, not '{kind}'")
        return kind


def read_yaml_mapping(path: Path) -> dict[str, Any]:
    """Load a YAML file whose top level must be a mapping, naming the file on any failure."""
    data = read_yaml(path, KnowledgeError)
    if not isinstance(data, dict):
        raise KnowledgeError(path, WHOLE_FILE, "the file must be a YAML mapping (key: value)")
    return data


def read_sources(path: Path) -> dict[str, Source]:
    """Citation keys and the public page each stands for (title and url), from sources.yml."""
    sources = load_model(SourcesFile, path, KnowledgeError).sources
    return {
        key: Source(key=key, title=entry.title, url=entry.url, note=entry.note)
        for key, entry in sources.items()
    }


def parse_review(path: Path, field: str, raw: Mapping[str, Any]) -> Review:
    """The review fields of one entry or rules file: reviewed, reviewed_by (a role), review_due."""
    fields = {key: raw[key] for key in Review.__fields__ if key in raw}
    return parse_model(Review, fields, path, KnowledgeError, at=field)


def parse_subject(
    path: Path, data: Mapping[str, Any], known_sources: Mapping[str, Source]
) -> Subject:
    """Build a Subject from one knowledge file, checking every field it can check alone."""
    written = parse_model(SubjectFile, data, path, KnowledgeError)
    kind = written.kind
    if written.subject != path.stem:
        raise KnowledgeError(path, "subject", f"name the file {written.subject}.yml or fix the id")
    if written.parent is not None and kind != PROCEDURE_KIND:
        raise KnowledgeError(path, "parent", "only procedures have a parent: a procedure id")
    if kind != GENERAL_KIND and written.applies_to is not None:
        raise KnowledgeError(path, "applies_to", "only general subjects name the procedures")
    if kind != GENERAL_KIND and written.asked_as is not None:
        raise KnowledgeError(path, "asked_as", "only general subjects have 'asked_as'")
    entries: dict[str, Entry] = {}
    for index, fields in enumerate(written.entries):
        entry = _entry(path, f"entries[{index}]", fields, kind, known_sources)
        if entry.topic in entries:
            raise KnowledgeError(
                path, f"entries[{index}].topic", f"'{entry.topic}' appears twice; keep one entry"
            )
        entries[entry.topic] = entry
    return Subject(
        id=written.subject,
        kind=kind,
        title=written.title,
        parent=written.parent,
        entries=MappingProxyType(entries),
        file=path,
        applies_to=tuple(written.applies_to or ()),
        asked_as=tuple(" ".join(v.lower().split()) for v in written.asked_as or ()),
    )


def _entry(
    path: Path, field: str, fields: EntryFields, kind: str, known_sources: Mapping[str, Source]
) -> Entry:
    topics = allowed_topics(kind)
    if fields.topic not in topics:
        fix = f"'{fields.topic}' is unknown; use {', '.join(topics)}"
        raise KnowledgeError(path, f"{field}.topic", fix)
    check_sources(path, f"{field}.sources", fields.sources, known_sources)
    if fields.next is not None and fields.next not in topics:
        raise KnowledgeError(path, f"{field}.next", f"'{fields.next}' is not a {kind} topic")
    return Entry(
        topic=fields.topic,
        text=" ".join(fields.text.split()),
        sources=tuple(fields.sources),
        review=fields.review,
        next=fields.next,
    )


def check_sources(
    path: Path,
    field: str,
    keys: Sequence[str],
    known: Mapping[str, Source] | frozenset[str],
    error: FileErrorClass = KnowledgeError,
) -> None:
    """Every cited key is in content/sources.yml."""
    for key in keys:
        if key not in known:
            raise error(path, field, f"'{key}' is not in content/sources.yml; add it there")
