"""The topic catalogue (content/topics.yml): which intent asks which topic, and button labels."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from bot.errors import ContentError
from bot.paths import CONTENT_DIR
from bot.yaml_files import read_yaml

DEFAULT_TOPICS_FILE = CONTENT_DIR / "topics.yml"


@dataclass(frozen=True)
class TopicCatalog:
    """Maps intents to knowledge-base topics and gives every intent a plain label."""

    procedure_topics: dict[str, dict[str, str]]
    journey_subjects: dict[str, dict[str, str]]
    intent_labels: dict[str, str]

    @classmethod
    def load(cls, path: Path = DEFAULT_TOPICS_FILE) -> TopicCatalog:
        """Read and check the catalogue; a broken file names the field to fix."""
        data = read_yaml(path) or {}
        sections = {}
        for section in ("procedure_topics", "journey_subjects"):
            entries = data.get(section)
            if not isinstance(entries, dict) or not entries:
                raise ContentError(path, section, "add a mapping of topic id to {intent, label}")
            for key, entry in entries.items():
                if not isinstance(entry, dict) or not entry.get("intent") or not entry.get("label"):
                    raise ContentError(path, f"{section}.{key}", "give it an intent and a label")
            sections[section] = entries
        labels = data.get("intent_labels") or {}
        if not isinstance(labels, dict):
            raise ContentError(path, "intent_labels", "use a mapping of intent to label")
        return cls(sections["procedure_topics"], sections["journey_subjects"], labels)

    @cached_property
    def procedure_topic_by_intent(self) -> dict[str, str]:
        return {entry["intent"]: topic for topic, entry in self.procedure_topics.items()}

    @cached_property
    def journey_subject_by_intent(self) -> dict[str, str]:
        return {entry["intent"]: subject for subject, entry in self.journey_subjects.items()}

    def procedure_topic_intent(self, topic: str) -> str:
        return self.procedure_topics[topic]["intent"]

    def procedure_topic_label(self, topic: str) -> str:
        return self.procedure_topics[topic]["label"]

    def only_for(self, topic: str) -> str | None:
        """The procedure a topic is about (`only_for:`, e.g. living with a stimulator), if any."""
        return self.procedure_topics.get(topic, {}).get("only_for")

    def label_for_intent(self, intent: str) -> str | None:
        """A patient-facing label for any intent, or None when it has none."""
        for entries in (self.procedure_topics, self.journey_subjects):
            for entry in entries.values():
                if entry["intent"] == intent:
                    return entry["label"]
        return self.intent_labels.get(intent)
