"""The question bank: real patient questions, labelled by intent, that NearestExampleFallback
keeps beside the training examples as neighbours. DIET never trains on them (they live outside
data/, which `rasa train` reads): trained in, they cost red-flag recall (see the file's header).

The file is Rasa NLU YAML (`version`, `nlu:` blocks of `intent` and `examples`), so the same
tools read and validate it; a broken one stops training with an error naming the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rasa.shared.exceptions import RasaException
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

from bot.errors import ContentError
from bot.nlu.red_flag_detector import is_red_flag_intent
from bot.yaml_files import WHOLE_FILE


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
