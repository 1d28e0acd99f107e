"""Procedures inferred from descriptions and settings (terms.yml context_terms, refinements)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.terms import ProcedureTerms, TermsFileError

DESCRIBED = [
    # The examples: a procedure described, not named.
    (
        "We moved here last year, and my new doctor thinks the burning procedure I had on my "
        "neck is worth doing again. How long will it take me to get back on my feet this time?",
        "radiofrequency_ablation",
    ),
    ("what about the nerve burning one?", "radiofrequency_ablation"),
    ("they zapped the nerves in my lower back last spring", "radiofrequency_ablation"),
    ("is radiofrequency denervation the same thing", "radiofrequency_ablation"),
    ("the knee nerve burning, does it last", "genicular_rfa"),
    ("I had the burning procedure on my knee, when does it start working", "genicular_rfa"),
    ("the wires in my back trial, does it hurt", "scs_trial"),
    ("my husband has the wires in his spine for a week as a test", "scs_trial"),
    ("they want to put in a pain pacemaker", "spinal_cord_stimulation"),
    ("is the stimulator put in for good painful", "scs_implant"),
    # "Steroid shot" in a spine setting is an epidural steroid injection.
    ("I got a steroid shot for my sciatica. How long does it last?", "epidural_steroid_injection"),
    ("cortisone injection for a herniated disc at L5", "epidural_steroid_injection"),
    ("my steriod shot in my lower back", "epidural_steroid_injection"),
    ("the neck steroid injection, is it safe", "epidural_steroid_injection"),
    # A named procedure made precise by its setting.
    ("an epidural through the tailbone", "caudal_esi"),
    ("a nerve block for my facet joints", "medial_branch_block"),
]

NOT_OURS = [
    "After I got a cortisone shot in my shoulder today, my sugar went up a lot.",
    "the dermatologist gave me a cortisone shot for a rash",
    "I had a steroid shot in my knee",
    "a steroid injection in my SI joint",
    "can I keep using my TENS stimulator",
    "my bone growth stimulator",
    "I have burning pain in my feet",
    "the burning feeling in my leg at night",
]


@pytest.fixture(scope="module")
def terms() -> ProcedureTerms:
    return ProcedureTerms.load()


@pytest.mark.parametrize(("text", "expected"), DESCRIBED)
def test_descriptions_and_settings_name_the_procedure(
    terms: ProcedureTerms, text: str, expected: str
) -> None:
    assert [m.procedure_id for m in terms.find(text)][:1] == [expected]


@pytest.mark.parametrize("text", NOT_OURS)
def test_the_same_words_elsewhere_name_no_procedure(terms: ProcedureTerms, text: str) -> None:
    assert terms.find(text) == []


def test_a_steroid_shot_without_a_setting_names_no_procedure(terms: ProcedureTerms) -> None:
    # Which steroid shot is unknown: the assistant should ask, not guess the epidural.
    assert terms.find("how long does a steroid shot last") == []


def test_the_mention_keeps_the_words_the_patient_wrote(terms: ProcedureTerms) -> None:
    (mention,) = terms.find("I had the burning procedure on my knee")
    assert (mention.procedure_id, mention.text) == ("genicular_rfa", "burning procedure")


def _write(tmp_path: Path, extra: dict) -> Path:
    data = {
        "procedures": {
            "radiofrequency_ablation": {"name": "nerve ablation", "terms": ["rfa"]},
            "genicular_rfa": {
                "name": "knee ablation",
                "parent": "radiofrequency_ablation",
                "terms": ["genicular"],
            },
            "nerve_block": {"name": "nerve block", "terms": ["nerve block"]},
        },
        **extra,
    }
    path = tmp_path / "terms.yml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        (
            {"refinements": [{"from": "nerve_block", "to": "genicular_rfa", "with_any": ["knee"]}]},
            "refinements[0].to",
        ),
        (
            {"refinements": [{"from": "radiofrequency_ablation", "to": "genicular_rfa"}]},
            "refinements[0].with_any",
        ),
        (
            {"context_terms": [{"procedure": "rfa", "terms": ["burn"], "with_any": ["nerve"]}]},
            "context_terms[0].procedure",
        ),
        (
            {
                "context_terms": [
                    {"procedure": "nerve_block", "terms": ["shot"], "with_any": ["x"], "near": []}
                ]
            },
            "context_terms[0].near",
        ),
        ({"context_terms": {"procedure": "nerve_block"}}, "context_terms"),
    ],
)
def test_a_broken_rule_names_the_file_and_field(tmp_path: Path, extra: dict, field: str) -> None:
    path = _write(tmp_path, extra)
    with pytest.raises(TermsFileError) as error:
        ProcedureTerms.load(path)
    assert str(path) in str(error.value) and field in str(error.value)


def test_a_context_term_that_is_also_a_plain_term_is_a_clash(tmp_path: Path) -> None:
    rule = {"procedure": "nerve_block", "terms": ["rfa"], "with_any": ["knee"]}
    path = _write(tmp_path, {"context_terms": [rule]})
    with pytest.raises(Exception, match="context_terms"):
        ProcedureTerms.load(path)
