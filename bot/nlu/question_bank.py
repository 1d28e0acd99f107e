"""The question bank: real patient questions, labelled by intent, that NearestExampleFallback
keeps beside the training examples as neighbours and SentenceVectorClassifier learns from. DIET
never trains on them (they live outside data/, which `rasa train` reads): trained in, they cost
red-flag recall (see the file's header).

The file is Rasa NLU YAML (`version`, `nlu:` blocks of `intent` and `examples`), so the same
tools read and validate it; a broken one stops training with an error naming the file.
"""

from __future__ import annotations

import functools
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from rasa.shared.exceptions import InvalidConfigException, RasaException
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader
from rasa.shared.nlu.training_data.training_data import TrainingData

import bot.question_sentences
from bot.errors import ContentError
from bot.nlu.configured_component import fingerprint_of
from bot.nlu.minilm_featurizer import encoder_sentence_vector
from bot.nlu.question_focus import question_text
from bot.nlu.red_flag_detector import is_red_flag_intent
from bot.nlu.sentence_encoder import SentenceEncoder
from bot.paths import from_repo_root
from bot.yaml_files import WHOLE_FILE

QUESTION_BANK_KEY = "question_bank"


@dataclass(frozen=True)
class BankQuestion:
    text: str
    intent: str


def load_question_bank(path: Path) -> list[BankQuestion]:
    """Every labelled question of the file; ContentError naming the file when it is missing,
    malformed, empty, or labels a question with a red-flag intent (never chosen by neighbours:
    red flags are the rules' and the safety net's)."""
    if not path.is_file():
        raise ContentError(path, WHOLE_FILE, "question bank not found; create it or fix the path")
    try:
        training_data = RasaYAMLReader().read(path)
    except (RasaException, ValueError) as error:
        raise ContentError(
            path, WHOLE_FILE, f"not a valid Rasa NLU YAML file ({error}); fix it"
        ) from None
    questions = [
        BankQuestion(str(example.get(TEXT)), str(example.get(INTENT)))
        for example in training_data.intent_examples
        if example.get(TEXT)
    ]
    if not questions:
        raise ContentError(path, "nlu", "no labelled questions; add '- intent:' blocks")
    red_flags = sorted({q.intent for q in questions if is_red_flag_intent(q.intent)})
    if red_flags:
        raise ContentError(
            path,
            "intent",
            f"{', '.join(red_flags)}: red-flag questions do not belong in the bank "
            "(add them to content/safety/ instead)",
        )
    return questions


def embedded_questions(questions: list[BankQuestion]) -> np.ndarray:
    """Each question's sentence vector as a live message gets it: its question sentence(s)
    (`question_text`, what QuestionSentenceFocus leaves for the featurizer) through the
    process-wide encoder, the featurizer's own. Two components train on the same bank: the
    second gets the first one's vectors (the encoder's own cache holds far fewer texts)."""
    texts = tuple(question_text(q.text) for q in questions)
    return _embedded(SentenceEncoder.shared(), texts)


@functools.lru_cache(maxsize=2)
def _embedded(encoder: SentenceEncoder, texts: tuple[str, ...]) -> np.ndarray:
    vectors = encoder.embed(list(texts))
    vectors.setflags(write=False)
    return vectors


@dataclass(frozen=True)
class LabelledVectors:
    """Sentence vectors with their intents: the training examples' first, then the bank's."""

    vectors: list[np.ndarray]
    intents: list[str]
    from_bank: list[bool]

    @property
    def example_count(self) -> int:
        return self.from_bank.count(False)


class UsesQuestionBank:
    """For a graph component with a `question_bank` setting (None, or a Rasa NLU YAML file from the
    repo root): the setting checked, where the file is, a fingerprint so that editing the file, or
    the code that turns a question into a vector, retrains, and the vectors to train on."""

    @classmethod
    def check_question_bank_setting(cls, config: dict[str, Any]) -> None:
        bank = config.get(QUESTION_BANK_KEY)
        if bank is not None and (not isinstance(bank, str) or not bank.strip()):
            raise InvalidConfigException(
                f"{cls.__name__}: '{QUESTION_BANK_KEY}' must be a file path, got {bank!r}"
            )

    def labelled_vectors(self, training_data: TrainingData) -> LabelledVectors:
        """Every intent example's sentence vector (as the featurizer saw its question), then, with
        a bank, every bank question's (embedded the same way)."""
        vectors, intents = [], []
        for example in training_data.intent_examples:
            vector = encoder_sentence_vector(example)
            if vector is not None:
                vectors.append(vector)
                intents.append(str(example.get(INTENT)))
        from_bank = [False] * len(vectors)
        bank_file = self.question_bank_file(self.config)  # type: ignore[attr-defined]
        if bank_file is not None:
            questions = load_question_bank(bank_file)
            vectors.extend(embedded_questions(questions))
            intents.extend(q.intent for q in questions)
            from_bank.extend([True] * len(questions))
        return LabelledVectors(vectors, intents, from_bank)

    @classmethod
    def question_bank_file(cls, config: dict[str, Any]) -> Path | None:
        bank = config.get(QUESTION_BANK_KEY)
        return from_repo_root(bank) if bank else None

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        bank = cls.question_bank_file({**cls.get_default_config(), **config})  # type: ignore[attr-defined]
        if bank is None:
            return None
        if not bank.is_file():
            load_question_bank(bank)  # raises the loader's error naming the missing file
        code = [sys.modules[cls.__module__].__file__, __file__, bot.question_sentences.__file__]
        return fingerprint_of([bank, *(Path(str(f)) for f in code)])
