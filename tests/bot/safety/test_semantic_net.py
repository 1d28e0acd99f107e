"""The semantic net's decision on hand-made unit vectors: thresholds, margins, precedence."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bot.safety import RedFlagRulesError
from bot.safety.exemplars import EXEMPLAR_KINDS, load_exemplars
from bot.safety.semantic_net import ExemplarBank, NetSettings, message_units

# Orthogonal directions: one per red-flag kind, one for ordinary messages, one for neither.
AXES = {"crisis": 0, "emergency": 1, "urgent": 2, "lookalike": 3, "elsewhere": 4}
BANK_KINDS = ("crisis", "emergency", "urgent", "lookalike")
CONFIG = {
    "thresholds": {"crisis": 0.5, "emergency": 0.6, "urgent": 0.7},
    "margins": {"crisis": 0.0, "emergency": 0.0, "urgent": 0.0},
    "crisis_reply_threshold": 0.8,
    "mention_threshold": 0.3,
    "mention_margin": -1.0,
}


def unit(**weights: float) -> np.ndarray:
    vector = np.zeros(len(AXES), dtype=np.float32)
    for kind, weight in weights.items():
        vector[AXES[kind]] = weight
    return vector / np.linalg.norm(vector)


@pytest.fixture
def bank() -> ExemplarBank:
    vectors = np.vstack([unit(**{kind: 1.0}) for kind in BANK_KINDS])
    return ExemplarBank(
        vectors, np.array(BANK_KINDS), tuple(f"{kind} example" for kind in BANK_KINDS)
    )


@pytest.fixture
def settings() -> NetSettings:
    return NetSettings.from_config(CONFIG)


def assess(bank: ExemplarBank, settings: NetSettings, *vectors: np.ndarray):
    return bank.assess(np.vstack(vectors), [f"sentence {i}" for i in range(len(vectors))], settings)


def test_a_message_close_to_an_emergency_escalates_it(bank, settings) -> None:
    found = assess(bank, settings, unit(emergency=1.0, lookalike=0.2))
    assert found.kind == "emergency" and found.nearest == "emergency example"
    assert found.mention == "symptom"


def test_no_mention_for_a_message_much_closer_to_an_ordinary_one(bank) -> None:
    """ "bye" is a little like a goodbye letter, far more like any other goodbye."""
    close_to_ordinary = unit(crisis=0.5, lookalike=0.9)
    marked = NetSettings.from_config(CONFIG)
    with_margin = NetSettings.from_config({**CONFIG, "mention_margin": -0.2})
    assert assess(bank, marked, close_to_ordinary).mention == "distress"
    assert assess(bank, with_margin, close_to_ordinary).mention is None
    assert assess(bank, with_margin, unit(crisis=0.5, lookalike=0.5)).mention == "distress"


def test_below_the_kinds_threshold_nothing_escalates_but_a_mention_is_marked(
    bank, settings
) -> None:
    found = assess(bank, settings, unit(urgent=0.5, lookalike=0.3, elsewhere=0.8))
    assert found.kind is None and found.mention == "symptom"


def test_closer_to_an_ordinary_message_than_the_margin_allows_does_not_escalate(
    bank, settings
) -> None:
    found = assess(bank, settings, unit(emergency=0.7, lookalike=0.71))
    assert found.kind is None


def test_a_negative_margin_lets_a_near_tie_escalate(bank) -> None:
    lenient = NetSettings.from_config(
        {**CONFIG, "margins": {"crisis": -0.05, "emergency": -0.05, "urgent": -0.05}}
    )
    assert assess(bank, lenient, unit(emergency=0.7, lookalike=0.71)).kind == "emergency"


def test_the_most_serious_kind_wins_even_in_a_later_sentence(bank, settings) -> None:
    found = assess(bank, settings, unit(urgent=1.0), unit(crisis=0.6, lookalike=0.2))
    assert found.kind == "crisis" and found.unit == "sentence 1"
    assert found.mention == "distress"


def test_only_a_close_crisis_gets_the_988_reply_itself(bank, settings) -> None:
    assert assess(bank, settings, unit(crisis=1.0)).crisis_reply
    assert not assess(bank, settings, unit(crisis=0.6, lookalike=0.5)).crisis_reply


def test_an_ordinary_message_gets_nothing(bank, settings) -> None:
    found = assess(bank, settings, unit(lookalike=1.0))
    assert found.kind is None and found.mention is None


def test_the_bank_survives_saving_and_loading(bank, tmp_path: Path) -> None:
    bank.save(tmp_path)
    loaded = ExemplarBank.load(tmp_path)
    assert np.allclose(loaded.vectors, bank.vectors)
    assert loaded.kinds.tolist() == bank.kinds.tolist() and loaded.texts == bank.texts


def test_a_bank_without_look_alikes_is_refused() -> None:
    with pytest.raises(ValueError, match="lookalike"):
        ExemplarBank(
            np.eye(3, dtype=np.float32), np.array(["crisis", "emergency", "urgent"]), tuple("abc")
        )


@pytest.mark.parametrize(
    "change, named",
    [
        ({"thresholds": {"crisis": 0.5}}, "thresholds"),
        ({"margins": {"crisis": 0, "emergency": 0, "urgent": -2}}, "urgent"),
        ({"crisis_reply_threshold": "high"}, "crisis_reply_threshold"),
        ({"mention_threshold": True}, "mention_threshold"),
        ({"mention_margin": -2}, "mention_margin"),
    ],
)
def test_a_bad_setting_is_named(change, named) -> None:
    with pytest.raises(ValueError, match=named):
        NetSettings.from_config({**CONFIG, **change})


def test_a_long_message_is_read_whole_and_sentence_by_sentence() -> None:
    text = "Thanks for the reminder.  My legs went numb tonight!\nCan I still come in?"
    assert message_units(text, 16) == [
        "Thanks for the reminder. My legs went numb tonight! Can I still come in?",
        "Thanks for the reminder.",
        "My legs went numb tonight!",
        "Can I still come in?",
    ]
    assert message_units(text, 2) == [message_units(text, 16)[0], "Thanks for the reminder."]
    assert message_units("   ", 16) == []
    assert message_units("one sentence", 16) == ["one sentence"]


def test_the_shipped_exemplars_cover_every_kind_and_are_reviewed() -> None:
    book = load_exemplars()
    assert {exemplar.kind for exemplar in book.exemplars} == set(EXEMPLAR_KINDS)
    assert all(len(book.of_kind(kind)) >= 30 for kind in EXEMPLAR_KINDS)
    assert book.review.reviewed_by


@pytest.mark.parametrize(
    "text, field",
    [
        ("exemplars: []\nreview: {}\n", "exemplars"),
        ("exemplars:\n  crisis: {x: [a]}\n  panic: {}\n", "exemplars.panic"),
        ("just text", "(whole file)"),
    ],
)
def test_a_broken_exemplar_file_names_the_field(tmp_path: Path, text: str, field: str) -> None:
    path = tmp_path / "exemplars.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RedFlagRulesError) as error:
        load_exemplars(path)
    assert field in str(error.value)
