"""Messages in another language get `other_language`; English never does; red flags still win."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.language_check import OtherLanguageDetector
from bot.nlu.language_guess import guess_other_language
from bot.nlu.red_flag_detector import RedFlagDetector
from bot.paths import REPO_ROOT

ANNOTATION = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})")


def english_examples() -> list[str]:
    """Every training and held-out NLU example: what real English patients write."""
    files = [
        *sorted((REPO_ROOT / "data" / "nlu").glob("*.yml")),
        REPO_ROOT / "tests" / "nlu" / "holdout.yml",
    ]
    examples = []
    for path in files:
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
            for line in (block.get("examples") or "").splitlines():
                line = line.strip()
                if line.startswith("- "):
                    examples.append(ANNOTATION.sub(r"\1", line[2:]))
    return examples


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("hola, ¿cuánto dura la inyección?", "es"),
        ("Tengo dolor de espalda", "es"),
        ("no puedo sentir mis piernas", "es"),
        ("hola", "es"),
        ("bonjour, j'ai mal au dos", "fr"),
        ("Olá, quanto tempo dura a injeção?", "pt"),
        ("Ich habe Schmerzen im Rücken", "de"),
        ("ho mal di schiena, quanto dura?", "it"),
        ("我背痛", "zh"),
        ("背中が痛いです", "ja"),
        ("허리가 아파요", "ko"),
        ("болит спина", "ru"),
        ("ألم في الظهر", "ar"),
    ],
)
def test_other_languages_are_recognised(text: str, language: str) -> None:
    guess = guess_other_language(text)
    assert guess is not None and guess.language == language


def test_no_english_training_or_holdout_example_is_taken_for_another_language() -> None:
    examples = english_examples()
    assert len(examples) > 500, "the NLU files were not found or are nearly empty"
    flagged = [text for text in examples if guess_other_language(text)]
    assert flagged == []


@pytest.mark.parametrize(
    "text",
    ["", "   ", "😀😀😀", "12345", "what is an epidural", "can I drive home after my RFA?"],
)
def test_english_and_text_without_words_are_left_to_the_model(text: str) -> None:
    assert guess_other_language(text) is None


def message(text: str, intent: str, confidence: float = 0.8) -> Message:
    ranked = {"name": intent, "confidence": confidence}
    return Message(data={TEXT: text, INTENT: ranked, INTENT_RANKING_KEY: [ranked], "entities": []})


def build_red_flag_detector(tmp_path: Path) -> RedFlagDetector:
    return RedFlagDetector.create(
        RedFlagDetector.get_default_config(),
        LocalModelStorage(tmp_path),
        Resource("red_flag_detector"),
        ExecutionContext(GraphSchema({})),
    )


def test_spanish_message_gets_other_language_first_in_the_ranking() -> None:
    [result] = OtherLanguageDetector().process([message("¿Habla español?", "ask_what_is")])
    assert result.get(INTENT) == {"name": "other_language", "confidence": 1.0}
    assert [entry["name"] for entry in result.get(INTENT_RANKING_KEY)] == [
        "other_language",
        "ask_what_is",
    ]


def test_a_model_red_flag_is_never_replaced_by_the_language_check() -> None:
    [result] = OtherLanguageDetector().process(
        [message("no puedo respirar, tengo dolor en el pecho", "red_flag_emergency", 0.9)]
    )
    assert result.get(INTENT)["name"] == "red_flag_emergency"


def test_a_red_flag_rule_still_wins_after_the_language_check(tmp_path: Path) -> None:
    text = "tengo mucho dolor en la espalda y ahora I cant feel my legs"
    assert guess_other_language(text) is not None
    messages = OtherLanguageDetector().process([message(text, "ask_what_is")])
    [result] = build_red_flag_detector(tmp_path).process(messages)
    assert result.get(INTENT)["name"] == "red_flag_emergency"
