"""Rasa NLU components: the question sentence of a long message decides its topic.

`QuestionSentenceFocus` runs after the tokenizer and the procedure tagger and before the
featurizers: when a message has several sentences and only some of them ask
(`bot.question_sentences.focus_spans`), the featurizers and DIET see those sentences only. The
procedure tagger has already read the whole message, so a procedure named anywhere counts; the
procedures named in the question come first, then the nearest before it, so the answer is about
the procedure the question is about. The same focus applies to training examples.

`FullMessageRestore` runs after the intent classifiers and before the language and red-flag
checks: it puts the whole text and its tokens back, so those rules read every clause (safety never
loses one) and the parse result (what the tracker stores) carries the patient's full text.

A message written all in capitals (a shouted FAQ heading, a patient with caps lock on) is read in
lower case by the featurizers too: capitals say nothing about the topic, and the word-shape
features would otherwise make it look unlike every example of its intent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

import bot.question_sentences
from bot.nlu.rule_component import RuleComponent
from bot.question_sentences import Span, focus_spans

TEXT_TOKENS = "text_tokens"
# Where the whole message waits while the featurizers read the question (not in the output).
FULL_TEXT = "painpath_full_text"
FULL_TOKENS = "painpath_full_text_tokens"
JOINER = " "


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class QuestionSentenceFocus(RuleComponent):
    """Narrows the text the featurizers read to the question sentence(s) of a long message."""

    @classmethod
    def required_components(cls) -> list[type]:
        return [Tokenizer]

    @classmethod
    def code_files(cls) -> Iterable[Path]:
        """The sentence rules retrain too."""
        return (Path(bot.question_sentences.__file__),)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Long training examples are read as patients' messages are: by their question."""
        for example in training_data.training_examples:
            if example.get(TEXT) and example.get(TEXT_TOKENS):
                focus(example)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            if message.get(TEXT) and message.get(TEXT_TOKENS):
                focus(message)
        return messages


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class FullMessageRestore(RuleComponent):
    """Puts the whole message back after the intent is chosen (before the safety rules)."""

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            restore(message)
        return messages


def focus(message: Message) -> None:
    """Keep the whole text aside and leave only the question sentence(s) in TEXT and tokens,
    in lower case when the message is shouted."""
    text = message.get(TEXT)
    spans = focus_spans(text)
    shouted = is_shouted(text)
    if spans is None and not shouted:
        return
    tokens = message.get(TEXT_TOKENS)
    message.set(FULL_TEXT, text)
    message.set(FULL_TOKENS, tokens)
    if spans is not None:
        tokens = _tokens_within(tokens, spans)
        entities = message.get(ENTITIES)
        if entities:
            message.set(ENTITIES, procedures_by_question_first(entities, spans), add_to_output=True)
    if shouted:
        tokens = [_moved(token, 0, str.lower) for token in tokens]
    message.set(TEXT, _read_as(text, spans, shouted))
    message.set(TEXT_TOKENS, tokens)


def question_text(text: str) -> str:
    """The text the featurizers read of a message (what `focus` leaves in TEXT): for the
    components that embed texts outside the pipeline, such as the nearest-example question bank."""
    return _read_as(text, focus_spans(text), is_shouted(text))


def _read_as(text: str, spans: list[Span] | None, shouted: bool) -> str:
    if spans is not None:
        text = JOINER.join(text[start:end] for start, end in spans)
    return text.lower() if shouted else text


def is_shouted(text: str) -> bool:
    """All in capitals, with at least three words of letters (not just "RFA?" or "OK")."""
    words = [word for word in text.split() if any(ch.isalpha() for ch in word)]
    return len(words) >= 3 and text == text.upper() and text != text.lower()


def restore(message: Message) -> None:
    """Undo `focus`: the whole text and its tokens, as the patient wrote them."""
    full_text = message.get(FULL_TEXT)
    if full_text is None:
        return
    message.set(TEXT, full_text)
    message.set(TEXT_TOKENS, message.get(FULL_TOKENS))
    message.data.pop(FULL_TEXT, None)
    message.data.pop(FULL_TOKENS, None)


def procedures_by_question_first(entities: list[dict], spans: list[Span]) -> list[dict]:
    """Procedure entities inside the question first, then those before it (nearest first), then
    those after; other entities keep their place after them. Offsets stay the full text's."""
    procedures = [e for e in entities if e.get("entity") == "procedure"]
    others = [e for e in entities if e.get("entity") != "procedure"]
    first_start = spans[0][0]

    def rank(entity: dict) -> tuple[int, int]:
        start = int(entity.get("start", 0))
        if any(a <= start < b for a, b in spans):
            return (0, start)
        if start < first_start:
            return (1, first_start - start)
        return (2, start)

    return sorted(procedures, key=rank) + others


def _tokens_within(tokens: list[Token], spans: list[Span]) -> list[Token]:
    """The tokens inside the spans, with offsets moved to the joined text."""
    kept: list[Token] = []
    shift_to = 0
    for start, end in spans:
        for token in tokens:
            if start <= token.start and token.end <= end:
                kept.append(_moved(token, shift_to - start))
        shift_to += (end - start) + len(JOINER)
    return kept


def _moved(token: Token, offset: int, case: Callable[[str], str] = str) -> Token:
    """A copy of the token shifted by `offset` characters, its text (and lemma) through `case`."""
    return Token(
        case(token.text),
        token.start + offset,
        token.end + offset,
        data=dict(token.data),
        lemma=case(token.lemma) if token.lemma else None,
    )
