"""Reads one YAML file (sources, terms or a knowledge subject) and checks its fields."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from bot.content_models import parse_model
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
from bot.yaml_files import read_yaml

ENTRY_KEYS = ("topic", "text", "sources", "reviewed", "reviewed_by", "review_due", "next")
SOURCE_KEYS = ("title", "url", "note")
WEB_ADDRESS = re.compile(r"^https?://[^\s/]+\.[^\s]+$")


def read_yaml_mapping(path: Path) -> dict[str, Any]:
    """Load a YAML file whose top level must be a mapping, naming the file on any failure."""
    data = read_yaml(path, KnowledgeError)
    if not isinstance(data, dict):
        raise KnowledgeError(path, "(top level)", "the file must be a YAML mapping (key: value)")
    return data


def read_sources(path: Path) -> dict[str, Source]:
    """Citation keys and the public page each stands for (title and url), from sources.yml."""
    sources = read_yaml_mapping(path).get("sources")
    if not isinstance(sources, dict) or not sources:
        raise KnowledgeError(path, "sources", "add a mapping of source key to title and url")
    return {str(key): _parse_source(path, str(key), raw) for key, raw in sources.items()}


def _parse_source(path: Path, key: str, raw: Any) -> Source:
    field = f"sources.{key}"
    if not isinstance(raw, dict):
        raise KnowledgeError(path, field, "give a mapping with 'title' and 'url' (the public page)")
    unknown = sorted(set(map(str, raw)) - set(SOURCE_KEYS))
    if unknown:
        raise KnowledgeError(
            path, f"{field}.{unknown[0]}", f"unknown key; use {', '.join(SOURCE_KEYS)}"
        )
    title = _required_text(path, raw, "title", field)
    url = _required_text(path, raw, "url", field)
    if not WEB_ADDRESS.match(url):
        raise KnowledgeError(path, f"{field}.url", f"give the page's http(s) address, not {url!r}")
    note = raw.get("note")
    if note is not None and (not isinstance(note, str) or not note.strip()):
        raise KnowledgeError(path, f"{field}.note", "write the note as text, or leave it out")
    return Source(key=key, title=title, url=url, note=note.strip() if note else None)


def parse_review(path: Path, field: str, raw: Mapping[str, Any]) -> Review:
    """The review fields of one entry or rules file: reviewed, reviewed_by (a role), review_due."""
    fields = {key: raw[key] for key in Review.__fields__ if key in raw}
    return parse_model(Review, fields, path, KnowledgeError, at=field)


def parse_subject(
    path: Path, data: Mapping[str, Any], known_sources: Mapping[str, Source]
) -> Subject:
    """Build a Subject from one knowledge file, checking every field it can check alone."""
    subject_id = _required_text(path, data, "subject")
    kind = _required_text(path, data, "kind")
    if kind not in KINDS:
        raise KnowledgeError(path, "kind", f"use one of {', '.join(KINDS)}, not '{kind}'")
    if subject_id != path.stem:
        raise KnowledgeError(path, "subject", f"name the file {subject_id}.yml or fix the id")
    title = _required_text(path, data, "title")
    parent = data.get("parent")
    if parent is not None and (kind != PROCEDURE_KIND or not isinstance(parent, str)):
        raise KnowledgeError(path, "parent", "only procedures have a parent: a procedure id")
    applies_to = data.get("applies_to", [])
    if kind != GENERAL_KIND and "applies_to" in data:
        raise KnowledgeError(path, "applies_to", "only general subjects name the procedures")
    if not isinstance(applies_to, list) or not all(isinstance(p, str) for p in applies_to):
        raise KnowledgeError(path, "applies_to", "list procedure ids, or leave it out for all")
    asked_as = _general_only_list(path, data, kind, "asked_as", "list the words patients use")
    raw_entries = data.get("entries")
    if not isinstance(raw_entries, list) or not raw_entries:
        raise KnowledgeError(path, "entries", "add a list of entries (topic, text, sources ...)")
    entries: dict[str, Entry] = {}
    for index, raw in enumerate(raw_entries):
        entry = _parse_entry(path, f"entries[{index}]", raw, kind, known_sources)
        if entry.topic in entries:
            raise KnowledgeError(
                path, f"entries[{index}].topic", f"'{entry.topic}' appears twice; keep one entry"
            )
        entries[entry.topic] = entry
    return Subject(
        id=subject_id,
        kind=kind,
        title=title,
        parent=parent,
        entries=MappingProxyType(entries),
        file=path,
        applies_to=tuple(applies_to),
        asked_as=asked_as,
    )


def _general_only_list(
    path: Path, data: Mapping[str, Any], kind: str, key: str, fix: str
) -> tuple[str, ...]:
    """An optional list of non-empty texts that only general subjects may carry."""
    if key not in data:
        return ()
    values = data[key]
    if kind != GENERAL_KIND:
        raise KnowledgeError(path, key, f"only general subjects have '{key}'")
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        raise KnowledgeError(path, key, fix)
    return tuple(" ".join(v.lower().split()) for v in values)


def _parse_entry(
    path: Path, field: str, raw: Any, kind: str, known_sources: Mapping[str, Source]
) -> Entry:
    if not isinstance(raw, dict):
        raise KnowledgeError(path, field, "each entry must be a mapping with topic, text ...")
    unknown = sorted(set(map(str, raw)) - set(ENTRY_KEYS))
    if unknown:
        raise KnowledgeError(
            path, f"{field}.{unknown[0]}", f"unknown key; use {', '.join(ENTRY_KEYS)}"
        )
    topic = _required_text(path, raw, "topic", field)
    if topic not in allowed_topics(kind):
        raise KnowledgeError(
            path, f"{field}.topic", f"'{topic}' is unknown; use {', '.join(allowed_topics(kind))}"
        )
    text = _required_text(path, raw, "text", field)
    sources = raw.get("sources")
    if not isinstance(sources, list) or not sources:
        raise KnowledgeError(path, f"{field}.sources", "list at least one key from sources.yml")
    for key in sources:
        if str(key) not in known_sources:
            raise KnowledgeError(
                path, f"{field}.sources", f"'{key}' is not in content/sources.yml; add it there"
            )
    next_topic = raw.get("next")
    if next_topic is not None and next_topic not in allowed_topics(kind):
        raise KnowledgeError(path, f"{field}.next", f"'{next_topic}' is not a {kind} topic")
    return Entry(
        topic=topic,
        text=" ".join(text.split()),
        sources=tuple(str(key) for key in sources),
        review=parse_review(path, f"{field}.", raw),
        next=next_topic,
    )


def _required_text(path: Path, data: Mapping[str, Any], key: str, prefix: str | None = None) -> str:
    value = data.get(key)
    field = f"{prefix}.{key}" if prefix else key
    if not isinstance(value, str) or not value.strip():
        raise KnowledgeError(path, field, f"give '{key}' a non-empty text value")
    return value.strip()
