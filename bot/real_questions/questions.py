"""The question files and a model's answers to them, as plain records."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.paths import NLU_TESTS_DIR
from bot.yaml_files import read_yaml

BLIND_FILE = NLU_TESTS_DIR / "real_questions.yml"
DEV_FILE = NLU_TESTS_DIR / "real_questions_dev.yml"
BASELINE_FILE = NLU_TESTS_DIR / "real_questions_baseline.yml"
# Sources where a patient or caregiver wrote the question; `clinic_faq` is a clinic's heading.
PATIENT_WRITTEN_SOURCES = frozenset({"forum", "qa", "blog"})


@dataclass(frozen=True)
class Question:
    """One labelled question: what a good answer needs (intent, and procedure when named)."""

    text: str
    source: str
    intent: str
    procedure: str | None

    @property
    def written_by_patient(self) -> bool:
        return self.source in PATIENT_WRITTEN_SOURCES


@dataclass(frozen=True)
class Prediction:
    """What the assistant understood: the intent it acts on and the procedures tagged, in the
    order the answer uses them (the first one is the procedure answered about)."""

    intent: str | None
    confidence: float
    procedures: tuple[str, ...]


def load_questions(path: Path) -> list[Question]:
    """The questions of one file (`version: 1`, `questions: [...]`)."""
    document = read_yaml(path)
    return [
        Question(
            text=entry["text"],
            source=entry["source"],
            intent=entry["intent"],
            procedure=entry.get("procedure"),
        )
        for entry in document["questions"]
    ]


def load_recorded_predictions(path: Path) -> tuple[str, dict[str, Prediction]]:
    """A recorded run (tests/nlu/real_questions_baseline.yml): its commit and predictions."""
    document = read_yaml(path)
    predictions = {
        entry["text"]: Prediction(
            intent=entry.get("intent"),
            confidence=float(entry.get("confidence") or 0.0),
            procedures=tuple(entry.get("procedures") or ()),
        )
        for entry in document["predictions"]
    }
    return str(document.get("commit", "?")), predictions


def procedures_in(parse: dict) -> tuple[str, ...]:
    """Canonical procedure ids a parse tagged, in order, without repeats."""
    found: list[str] = []
    for entity in parse.get("entities") or []:
        if entity.get("entity") == "procedure" and entity.get("value") not in found:
            found.append(entity["value"])
    return tuple(found)


async def predict(model: Path, texts: list[str]) -> dict[str, Prediction]:
    """Every text through the model's whole NLU pipeline, as a patient's first message."""
    import logging

    from rasa.core.agent import Agent
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog

    configure_logging_and_warnings(logging.WARNING)
    configure_structlog(logging.WARNING)  # else every parse is printed
    agent = Agent.load(str(model))
    predictions = {}
    for text in dict.fromkeys(texts):
        parse = await agent.parse_message(text)
        intent = parse.get("intent") or {}
        predictions[text] = Prediction(
            intent=intent.get("name"),
            confidence=round(float(intent.get("confidence") or 0.0), 3),
            procedures=procedures_in(parse),
        )
    return predictions
