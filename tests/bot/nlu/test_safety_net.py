"""The semantic safety net as a Rasa component: behind the rules, never above them.

The routing tests use a stand-in encoder with hand-made vectors; the last tests load the real
MiniLM encoder and the shipped exemplars and check messages from the dev red-flag set
(tests/safety/real_red_flags_dev.yml), never from the blind one."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.red_flag_detector import EXTRACTOR_NAME as RULES
from bot.nlu.safety_net import SafetyNet
from bot.nlu.sentence_encoder import SentenceEncoder
from bot.safety.marks import RED_FLAG_CATEGORY_ENTITY, SAFETY_MENTION_ENTITY, SAFETY_NET_ENTITY
from bot.safety.semantic_net import ExemplarBank

KINDS = ("crisis", "emergency", "urgent", "lookalike")
# The stand-in encoder's vocabulary: each text points along one kind's axis (or between two).
TEXTS = {
    "i want to die": {"crisis": 1.0},
    "i feel a bit low": {"crisis": 0.45, "lookalike": 0.4, "urgent": 0.8},
    "my legs went numb": {"emergency": 1.0},
    "my wound is red": {"urgent": 1.0},
    "my wound is red and my legs went numb": {"emergency": 0.9, "urgent": 0.9},
    "when can i drive": {"lookalike": 1.0},
}


def vector(weights: dict[str, float]) -> np.ndarray:
    row = np.array([weights.get(kind, 0.0) for kind in KINDS], dtype=np.float32)
    return row / np.linalg.norm(row)


class StandInEncoder:
    def embed(self, texts: Sequence[str]) -> np.ndarray:
        return np.vstack([vector(TEXTS[text]) for text in texts])


def net(config: dict | None = None) -> SafetyNet:
    bank = ExemplarBank(
        np.vstack([vector({kind: 1.0}) for kind in KINDS]),
        np.array(KINDS),
        tuple(f"{kind} example" for kind in KINDS),
    )
    merged = {**SafetyNet.get_default_config(), **(config or {})}
    return SafetyNet(merged, None, Resource("net"), StandInEncoder(), bank)


def message(text: str, intent: str = "ask_risks", rule: str | None = None) -> Message:
    entities = []
    if rule:
        entities.append({"entity": RED_FLAG_CATEGORY_ENTITY, "value": rule, "extractor": RULES})
    return Message(
        data={TEXT: text, INTENT: {"name": intent, "confidence": 0.9}, ENTITIES: entities}
    )


def routed(found: Message) -> tuple[str, list[str]]:
    net_kinds = [e["value"] for e in found.get(ENTITIES) if e["entity"] == SAFETY_NET_ENTITY]
    return found.get(INTENT)["name"], net_kinds


def test_close_to_an_emergency_the_rules_missed_gets_the_check_in_first() -> None:
    found = net().process([message("my legs went numb")])[0]
    assert routed(found) == ("red_flag_check_in", ["emergency"])
    assert found.get("intent_ranking")[0]["name"] == "red_flag_check_in"


def test_close_to_a_crisis_gets_the_988_reply_itself() -> None:
    assert routed(net().process([message("i want to die")])[0]) == ("red_flag_crisis", ["crisis"])


def test_an_ordinary_question_keeps_its_answer() -> None:
    found = net().process([message("when can i drive")])[0]
    assert routed(found) == ("ask_risks", [])


def test_a_rules_emergency_is_never_touched() -> None:
    found = net().process([message("i want to die", "red_flag_emergency", rule="emergency")])[0]
    assert routed(found) == ("red_flag_emergency", [])


def test_a_rules_urgent_that_is_close_to_an_emergency_gets_the_check_in_naming_911() -> None:
    found = net().process([message("my legs went numb", "red_flag_urgent", rule="urgent")])[0]
    assert routed(found) == ("red_flag_check_in", ["emergency"])


def test_a_rules_urgent_close_to_urgent_keeps_the_urgent_reply() -> None:
    found = net().process([message("my wound is red", "red_flag_urgent", rule="urgent")])[0]
    assert routed(found) == ("red_flag_urgent", [])


def test_the_models_own_red_flag_reply_of_the_same_kind_stays() -> None:
    found = net().process([message("my wound is red", "red_flag_urgent")])[0]
    assert routed(found) == ("red_flag_urgent", ["urgent"])


def test_below_the_bar_only_a_safety_mention_is_marked() -> None:
    quiet = net({"thresholds": {"crisis": 0.9, "emergency": 0.9, "urgent": 0.9}})
    found = quiet.process([message("i feel a bit low")])[0]
    mentions = [e["value"] for e in found.get(ENTITIES) if e["entity"] == SAFETY_MENTION_ENTITY]
    assert routed(found) == ("ask_risks", []) and mentions


def test_an_empty_message_is_left_alone() -> None:
    found = net().process([message("")])[0]
    assert routed(found) == ("ask_risks", [])


@pytest.mark.parametrize("bad", [{"max_sentences": 0}, {"thresholds": {"crisis": 2}}])
def test_a_bad_setting_stops_training_with_its_name(bad) -> None:
    with pytest.raises(InvalidConfigException):
        SafetyNet.validate_config({**SafetyNet.get_default_config(), **bad})


# --- the real encoder and the shipped exemplars -----------------------------------------------

# From tests/safety/real_red_flags_dev.yml: red flags the rules miss, and look-alikes.
DEV_RED_FLAGS = {
    "This is it. I'm done. No one cares about me anyway.": "crisis",
    "ill soon be at peace, dont worry about me": "crisis",
    "sugar was 286 tonight after my cortisone shot, what do i eat to bring it down": "urgent",
}
DEV_LOOKALIKES = (
    "could murder a burger, when can i eat after the block",
    "Is the old 1-800-273-8255 number still working or is it only 988 now?",
    "My feet are killing me after all the walking physical therapy has me doing. "
    "Is that ok with the stimulator trial?",
)


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> SafetyNet:
    storage = LocalModelStorage(tmp_path_factory.mktemp("storage"))
    component = SafetyNet.create(
        SafetyNet.get_default_config(),
        storage,
        Resource("safety_net"),
        ExecutionContext(GraphSchema({}), node_name="safety_net"),
    )
    component.train(TrainingData([]))
    return component


def test_real_encoder_catches_dev_red_flags_the_rules_miss(trained: SafetyNet) -> None:
    found = {text: trained.assess(text).kind for text in DEV_RED_FLAGS}
    assert found == DEV_RED_FLAGS


def test_real_encoder_leaves_dev_look_alikes_alone(trained: SafetyNet) -> None:
    assert [trained.assess(text).kind for text in DEV_LOOKALIKES] == [None] * len(DEV_LOOKALIKES)


def test_a_question_about_which_conditions_the_clinic_sees_is_not_escalated(
    trained: SafetyNet,
) -> None:
    # "do you treat cancer" once got the crisis check-in: nearest to "I wish I had cancer so it
    # would finally end" (0.50). The look-alike group which_conditions_the_clinic_sees holds it.
    questions = ("do you treat cancer", "do u treat cancer patients", "do you treat migraines")
    assert [trained.assess(text).kind for text in questions] == [None] * len(questions)


def test_a_goodbye_gets_no_safety_mention_but_a_missed_red_flag_keeps_it(
    tmp_path: Path,
) -> None:
    # "bye" sits near goodbye letters (crisis exemplars), far nearer to any goodbye: no 988 line.
    net = SafetyNet.create(
        SafetyNet.get_default_config(),
        LocalModelStorage(tmp_path),
        Resource("safety_net"),
        ExecutionContext(GraphSchema({}), node_name="safety_net"),
    )
    goodbyes = ("bye", "goodbye", "bye for now", "see you later", "ok bye thanks")
    net.train(TrainingData([Message(data={TEXT: t, INTENT: "goodbye"}) for t in goodbyes]))
    assert net.assess("bye now, take care").mention is None
    # a dev red flag (numbing-medicine toxicity) that no rule and no threshold catches keeps it
    lidocaine = (
        "I've had tinnitus for years but since they used lidocaine on me the ringing volume has "
        "gone up more than usual. Could the lidocaine be the cause?"
    )
    assert net.assess(lidocaine).mention == "symptom"


def test_the_trained_bank_loads_back_from_the_model(trained: SafetyNet) -> None:
    loaded = SafetyNet.load(
        SafetyNet.get_default_config(),
        trained._model_storage,
        Resource("safety_net"),
        ExecutionContext(GraphSchema({}), node_name="safety_net"),
    )
    assert loaded.bank.texts == trained.bank.texts
    text = next(iter(DEV_RED_FLAGS))
    assert loaded.assess(text).kind == trained.assess(text).kind


def test_editing_the_exemplars_changes_the_fingerprint(tmp_path: Path) -> None:
    source = SafetyNet.exemplars_file(SafetyNet.get_default_config())
    copy = tmp_path / "exemplars.yml"
    copy.write_text(source.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert SafetyNet.fingerprint_addon(
        {"exemplars_file": str(copy)}
    ) != SafetyNet.fingerprint_addon({})


def test_the_encoder_is_shared_with_the_featurizer(trained: SafetyNet) -> None:
    assert trained._encoder is SentenceEncoder.shared()
