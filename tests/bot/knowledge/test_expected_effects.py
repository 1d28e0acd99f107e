"""content/expected_effects.yml: every effect is found in patients' words, answered for the right
procedure, and never escalated to 911 by the real red-flag rules."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from expected_effect_phrasings import CASES

from bot.knowledge import DEFAULT_CONTENT_ROOT, KnowledgeError
from bot.knowledge.expected_effects import DEFAULT_EFFECTS_FILE, ExpectedEffects
from bot.safety import RedFlagChecker

PHRASINGS = [(effect, pid, text) for effect, cases in CASES.items() for pid, text in cases]


@pytest.fixture(scope="module")
def effects() -> ExpectedEffects:
    return ExpectedEffects.load()


@pytest.fixture(scope="module")
def checker() -> RedFlagChecker:
    return RedFlagChecker.from_file()


def test_every_effect_the_brief_names_is_there(effects: ExpectedEffects) -> None:
    ids = {effect.id for effect in effects.effects}
    assert ids >= {
        "needle_site_soreness",
        "pain_flare",
        "flushed_face",
        "steroid_sleep_mood",
        "steroid_blood_sugar",
        "warm_leg",
        "numb_heavy_limb",
        "numbing_wears_off",
        "block_diary",
        "stellate_eye_face",
        "stellate_throat_voice",
        "sunburn_feeling",
        "incision_soreness",
    }
    assert set(CASES) == ids, "every effect needs phrasings in expected_effect_phrasings.py"


@pytest.mark.parametrize(("effect_id", "procedure_id", "text"), PHRASINGS)
def test_patients_words_name_the_effect_and_it_is_answered_for_their_procedure(
    effects: ExpectedEffects, effect_id: str, procedure_id: str, text: str
) -> None:
    named = [effect.id for effect in effects.named_in(text)]
    assert effect_id in named, f"{text!r} names {named}"
    effect = effects.effect(effect_id)
    assert effects.answer(effect, procedure_id) is not None


@pytest.mark.parametrize(("effect_id", "procedure_id", "text"), PHRASINGS)
def test_no_expected_effect_gets_a_red_flag_reply(
    checker: RedFlagChecker, effect_id: str, procedure_id: str, text: str
) -> None:
    result = checker.check(text)
    assert result.category is None, f"{text!r} -> {result.category} ({result.rule})"


def test_a_child_procedure_takes_its_parents_answer(effects: ExpectedEffects) -> None:
    flare = effects.effect("pain_flare")
    assert effects.answer(flare, "transforaminal_esi") is effects.answer(
        flare, "epidural_steroid_injection"
    )
    wears_off = effects.effect("numbing_wears_off")
    mbb = effects.answer(wears_off, "medial_branch_block")
    assert mbb is not effects.answer(wears_off, "nerve_block") and "diary" in mbb.text


def test_an_effect_not_expected_after_a_procedure_has_no_answer_there(
    effects: ExpectedEffects,
) -> None:
    assert effects.answer(effects.effect("warm_leg"), "epidural_steroid_injection") is None
    assert effects.answer(effects.effect("needle_site_soreness"), "scs_implant") is None
    assert effects.only_procedure(effects.effect("warm_leg")) == "lumbar_sympathetic_block"
    assert effects.only_procedure(effects.effect("pain_flare")) is None


def test_with_no_procedure_only_general_answers_count(effects: ExpectedEffects) -> None:
    assert effects.answer(effects.effect("flushed_face"), None).general
    assert effects.answer(effects.effect("sunburn_feeling"), None) is None


def test_each_procedure_has_its_own_list_of_common_effects(effects: ExpectedEffects) -> None:
    ids = {
        pid: [e.id for e in effects.follow(pid)] for pid in ("scs_trial", "stellate_ganglion_block")
    }
    assert ids["scs_trial"] == ["incision_soreness"]
    assert "stellate_eye_face" in ids["stellate_ganglion_block"]
    assert "warm_leg" not in ids["stellate_ganglion_block"]


def test_every_answer_says_when_to_get_help(effects: ExpectedEffects) -> None:
    # "this is common ... call if ...": each answer names a warning sign and whom to call
    for effect, answer in effects.answers():
        text = answer.text.lower()
        assert "call" in text or "doctor" in text, f"{effect.id}: {answer.text}"


def test_the_diabetes_line_is_in_the_blood_sugar_answer(effects: ExpectedEffects) -> None:
    text = effects.answer(effects.effect("steroid_blood_sugar"), None).text
    assert "diabetes" in text and "about 2 days" in text and "911" in text


def _broken(tmp_path: Path, change) -> Path:
    data = yaml.safe_load(DEFAULT_EFFECTS_FILE.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "expected_effects.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d: d["effects"][0]["answers"][0].update({"for": ["knee_shot"]}), "answers[0].for"),
        (lambda d: d["effects"][0]["answers"][0].update({"sources": ["NOPE"]}), "sources"),
        (lambda d: d["effects"][0]["answers"][0].pop("review_due"), "review_due"),
        (lambda d: d["effects"][0].update({"words": ["sore ~2"]}), "words[0]"),
        (lambda d: d["effects"][1].update({"id": d["effects"][0]["id"]}), "effects[1].id"),
        (
            lambda d: d["effects"][1]["answers"].append(dict(d["effects"][1]["answers"][0])),
            "answers[3].for",
        ),
    ],
)
def test_a_mistake_in_the_file_names_the_field(tmp_path: Path, change, field: str) -> None:
    with pytest.raises(KnowledgeError) as caught:
        ExpectedEffects.load(_broken(tmp_path, change), DEFAULT_CONTENT_ROOT)
    assert field in caught.value.field
