"""Rasa NLU component: a bare question about a named procedure gets its intent without the model.

- A message that names a procedure and says nothing else but follow-up words ("what about",
  "and the", "same question for", "then") asks the last question again about that procedure:
  `inform_procedure`.
- A message that names a procedure after "what is" and nothing else ("whats an epidurl",
  "what's a medial branch block?") asks what it is: `ask_what_is`. Misspelt names are the
  tagger's to read; DIET sees an unknown word and is unsure.

The procedure tagger has found the name deterministically, so the intent need not wait for the
model's confidence: DIET spreads such short messages over the topics it was last asked about and
the fallback threshold turned them into "Did you mean". Runs after DIET and before the
FallbackClassifier; any other word (a topic, a symptom) leaves the message to the model.
"""

from __future__ import annotations

import re

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.intent_choice import choose_intent
from bot.nlu.procedure_tagger import ENTITY_NAME
from bot.nlu.question_focus import FULL_TEXT
from bot.nlu.rule_component import RuleComponent

FOLLOW_UP_INTENT = "inform_procedure"
WHAT_IS_INTENT = "ask_what_is"
# Words that carry no topic of their own in a follow-up; anything else leaves it to the model.
_FOLLOW_UP_WORD_LIST = (
    "what about how and the a an for then ok okay so same question now also too "
    "one ones please pls hmm um well but or abt"
)
FOLLOW_UP_WORDS = frozenset(_FOLLOW_UP_WORD_LIST.split())
# "what is" as patients type it, then only an article before the name.
WHAT_WORDS = frozenset(["what", "whats", "what's", "wat", "wats", "wut"])
WHAT_IS_WORDS = WHAT_WORDS | frozenset(["is", "are", "s", "a", "an", "the", "exactly"])
WORD = re.compile(r"[a-z']+")


def words_around_procedures(text: str, entities: list[dict]) -> list[str] | None:
    """The message's words with the procedure names taken out; None when it names none."""
    spans = [
        (int(e["start"]), int(e["end"]))
        for e in entities
        if e.get("entity") == ENTITY_NAME and "start" in e and "end" in e
    ]
    if not spans:
        return None
    rest = list(text)
    for start, end in spans:
        rest[start:end] = " " * (end - start)
    return WORD.findall("".join(rest).lower().replace("\u2019", "'"))


def is_bare_follow_up(text: str, entities: list[dict]) -> bool:
    """True when the text names a procedure and, apart from the names, only follow-up words."""
    words = words_around_procedures(text, entities)
    return words is not None and all(word in FOLLOW_UP_WORDS for word in words)


def is_bare_what_is(text: str, entities: list[dict]) -> bool:
    """True for "what is <procedure>" and nothing more, however "what is" is typed."""
    words = words_around_procedures(text, entities)
    return bool(words) and words[0] in WHAT_WORDS and all(word in WHAT_IS_WORDS for word in words)


def bare_question_intent(text: str, entities: list[dict]) -> str | None:
    """The intent of a bare question about a named procedure, or None for the model to decide."""
    if is_bare_follow_up(text, entities):
        return FOLLOW_UP_INTENT
    if is_bare_what_is(text, entities):
        return WHAT_IS_INTENT
    return None


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class ProcedureFollowUp(RuleComponent, IntentClassifier):
    """Sets the intent of a bare follow-up or what-is question, above every model guess."""

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            # The tagger's offsets are the whole message's (the question focus may have cut it).
            text = message.get(FULL_TEXT) or message.get(TEXT) or ""
            intent = bare_question_intent(text, message.get(ENTITIES) or [])
            if intent:
                choose_intent(message, intent, 1.0)
        return messages
