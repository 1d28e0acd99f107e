"""The topic catalogue (content/topics.yml): which intent asks which topic, and button labels."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from pydantic import Field, validator

from bot.content_models import ContentModel, Text, load_model
from bot.paths import CONTENT_DIR

DEFAULT_TOPICS_FILE = CONTENT_DIR / "topics.yml"
TOPIC_MAPPING = "a mapping of topic id to {intent, label}"


class TopicEntry(ContentModel):
    """Which intent asks this topic, its button label, and the one procedure it is about."""

    intent: Text = Field(description="the intent that asks it, e.g. ask_risks")
    label: Text = Field(description="the plain label shown on buttons")
    only_for: Text | None = Field(None, description="a procedure id, or leave it out")


class TopicsFile(ContentModel):
    """content/topics.yml as written."""

    procedure_topics: dict[str, TopicEntry] = Field(description=TOPIC_MAPPING)
    journey_subjects: dict[str, TopicEntry] = Field(description=TOPIC_MAPPING)
    intent_labels: dict[str, Text] = Field({}, description="a mapping of intent to label")

    @validator("procedure_topics", "journey_subjects")
    def _some_topics(cls, topics: dict) -> dict:  # noqa: N805
        if not topics:
            raise ValueError(f"add {TOPIC_MAPPING}")
        return topics


def _plain(topics: dict[str, TopicEntry]) -> dict[str, dict[str, str]]:
    return {key: entry.dict(exclude_none=True) for key, entry in topics.items()}


@dataclass(frozen=True)
class TopicCatalog:
    """Maps intents to knowledge-base topics and gives every intent a plain label."""

    procedure_topics: dict[str, dict[str, str]]
    journey_subjects: dict[str, dict[str, str]]
    intent_labels: dict[str, str]

    @classmethod
    def load(cls, path: Path = DEFAULT_TOPICS_FILE) -> TopicCatalog:
        """Read and check the catalogue; a broken file names the field to fix."""
        data = load_model(TopicsFile, path)
        return cls(_plain(data.procedure_topics), _plain(data.journey_subjects), data.intent_labels)

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
