"""The question sentence decides the topic; the whole message stays for the rules and tracker."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.procedure_tagger import ProcedureMentionTagger
from bot.nlu.question_focus import FullMessageRestore, QuestionSentenceFocus
from bot.nlu.red_flag_detector import RedFlagDetector

LONG = (
    "We moved here last year, and my new doctor thinks the burning procedure I had on my neck "
    "is worth doing again. How long will it take me to get back on my feet this time?"
)
QUESTION = "How long will it take me to get back on my feet this time?"


def build(component: type, tmp_path: Path):
    return component.create(
        component.get_default_config() if hasattr(component, "get_default_config") else {},
        LocalModelStorage(tmp_path),
        Resource(component.__name__),
        ExecutionContext(GraphSchema({}), "test-model"),
    )


@pytest.fixture(scope="module")
def parts(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("focus")
    tokenizer = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())
    return (
        tokenizer,
        build(ProcedureMentionTagger, folder),
        build(QuestionSentenceFocus, folder),
        build(FullMessageRestore, folder),
        build(RedFlagDetector, folder),
    )


def through(parts, text: str, until: int) -> Message:
    message = Message(data={TEXT: text})
    for component in parts[:until]:
        component.process([message])
    return message


def test_the_featurizers_read_only_the_question(parts) -> None:
    message = through(parts, LONG, until=3)
    assert message.get(TEXT) == QUESTION
    tokens = message.get("text_tokens")
    assert [t.text for t in tokens][:3] == ["How", "long", "will"]
    assert all(QUESTION[t.start : t.end] == t.text for t in tokens)


def test_a_procedure_named_outside_the_question_still_counts(parts) -> None:
    message = through(parts, LONG, until=3)
    (entity,) = [e for e in message.get(ENTITIES) if e["entity"] == "procedure"]
    assert entity["value"] == "radiofrequency_ablation"
    assert LONG[entity["start"] : entity["end"]] == "burning procedure"  # offsets of the full text


def test_the_procedure_in_the_question_comes_first(parts) -> None:
    text = "I had an epidural in May and it helped. Would the nerve burning last longer?"
    message = through(parts, text, until=3)
    values = [e["value"] for e in message.get(ENTITIES) if e["entity"] == "procedure"]
    assert values == ["radiofrequency_ablation", "epidural_steroid_injection"]


def test_the_whole_message_comes_back_before_the_rules(parts) -> None:
    message = through(parts, LONG, until=4)
    assert message.get(TEXT) == LONG
    assert " ".join(t.text for t in message.get("text_tokens")).startswith("We moved here")
    assert "painpath_full_text" not in message.as_dict(only_output_properties=True)


def test_the_red_flag_rules_read_every_clause(parts) -> None:
    # The emergency is told, not asked: focus drops it for the model, never for the rules.
    text = "Since my epidural yesterday I can't feel my legs. When does the numbness wear off?"
    message = through(parts, text, until=3)
    assert "can't feel my legs" not in message.get(TEXT)
    message.set(INTENT, {"name": "ask_recovery", "confidence": 0.9})
    for component in parts[3:]:
        component.process([message])
    assert message.get(INTENT)["name"] == "red_flag_emergency"
    assert message.get(TEXT) == text


def test_short_messages_pass_through_untouched(parts) -> None:
    message = through(parts, "how long does RFA last?", until=4)
    assert message.get(TEXT) == "how long does RFA last?"


def test_long_training_examples_are_read_by_their_question(parts) -> None:
    tokenizer, _, focus, _, _ = parts
    example = Message(data={TEXT: LONG, INTENT: "ask_recovery"})
    data = TrainingData([example])
    tokenizer.process_training_data(data)
    focus.process_training_data(data)
    assert example.get(TEXT) == QUESTION
