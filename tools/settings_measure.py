"""How a trained pipeline does on the labelled sets it may be tuned on (never the blind sets): the
held-out set, the real-question DEV set, the conversation turns and the red-flag dev look-alikes.
Shared by the settings tools (tools/nearest_example_settings.py and
tools/sentence_vector_settings.py)."""

from __future__ import annotations

from rasa.core.agent import Agent

from bot.nlu.red_flag_detector import is_red_flag_intent
from bot.real_questions.questions import DEV_FILE, Prediction, load_questions, procedures_in
from bot.real_questions.scoring import judge
from bot.terms import ProcedureTerms
from tools.fallback_threshold import labelled_sets

LOOKALIKES = "red-flag look-alikes (dev)"
DEV = "real questions (dev)"


async def measure(agent: Agent) -> dict[str, str]:
    """One line per set: right / not sure / wrong (look-alikes: how many got a red flag)."""
    questions = {q.text: q for q in load_questions(DEV_FILE)}
    parent_of = ProcedureTerms.load().parent
    lines = {}
    for name, items in labelled_sets().items():
        parses = [(text, await agent.parse_message(text), gold) for text, gold in items]
        intents = [parse["intent"]["name"] for _, parse, _ in parses]
        if name == LOOKALIKES:
            lines[name] = f"red flag {sum(is_red_flag_intent(i) for i in intents)} of {len(items)}"
            continue
        unsure = sum(intent == "nlu_fallback" for intent in intents)
        if name == DEV:
            right = sum(
                judge(questions[text], prediction_of(parse), parent_of).right
                for text, parse, _ in parses
            )
        else:
            right = sum(
                intent in gold for intent, (_, _, gold) in zip(intents, parses, strict=True)
            )
        lines[name] = f"right {right}, not sure {unsure}, wrong {len(items) - right - unsure}"
    return lines


def prediction_of(parse: dict) -> Prediction:
    intent = parse.get("intent") or {}
    return Prediction(
        intent.get("name"), float(intent.get("confidence") or 0.0), procedures_in(parse)
    )
