"""A tiny, valid content tree in tmp_path that each loader test breaks in one way."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.knowledge import REQUIRED_TOPICS


def _entry(topic: str, text: str | None = None, **extra: Any) -> dict[str, Any]:
    entry = {
        "topic": topic,
        "text": text or f"Plain words about {topic.replace('_', ' ')}. It is short.",
        "sources": ["S1"],
        "reviewed": "2026-11-27",
        "reviewed_by": "clinic physician",
        "review_due": "2027-11-27",
    }
    entry.update(extra)
    return entry


@dataclass
class MiniContent:
    """Content files as dicts; tests edit them, then write() and load."""

    root: Path
    sources: dict[str, Any] = field(default_factory=dict)
    terms: dict[str, Any] = field(default_factory=dict)
    files: dict[str, dict[str, Any]] = field(default_factory=dict)

    def write(self) -> Path:
        """Write every file under root and return root, ready for KnowledgeBase.load."""
        (self.root / "sources.yml").write_text(yaml.safe_dump(self.sources))
        (self.root / "terms.yml").write_text(yaml.safe_dump(self.terms))
        for relative, data in self.files.items():
            path = self.root / "knowledge" / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(yaml.safe_dump(data, sort_keys=False))
        return self.root

    def entries(self, relative: str) -> list[dict[str, Any]]:
        """The entry list of one knowledge file, for in-place edits."""
        return self.files[relative]["entries"]


PARENT_FILE = "procedures/nerve_block.yml"
CHILD_FILE = "procedures/medial_branch_block.yml"
JOURNEY_FILE = "journey/referral.yml"


def build_mini_content(tmp_path: Path) -> MiniContent:
    """Parent nerve_block (all topics), child medial_branch_block (two topics), one journey."""
    parent_entries = [_entry(topic) for topic in REQUIRED_TOPICS["procedure"]]
    parent_entries[0] = _entry("what_is", "A nerve block numbs a nerve.", next="who_helps")
    return MiniContent(
        root=tmp_path,
        sources={
            "sources": {
                "S1": {"title": "Source one", "url": "https://example.org/one"},
                "S11": {"title": "Source eleven", "url": "https://example.org/eleven"},
            }
        },
        terms={
            "procedures": {
                "nerve_block": {"name": "nerve block", "terms": ["nerve block"]},
                "medial_branch_block": {
                    "name": "medial branch block",
                    "parent": "nerve_block",
                    "terms": ["medial branch block"],
                },
            }
        },
        files=copy.deepcopy(
            {
                PARENT_FILE: {
                    "subject": "nerve_block",
                    "kind": "procedure",
                    "title": "Nerve block",
                    "parent": None,
                    "entries": parent_entries,
                },
                CHILD_FILE: {
                    "subject": "medial_branch_block",
                    "kind": "procedure",
                    "title": "Medial branch block",
                    "parent": "nerve_block",
                    "entries": [
                        _entry(
                            "what_is", "A medial branch block tests small nerves.", next="risks"
                        ),
                        _entry("relief", "Relief lasts hours.", sources=["S11"]),
                    ],
                },
                JOURNEY_FILE: {
                    "subject": "referral",
                    "kind": "journey",
                    "title": "Referral",
                    "entries": [_entry("overview", "Your doctor sends a referral.")],
                },
            }
        ),
    )
