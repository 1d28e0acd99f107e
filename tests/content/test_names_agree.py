"""The names PainPath's parts share agree: procedure ids, topics, intents, slots, actions and
red-flag kinds are written in content/, domain.yml, data/ and actions/, and a name that one
place renames and another does not is a question that quietly gets no answer."""

from __future__ import annotations

import ast

import pytest
import yaml
from rasa_sdk.executor import ActionExecutor

from actions.safety import FOLLOW_UP_RESPONSE, RED_FLAG_PREFIX
from bot.knowledge.models import PROCEDURE_KIND, allowed_topics
from bot.paths import REPO_ROOT
from bot.safety.rule_model import RED_FLAG_CATEGORIES


def read(relative: str) -> dict:
    return yaml.safe_load((REPO_ROOT / relative).read_text(encoding="utf-8"))


DOMAIN = read("domain.yml")
TOPICS = read("content/topics.yml")
INTENTS = {name if isinstance(name, str) else next(iter(name)) for name in DOMAIN["intents"]}
RESPONSES = set(DOMAIN["responses"])


def test_procedure_ids_in_terms_are_the_procedure_slot_values() -> None:
    ids = set(read("content/terms.yml")["procedures"])
    assert set(DOMAIN["slots"]["procedure"]["values"]) == ids


def test_every_intent_topics_yml_names_is_in_the_domain() -> None:
    named = {topic["intent"] for section in ("procedure_topics", "journey_subjects")
             for topic in TOPICS[section].values()}  # fmt: skip
    named |= set(TOPICS["intent_labels"])
    assert named - INTENTS == set()


def test_procedure_topics_are_the_topics_a_procedure_entry_may_have() -> None:
    assert set(TOPICS["procedure_topics"]) == set(allowed_topics(PROCEDURE_KIND))


def test_every_intent_trained_is_in_the_domain_and_every_domain_intent_is_trained() -> None:
    trained = set()
    for path in sorted((REPO_ROOT / "data" / "nlu").rglob("*.yml")):
        trained |= {item["intent"] for item in read(str(path.relative_to(REPO_ROOT)))["nlu"]
                    if "intent" in item}  # fmt: skip
    assert trained - INTENTS == set()
    # Red-flag intents come from the rule-based detector, not from the model.
    untrained = {i for i in INTENTS - trained if not i.startswith(RED_FLAG_PREFIX)}
    assert untrained <= {"other_language", "nlu_fallback"}, untrained


@pytest.fixture(scope="module")
def registered_actions() -> set[str]:
    executor = ActionExecutor()
    executor.register_package("actions")
    return set(executor.actions)


def test_every_custom_action_in_the_domain_is_registered_and_the_other_way(
    registered_actions: set[str],
) -> None:
    custom = {name for name in DOMAIN["actions"] if not name.startswith("utter_")}
    assert custom - registered_actions == set(), "in domain.yml but no action implements it"
    # action_session_start etc. override Rasa's defaults: domain.yml lists them too.
    assert registered_actions - custom == set(), "implemented but not in domain.yml"


def test_every_slot_an_action_sets_is_in_the_domain() -> None:
    set_slots = set()
    for path in sorted((REPO_ROOT / "actions").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", None)) == "SlotSet"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                set_slots.add(node.args[0].value)
    assert set_slots, "no SlotSet found: the check below would be empty"
    assert set_slots - set(DOMAIN["slots"]) == set()


def test_red_flag_kinds_agree_across_rules_domain_and_actions() -> None:
    kinds = set(RED_FLAG_CATEGORIES)
    assert set(read("content/safety/red_flags.yml")["red_flags"]) == kinds
    assert set(FOLLOW_UP_RESPONSE) == kinds
    assert {f"{RED_FLAG_PREFIX}{kind}" for kind in kinds} <= INTENTS
    assert {f"utter_{RED_FLAG_PREFIX}{kind}" for kind in kinds} <= RESPONSES
    assert set(FOLLOW_UP_RESPONSE.values()) <= RESPONSES
