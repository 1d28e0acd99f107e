"""RedFlagDetector in the NLU graph: rules override the model, look-alikes undo a model red flag."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.red_flag_detector import RedFlagDetector, resolve_rules_file
from bot.safety import DEFAULT_RULES_FILE, RedFlagRulesError


def build(tmp_path: Path, config: dict[str, Any] | None = None) -> RedFlagDetector:
    return RedFlagDetector.create(
        {**RedFlagDetector.get_default_config(), **(config or {})},
        LocalModelStorage(tmp_path),
        Resource("red_flag_detector"),
        ExecutionContext(GraphSchema({})),
    )


@pytest.fixture(scope="module")
def detector(tmp_path_factory: pytest.TempPathFactory) -> RedFlagDetector:
    return build(tmp_path_factory.mktemp("storage"))


def message(text: str, *ranking: tuple[str, float]) -> Message:
    ranked = [{"name": name, "confidence": confidence} for name, confidence in ranking]
    data: dict[str, Any] = {TEXT: text, INTENT: ranked[0] if ranked else {}, ENTITIES: []}
    if ranked:
        data[INTENT_RANKING_KEY] = ranked
    return Message(data=data)


def intent_of(detector: RedFlagDetector, msg: Message) -> str:
    return detector.process([msg])[0].get(INTENT)["name"]


def test_emergency_overrides_the_model_and_adds_the_category_entity(
    detector: RedFlagDetector,
) -> None:
    msg = message("after my epidural I cant feel my legs", ("ask_recovery", 0.91), ("greet", 0.05))
    [result] = detector.process([msg])
    assert result.get(INTENT) == {"name": "red_flag_emergency", "confidence": 1.0}
    assert [entry["name"] for entry in result.get(INTENT_RANKING_KEY)] == [
        "red_flag_emergency",
        "ask_recovery",
        "greet",
    ]
    [entity] = [e for e in result.get(ENTITIES) if e["entity"] == "red_flag_category"]
    assert entity["value"] == "emergency"
    assert entity["extractor"] == "RedFlagDetector"
    assert result.get(TEXT)[entity["start"] : entity["end"]] == "cant feel my legs"
    [rule] = [e for e in result.get(ENTITIES) if e["entity"] == "red_flag_rule"]
    assert rule["value"] == "leg_weakness_or_numbness"


def test_other_entities_are_kept(detector: RedFlagDetector) -> None:
    msg = message("I want to kill myself", ("ask_what_is", 0.5))
    msg.set(ENTITIES, [{"entity": "procedure", "value": "nerve_block", "start": 0, "end": 1}])
    [result] = detector.process([msg])
    assert [e["entity"] for e in result.get(ENTITIES)] == [
        "procedure",
        "red_flag_category",
        "red_flag_rule",
        "safety_mention",
    ]
    assert result.get(INTENT)["name"] == "red_flag_crisis"


def test_red_flag_wins_over_nlu_fallback(detector: RedFlagDetector) -> None:
    msg = message("my shot site has pus", ("nlu_fallback", 0.45), ("ask_risks", 0.3))
    assert intent_of(detector, msg) == "red_flag_urgent"


def test_rules_category_replaces_a_different_model_red_flag(detector: RedFlagDetector) -> None:
    msg = message("I have no reason to live", ("red_flag_urgent", 0.7), ("greet", 0.1))
    [result] = detector.process([msg])
    assert result.get(INTENT)["name"] == "red_flag_crisis"
    names = [entry["name"] for entry in result.get(INTENT_RANKING_KEY)]
    assert names.count("red_flag_crisis") == 1


def test_the_model_may_raise_a_rules_category_but_the_rule_is_kept(
    detector: RedFlagDetector,
) -> None:
    msg = message("my shot site has pus and i feel awful", ("red_flag_emergency", 0.8))
    [result] = detector.process([msg])
    assert result.get(INTENT)["name"] == "red_flag_emergency"
    [rule] = [e for e in result.get(ENTITIES) if e["entity"] == "red_flag_rule"]
    assert rule["value"] == "site_infection"


def test_the_model_never_turns_a_body_red_flag_into_a_crisis(detector: RedFlagDetector) -> None:
    """988 would not send a fever after an epidural to the emergency room."""
    msg = message(
        "sister has had a fever since her epidural, is that possible or are we overthinking",
        ("red_flag_crisis", 0.9),
    )
    assert intent_of(detector, msg) == "red_flag_emergency"


def test_the_model_may_make_a_body_red_flag_a_crisis_when_the_words_speak_of_distress(
    detector: RedFlagDetector,
) -> None:
    """988 (and 911 for danger) for an overdose told with despair; the naloxone step stays."""
    msg = message("im desperate, i took way too many of my oxy pills", ("red_flag_crisis", 0.9))
    [result] = detector.process([msg])
    assert result.get(INTENT)["name"] == "red_flag_crisis"
    [rule] = [e for e in result.get(ENTITIES) if e["entity"] == "red_flag_rule"]
    assert rule["value"] == "overdose"


@pytest.mark.parametrize("model_intent", ["red_flag_check_in", "ask_risks", "nlu_fallback"])
def test_only_a_more_serious_red_flag_raises_the_rules_category(
    detector: RedFlagDetector, model_intent: str
) -> None:
    msg = message("my shot site has pus", (model_intent, 0.8))
    assert intent_of(detector, msg) == "red_flag_urgent"


@pytest.mark.parametrize(
    "text",
    [
        "this pain is killing me",
        "I don't have a fever or stiff neck",
        "my foot feels warm after the lumbar sympathetic block",
    ],
)
def test_look_alike_downgrades_a_model_red_flag_to_the_best_other_intent(
    detector: RedFlagDetector, text: str
) -> None:
    msg = message(
        text, ("red_flag_crisis", 0.8), ("red_flag_emergency", 0.1), ("ask_recovery", 0.06)
    )
    [result] = detector.process([msg])
    assert result.get(INTENT) == {"name": "ask_recovery", "confidence": 0.06}
    assert result.get(INTENT_RANKING_KEY)[0]["name"] == "ask_recovery"
    assert not [e for e in result.get(ENTITIES) if e["entity"].startswith("red_flag")]


def test_look_alike_with_only_red_flags_in_ranking_falls_back(detector: RedFlagDetector) -> None:
    msg = message("this pain is killing me", ("red_flag_crisis", 0.9))
    assert intent_of(detector, msg) == "nlu_fallback"


def test_model_red_flag_is_kept_when_the_rules_see_nothing(detector: RedFlagDetector) -> None:
    msg = message("something feels very wrong with me", ("red_flag_urgent", 0.88), ("greet", 0.1))
    [result] = detector.process([msg])
    assert result.get(INTENT) == {"name": "red_flag_urgent", "confidence": 0.88}
    assert not result.get(ENTITIES)


def test_ordinary_message_is_left_alone(detector: RedFlagDetector) -> None:
    msg = message("what is a nerve block?", ("ask_what_is", 0.97), ("ask_risks", 0.02))
    [result] = detector.process([msg])
    assert result.get(INTENT) == {"name": "ask_what_is", "confidence": 0.97}
    assert len(result.get(INTENT_RANKING_KEY)) == 2


def test_message_without_text_or_intent_does_not_break(detector: RedFlagDetector) -> None:
    [result] = detector.process([Message(data={})])
    assert result.get(INTENT) is None
    [flagged] = detector.process([Message(data={TEXT: "I can't breathe"})])
    assert flagged.get(INTENT)["name"] == "red_flag_emergency"


def test_training_data_passes_through(detector: RedFlagDetector) -> None:
    data = TrainingData([Message(data={TEXT: "hi", INTENT: "greet"})])
    assert detector.process_training_data(data) is data


def test_editing_the_rules_file_changes_the_fingerprint(tmp_path: Path) -> None:
    rules = tmp_path / "red_flags.yml"
    rules.write_bytes(DEFAULT_RULES_FILE.read_bytes())
    config = {"rules_file": str(rules)}
    before = RedFlagDetector.fingerprint_addon(config)
    assert before == RedFlagDetector.fingerprint_addon(config)
    rules.write_text(rules.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert RedFlagDetector.fingerprint_addon(config) != before


def test_configured_rules_file_is_used_and_relative_paths_start_at_the_repo(tmp_path: Path) -> None:
    assert resolve_rules_file({}) == DEFAULT_RULES_FILE
    custom = tmp_path / "rules.yml"
    custom.write_text(
        DEFAULT_RULES_FILE.read_text(encoding="utf-8").replace(
            "'chills|shivers|rigors'", "'chills|shivers|rigors|brrr'"
        ),
        encoding="utf-8",
    )
    detector = build(tmp_path, {"rules_file": str(custom)})
    assert intent_of(detector, message("brrr", ("greet", 0.9))) == "red_flag_urgent"


def test_missing_rules_file_stops_training_with_a_clear_error(tmp_path: Path) -> None:
    missing = {"rules_file": str(tmp_path / "missing.yml")}
    with pytest.raises(RedFlagRulesError, match="missing.yml"):
        RedFlagDetector.fingerprint_addon(missing)
    with pytest.raises(RedFlagRulesError, match="missing.yml"):
        build(tmp_path, missing)


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("my leg feels funny after the shot", ["symptom"]),
        ("I feel so hopeless about all this", ["distress"]),
        ("I can't cope and my back is burning", ["distress", "symptom"]),
        ("how much is parking", []),
    ],
)
def test_mentions_of_symptoms_or_distress_are_marked_for_the_actions(
    detector: RedFlagDetector, text: str, kinds: list[str]
) -> None:
    [result] = detector.process([message(text, ("nlu_fallback", 0.4))])
    marked = [e["value"] for e in result.get(ENTITIES) if e["entity"] == "safety_mention"]
    assert marked == kinds


def test_another_component_can_add_the_same_mark_once(detector: RedFlagDetector) -> None:
    from bot.nlu.red_flag_detector import mark_safety_mention

    [result] = detector.process([message("my leg feels funny after the shot")])
    mark_safety_mention(result, "symptom", "SemanticSafetyNet")
    mark_safety_mention(result, "distress", "SemanticSafetyNet")
    marked = [e["value"] for e in result.get(ENTITIES) if e["entity"] == "safety_mention"]
    assert marked == ["symptom", "distress"]


def test_other_categories_the_rules_found_follow_the_reply_category(
    detector: RedFlagDetector,
) -> None:
    """The actions read the first category as the reply and the rest as lines to add."""
    msg = message("my legs went numb after the shot and i feel hopeless", ("ask_recovery", 0.6))
    [result] = detector.process([msg])
    categories = [e["value"] for e in result.get(ENTITIES) if e["entity"] == "red_flag_category"]
    assert result.get(INTENT)["name"] == "red_flag_crisis"
    assert categories == ["crisis", "emergency"]
