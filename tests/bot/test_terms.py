"""Procedure terms: what patients type is tagged with the right procedure, and nothing else is."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.errors import PainPathError
from bot.terms import DEFAULT_TERMS_FILE, Mention, ProcedureTerms, TermsFileError

# The canonical ids and parents in docs/architecture.md.
PARENTS = {
    "epidural_steroid_injection": None,
    "interlaminar_esi": "epidural_steroid_injection",
    "transforaminal_esi": "epidural_steroid_injection",
    "caudal_esi": "epidural_steroid_injection",
    "nerve_block": None,
    "medial_branch_block": "nerve_block",
    "stellate_ganglion_block": "nerve_block",
    "lumbar_sympathetic_block": "nerve_block",
    "radiofrequency_ablation": None,
    "genicular_rfa": "radiofrequency_ablation",
    "spinal_cord_stimulation": None,
    "scs_trial": "spinal_cord_stimulation",
    "scs_implant": "spinal_cord_stimulation",
}

LAY_TERMS = [
    ("I had a back shot", "epidural_steroid_injection"),
    ("what is a steroid shot in my spine", "epidural_steroid_injection"),
    ("is an ESI safe", "epidural_steroid_injection"),
    ("spinal steroid shot", "epidural_steroid_injection"),
    ("getting an epidural next week", "epidural_steroid_injection"),
    ("what's a TFESI", "transforaminal_esi"),
    ("TF ESI", "transforaminal_esi"),
    ("TF-ESI", "transforaminal_esi"),
    ("a nerve root injection", "transforaminal_esi"),
    ("interlaminar", "interlaminar_esi"),
    ("caudal epidural", "caudal_esi"),
    ("what is nerve burning", "radiofrequency_ablation"),
    ("is RF painful", "radiofrequency_ablation"),
    ("RFA recovery", "radiofrequency_ablation"),
    ("burning the nerves in my back", "radiofrequency_ablation"),
    ("nerve ablation", "radiofrequency_ablation"),
    ("my stimulator", "spinal_cord_stimulation"),
    ("SCS", "spinal_cord_stimulation"),
    ("a pain implant", "spinal_cord_stimulation"),
    ("spinal stimulator", "spinal_cord_stimulation"),
    ("what is a nerve block", "nerve_block"),
    ("the block", "nerve_block"),
    ("facet test", "medial_branch_block"),
    ("MBB", "medial_branch_block"),
    ("knee ablation", "genicular_rfa"),
    ("knee nerve burning", "genicular_rfa"),
    ("the knee one", "genicular_rfa"),
    ("stellate", "stellate_ganglion_block"),
    ("SGB", "stellate_ganglion_block"),
    ("neck block", "stellate_ganglion_block"),
    ("lumbar sympathetic block", "lumbar_sympathetic_block"),
    # Both stellate and lumbar sympathetic blocks are sympathetic blocks: answer from the parent.
    ("sympathetic block", "nerve_block"),
    ("stimulator trial", "scs_trial"),
    ("how long is the trial", "scs_trial"),
    ("permanent stimulator", "scs_implant"),
    ("when is the implant", "scs_implant"),
]

MISSPELLINGS = [
    ("I had an epideral", "epidural_steroid_injection"),
    ("epidurl", "epidural_steroid_injection"),
    ("radio frequency ablasion", "radiofrequency_ablation"),
    ("ablasion", "radiofrequency_ablation"),
    ("my stimulater", "spinal_cord_stimulation"),
    ("geniculer ablation", "genicular_rfa"),
    ("genicualr", "genicular_rfa"),
    ("transforminal", "transforaminal_esi"),
    ("spinal cord stimulater trial", "scs_trial"),
    ("steriod shot in my back", "epidural_steroid_injection"),
]

ORDINARY_SENTENCES = [
    "I tried physical therapy",
    "I tried PT",
    "what are your hours",
    "my blood sugar is high",
    "can I drive home",
    # "trial period" is in not_procedures: a patient asking this is not naming the SCS trial.
    "is there a trial period",
    "are you running any clinical trials",
    "I went for a trail walk",
    "my nose is blocked",
    "I have a dental implant",
    "I had a labor epidural years ago",
    "my nerves are burning at night",
    "the knee bone hurts",
    "I stimulate my leg muscles",
    "where do I park",
    "hello",
    "",
]


@pytest.fixture(scope="module")
def terms() -> ProcedureTerms:
    return ProcedureTerms.load()


def ids_found(terms: ProcedureTerms, text: str) -> list[str]:
    return [mention.procedure_id for mention in terms.find(text)]


def write_terms(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "terms.yml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def minimal_terms() -> dict:
    return {
        "procedures": {
            "nerve_block": {"name": "nerve block", "terms": ["nerve block", "block"]},
            "medial_branch_block": {
                "name": "medial branch block",
                "parent": "nerve_block",
                "terms": ["medial branch block", "MBB"],
            },
        }
    }


def test_every_canonical_id_is_in_the_file_with_its_parent(terms: ProcedureTerms) -> None:
    assert sorted(terms.ids) == sorted(PARENTS)
    assert {pid: terms.parent(pid) for pid in terms.ids} == PARENTS


def test_children_are_listed_under_their_parent(terms: ProcedureTerms) -> None:
    assert terms.children("epidural_steroid_injection") == [
        "interlaminar_esi",
        "transforaminal_esi",
        "caudal_esi",
    ]
    assert terms.children("scs_trial") == []


def test_names_are_plain_and_short_names_fit_a_button(terms: ProcedureTerms) -> None:
    assert terms.name("transforaminal_esi") == "transforaminal epidural steroid injection"
    assert terms.short_name("epidural_steroid_injection") == "epidural shot"
    assert all(len(terms.short_name(pid)) <= 25 for pid in terms.ids)


def test_short_name_defaults_to_the_name(tmp_path: Path) -> None:
    loaded = ProcedureTerms.load(write_terms(tmp_path, minimal_terms()))
    assert loaded.short_name("medial_branch_block") == "medial branch block"


def test_unknown_id_names_the_known_ones(terms: ProcedureTerms) -> None:
    with pytest.raises(KeyError, match="nerve_block"):
        terms.name("nerve_blok")


@pytest.mark.parametrize(("text", "expected"), LAY_TERMS)
def test_lay_terms_map_to_their_procedure(terms: ProcedureTerms, text: str, expected: str) -> None:
    assert ids_found(terms, text) == [expected]


@pytest.mark.parametrize(("text", "expected"), MISSPELLINGS)
def test_misspellings_map_to_their_procedure(
    terms: ProcedureTerms, text: str, expected: str
) -> None:
    mentions = terms.find(text)
    assert [m.procedure_id for m in mentions] == [expected]
    assert 0.85 <= mentions[0].score <= 1.0


@pytest.mark.parametrize("text", ORDINARY_SENTENCES)
def test_ordinary_sentences_name_no_procedure(terms: ProcedureTerms, text: str) -> None:
    assert terms.find(text) == []


def test_longest_match_wins_over_the_parent_term(terms: ProcedureTerms) -> None:
    text = "what is a transforaminal epidural steroid injection?"
    assert terms.find(text) == [
        Mention("transforaminal_esi", 10, 51, "transforaminal epidural steroid injection", 1.0)
    ]


def test_longest_misspelled_phrase_wins_too(terms: ProcedureTerms) -> None:
    assert ids_found(terms, "transforaminal epidural steroid injecton") == ["transforaminal_esi"]


def test_two_procedures_come_back_in_the_order_written(terms: ProcedureTerms) -> None:
    text = "difference between ESI and nerve block"
    mentions = terms.find(text)
    assert [(m.procedure_id, text[m.start : m.end]) for m in mentions] == [
        ("epidural_steroid_injection", "ESI"),
        ("nerve_block", "nerve block"),
    ]


def test_offsets_point_into_the_original_text(terms: ProcedureTerms) -> None:
    text = "Is my  EPIDURAL  shot safe?"
    (mention,) = terms.find(text)
    assert text[mention.start : mention.end] == mention.text == "EPIDURAL  shot"


def test_short_terms_match_whole_words_only(terms: ProcedureTerms) -> None:
    assert terms.find("my surf board and a blocker") == []
    assert ids_found(terms, "rf or rfa?") == ["radiofrequency_ablation"] * 2


def test_plurals_are_found(terms: ProcedureTerms) -> None:
    assert ids_found(terms, "how many nerve blocks and ESIs") == [
        "nerve_block",
        "epidural_steroid_injection",
    ]


def test_default_file_is_the_repo_content_file() -> None:
    assert DEFAULT_TERMS_FILE.parts[-2:] == ("content", "terms.yml")
    assert DEFAULT_TERMS_FILE.is_file()


@pytest.mark.parametrize(
    ("breakage", "field"),
    [
        (lambda d: d["procedures"]["nerve_block"].pop("name"), "procedures.nerve_block.name"),
        (
            lambda d: d["procedures"]["nerve_block"].update(terms=[]),
            "procedures.nerve_block.terms",
        ),
        (
            lambda d: d["procedures"]["medial_branch_block"].update(parent="nerve_blok"),
            "procedures.medial_branch_block.parent",
        ),
        (
            lambda d: d["procedures"]["nerve_block"].update(parent="medial_branch_block"),
            r"procedures\.\w+\.parent.*loop",
        ),
        (
            lambda d: d["procedures"]["medial_branch_block"]["terms"].append("Block"),
            "procedures.medial_branch_block.terms",
        ),
        (lambda d: d["procedures"]["nerve_block"].update(synonyms=["x"]), "synonyms"),
        (lambda d: d.update(matching={"fuzzy_min_score": 20}), "matching.fuzzy_min_score"),
        (lambda d: d.update(not_procedures="road block"), "not_procedures"),
        (lambda d: d.pop("procedures"), "procedures"),
    ],
)
def test_a_malformed_file_names_the_file_and_field(tmp_path: Path, breakage, field: str) -> None:
    data = minimal_terms()
    breakage(data)
    path = write_terms(tmp_path, data)
    with pytest.raises(TermsFileError, match=field) as raised:
        ProcedureTerms.load(path)
    assert str(path) in str(raised.value)
    assert isinstance(raised.value, PainPathError)


def test_broken_yaml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "terms.yml"
    path.write_text("procedures: [unclosed", encoding="utf-8")
    with pytest.raises(TermsFileError, match="YAML syntax"):
        ProcedureTerms.load(path)


def test_missing_file_names_the_path(tmp_path: Path) -> None:
    with pytest.raises(TermsFileError, match="not found"):
        ProcedureTerms.load(tmp_path / "nope.yml")


@pytest.mark.parametrize("text", ["what is a nerve blok", "my nerv block wore off"])
def test_short_word_misspellings_listed_in_the_terms_file_are_found(text):
    assert [m.procedure_id for m in ProcedureTerms.load().find(text)] == ["nerve_block"]
