""" "Is this normal?" after a procedure: the expected effect, how long it lasts, when to call.

The effects and their answers are data (content/expected_effects.yml). A named effect is answered
for the procedure in context; an effect that is not expected after that procedure gets an honest
"call the clinic"; with no effect named, the procedure's common effects are offered as choices.
Every answer ends with the clinic's numbers. Red-flag symptoms never reach this action: the
red-flag rules run first on every message, and the expected effects are look-alikes there.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base_actions import EducationAction, Events
from actions.buttons import button
from actions.clinic_replies import contact_values
from actions.procedure_context import procedure_in_context
from actions.resources import expected_effects, procedure_terms, topics
from actions.safety_lines import add_safety_line, say_cannot_answer
from bot.knowledge.expected_effects import EffectAnswer, ExpectedEffect
from bot.safety.marks import SYMPTOM

TOPIC = "is_normal"
INTENT = "ask_is_normal"
EFFECT_ENTITY = "after_effect"
MAX_EFFECTS_ANSWERED = 2


def named_effects(tracker: Tracker) -> list[ExpectedEffect]:
    """Effects picked with a button (entity `after_effect`) or named in the message."""
    effects = expected_effects()
    picked = [
        effects.effect(e.get("value"))
        for e in tracker.latest_message.get("entities", [])
        if e.get("entity") == EFFECT_ENTITY
    ]
    chosen = [effect for effect in picked if effect is not None]
    return chosen or effects.named_in(tracker.latest_message.get("text") or "")


async def answer_after_effects(
    dispatcher: CollectingDispatcher, tracker: Tracker, clinic: Any, procedure_id: str | None
) -> Events:
    """Answer "is this normal?" for the procedure (None: not known yet)."""
    named = named_effects(tracker)
    if procedure_id is None:
        return _answer_without_procedure(dispatcher, tracker, clinic, named)
    effects = expected_effects()
    found = [(e, a) for e in named if (a := effects.answer(e, procedure_id)) is not None]
    if found:
        _say_answers(dispatcher, tracker, clinic, found)
    elif named:
        say_cannot_answer(
            dispatcher,
            tracker,
            clinic,
            "utter_effect_not_expected",
            effect=named[0].label,
            procedure_name=procedure_terms().short_name(procedure_id),
        )
    else:
        _offer_common_effects(dispatcher, tracker, clinic, procedure_id)
    return [
        SlotSet("procedure", procedure_id),
        SlotSet("topic", TOPIC),
        SlotSet("subject", procedure_id),
    ]


def _answer_without_procedure(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    clinic: Any,
    named: list[ExpectedEffect],
) -> Events:
    """With no procedure known: the general answer where the effect has one; the one procedure an
    effect follows (a warm foot: the lumbar sympathetic block, named in the answer); else ask."""
    effects = expected_effects()
    found = [(e, a) for e in named if (a := effects.answer(e, None)) is not None]
    if not found:
        for effect in named:
            only = effects.only_procedure(effect)
            answer = effects.answer(effect, only) if only else None
            if answer is not None:
                found.append((effect, answer))
    if found:
        _say_answers(dispatcher, tracker, clinic, found)
    else:
        about = {EFFECT_ENTITY: named[0].id} if named else {}
        terms = procedure_terms()
        buttons = [
            button(terms.short_name(pid).capitalize(), INTENT, procedure=pid, **about)
            for pid in terms.ids
            if terms.parent(pid) is None
        ]
        dispatcher.utter_message(response="utter_ask_which_procedure", buttons=buttons)
        add_safety_line(dispatcher, tracker, clinic)
    return [SlotSet("topic", TOPIC)]


def _say_answers(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    clinic: Any,
    found: list[tuple[ExpectedEffect, EffectAnswer]],
) -> None:
    for _, answer in found[:MAX_EFFECTS_ANSWERED]:
        dispatcher.utter_message(text=answer.text)
    dispatcher.utter_message(response="utter_call_clinic_after_signs", **contact_values(clinic))
    # The answers name the warning signs and 911; distress still gets its own 988 line.
    add_safety_line(dispatcher, tracker, clinic, already_said=(SYMPTOM,))


def _offer_common_effects(
    dispatcher: CollectingDispatcher, tracker: Tracker, clinic: Any, procedure_id: str
) -> None:
    common = expected_effects().follow(procedure_id)
    name = procedure_terms().short_name(procedure_id)
    if not common:
        say_cannot_answer(dispatcher, tracker, clinic, "utter_no_topic_answer", procedure_name=name)
        return
    catalog = topics()
    buttons = [
        button(
            effect.label[:1].upper() + effect.label[1:],
            INTENT,
            procedure=procedure_id,
            **{EFFECT_ENTITY: effect.id},
        )
        for effect in common
    ]
    buttons.append(
        button(
            catalog.procedure_topic_label("warning_signs"),
            catalog.procedure_topic_intent("warning_signs"),
            procedure=procedure_id,
        )
    )
    dispatcher.utter_message(
        response="utter_expected_effects",
        procedure_name=name,
        effects="; ".join(effect.label for effect in common),
        buttons=buttons,
    )
    dispatcher.utter_message(response="utter_call_clinic_after_signs", **contact_values(clinic))
    add_safety_line(dispatcher, tracker, clinic)


class ActionAnswerIsNormal(EducationAction):
    """ "Is this normal after my shot?": the expected effect, for the procedure in context."""

    def name(self) -> str:
        return "action_answer_is_normal"

    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, clinic: Any
    ) -> Events:
        return await answer_after_effects(
            dispatcher, tracker, clinic, procedure_in_context(tracker)
        )
