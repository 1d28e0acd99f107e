"""Broken content must stop the bot at start-up with a message naming file, field and fix."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from mini_content_tree import CHILD_FILE, JOURNEY_FILE, PARENT_FILE, MiniContent

from bot.errors import ContentError, PainPathError
from bot.knowledge import KnowledgeBase, KnowledgeError


def _load_error(content: MiniContent) -> ContentError:
    """KnowledgeError, or TermsFileError for a mistake in terms.yml."""
    with pytest.raises(ContentError) as caught:
        KnowledgeBase.load(content.write())
    return caught.value


def test_valid_content_loads(mini_content: MiniContent) -> None:
    knowledge = KnowledgeBase.load(mini_content.write())
    assert [s.id for s in knowledge.subjects("procedure")] == ["medial_branch_block", "nerve_block"]


def test_error_is_a_project_content_error_naming_file_field_and_fix(
    mini_content: MiniContent,
) -> None:
    mini_content.entries(CHILD_FILE)[1]["sources"] = ["S99"]
    error = _load_error(mini_content)
    assert isinstance(error, ContentError)
    assert isinstance(error, PainPathError)
    assert error.file.endswith("medial_branch_block.yml")
    assert error.field == "entries[1].sources"
    assert "S99" in error.fix and "sources.yml" in error.fix
    assert str(error).startswith(error.file)


def test_empty_text_is_rejected(mini_content: MiniContent) -> None:
    mini_content.entries(PARENT_FILE)[2]["text"] = "   "
    error = _load_error(mini_content)
    assert (Path(error.file).name, error.field) == ("nerve_block.yml", "entries[2].text")


def test_missing_required_topic_in_parent_is_rejected(mini_content: MiniContent) -> None:
    entries = mini_content.entries(PARENT_FILE)
    entries[:] = [e for e in entries if e["topic"] != "warning_signs"]
    error = _load_error(mini_content)
    assert "warning_signs" in error.fix


def test_child_missing_topic_is_fine_when_parent_has_it(mini_content: MiniContent) -> None:
    knowledge = KnowledgeBase.load(mini_content.write())
    assert knowledge.subject("medial_branch_block").own_entry("risks") is None
    assert knowledge.answer("medial_branch_block", "risks") is not None


def test_journey_without_overview_is_rejected(mini_content: MiniContent) -> None:
    mini_content.entries(JOURNEY_FILE)[0]["topic"] = "duration"
    error = _load_error(mini_content)
    assert Path(error.file).name == "referral.yml"
    assert "overview" in error.fix


@pytest.mark.parametrize(
    ("file", "topic"),
    [(CHILD_FILE, "side_effects"), (JOURNEY_FILE, "what_is"), (PARENT_FILE, "duration")],
)
def test_unknown_topic_name_is_rejected(mini_content: MiniContent, file: str, topic: str) -> None:
    mini_content.entries(file)[0]["topic"] = topic
    error = _load_error(mini_content)
    assert error.field == "entries[0].topic"
    assert topic in error.fix


@pytest.mark.parametrize("reviewed", ["27/11/2026", "2026-13-01", "", None, 20261127])
def test_bad_reviewed_date_is_rejected(mini_content: MiniContent, reviewed: object) -> None:
    mini_content.entries(CHILD_FILE)[0]["reviewed"] = reviewed
    error = _load_error(mini_content)
    assert error.field == "entries[0].reviewed"
    assert "YYYY-MM-DD" in error.fix


def test_duplicate_topic_in_one_file_is_rejected(mini_content: MiniContent) -> None:
    entries = mini_content.entries(CHILD_FILE)
    entries.append(dict(entries[0]))
    error = _load_error(mini_content)
    assert error.field == "entries[2].topic"
    assert "twice" in error.fix


def test_same_subject_in_two_files_is_rejected(mini_content: MiniContent) -> None:
    mini_content.files["journey/nested/referral.yml"] = mini_content.files[JOURNEY_FILE]
    error = _load_error(mini_content)
    assert error.field == "subject"
    assert "referral.yml" in error.fix


def test_parent_that_is_not_a_procedure_is_rejected(mini_content: MiniContent) -> None:
    mini_content.files[CHILD_FILE]["parent"] = "nerve_blok"
    error = _load_error(mini_content)
    assert (Path(error.file).name, error.field) == ("medial_branch_block.yml", "parent")
    assert "parent: nerve_block" in error.fix


def test_parent_missing_from_terms_file_is_rejected(mini_content: MiniContent) -> None:
    mini_content.terms["procedures"]["medial_branch_block"]["parent"] = "facet_block"
    error = _load_error(mini_content)
    assert Path(error.file).name == "terms.yml"
    assert error.field == "procedures.medial_branch_block.parent"


def test_parent_loop_in_terms_file_is_rejected(mini_content: MiniContent) -> None:
    mini_content.terms["procedures"]["nerve_block"]["parent"] = "medial_branch_block"
    error = _load_error(mini_content)
    assert "loop" in error.fix


def test_procedure_id_not_in_terms_file_is_rejected(mini_content: MiniContent) -> None:
    mini_content.files["procedures/nerve_ablation.yml"] = {
        **mini_content.files[PARENT_FILE],
        "subject": "nerve_ablation",
    }
    error = _load_error(mini_content)
    assert (Path(error.file).name, error.field) == ("nerve_ablation.yml", "subject")
    assert "terms.yml" in error.fix


def test_procedure_in_terms_without_content_file_is_rejected(mini_content: MiniContent) -> None:
    del mini_content.files[CHILD_FILE]
    error = _load_error(mini_content)
    assert error.field == "procedures.medial_branch_block"
    assert "content/knowledge/procedures/medial_branch_block.yml" in error.fix


def test_file_name_must_match_subject(mini_content: MiniContent) -> None:
    mini_content.files[JOURNEY_FILE]["subject"] = "referrals"
    error = _load_error(mini_content)
    assert error.field == "subject"
    assert "referrals.yml" in error.fix


def test_next_topic_without_an_answer_is_rejected(mini_content: MiniContent) -> None:
    mini_content.entries(JOURNEY_FILE)[0]["next"] = "duration"
    error = _load_error(mini_content)
    assert error.field == "entries.overview.next"


def test_entry_without_sources_is_rejected(mini_content: MiniContent) -> None:
    mini_content.entries(JOURNEY_FILE)[0]["sources"] = []
    error = _load_error(mini_content)
    assert error.field == "entries[0].sources"


def test_unknown_kind_is_rejected(mini_content: MiniContent) -> None:
    mini_content.files[JOURNEY_FILE]["kind"] = "faq"
    error = _load_error(mini_content)
    assert error.field == "kind"
    assert "procedure" in error.fix and "journey" in error.fix


def test_broken_yaml_names_the_file(mini_content: MiniContent) -> None:
    root = mini_content.write()
    (root / "knowledge" / JOURNEY_FILE).write_text("subject: [unclosed\n")
    with pytest.raises(KnowledgeError, match=re.escape(str(root / "knowledge" / JOURNEY_FILE))):
        KnowledgeBase.load(root)


def test_missing_sources_file_is_named(mini_content: MiniContent) -> None:
    root = mini_content.write()
    (root / "sources.yml").unlink()
    with pytest.raises(KnowledgeError, match="sources.yml"):
        KnowledgeBase.load(root)


@pytest.mark.parametrize(
    ("change", "field", "fix"),
    [
        (lambda e: e.pop("reviewed_by"), "entries[0].reviewed_by", "role"),
        (lambda e: e.update(reviewed_by="  "), "entries[0].reviewed_by", "role"),
        (lambda e: e.pop("review_due"), "entries[0].review_due", "YYYY-MM-DD"),
        (lambda e: e.update(review_due="2026-01-01"), "entries[0].review_due", "after"),
        (lambda e: e.update(reviewd_by="nurse"), "entries[0].reviewd_by", "not a known field"),
    ],
)
def test_every_entry_says_who_reviewed_it_and_when_it_is_due(
    mini_content: MiniContent, change, field: str, fix: str
) -> None:
    change(mini_content.entries(CHILD_FILE)[0])
    error = _load_error(mini_content)
    assert (Path(error.file).name, error.field) == ("medial_branch_block.yml", field)
    assert fix in error.fix


@pytest.mark.parametrize(
    ("source", "field"),
    [
        ("Source one, 2020.", "sources.S1"),
        ({"title": "Source one"}, "sources.S1.url"),
        ({"url": "https://example.org/one"}, "sources.S1.title"),
        ({"title": "Source one", "url": "example.org/one"}, "sources.S1.url"),
        ({"title": "Source one", "url": "https://example.org", "page": 3}, "sources.S1.page"),
    ],
)
def test_every_source_is_a_titled_link(mini_content: MiniContent, source, field: str) -> None:
    mini_content.sources["sources"]["S1"] = source
    error = _load_error(mini_content)
    assert (Path(error.file).name, error.field) == ("sources.yml", field)


def test_a_source_reads_as_a_link(mini_content: MiniContent) -> None:
    knowledge = KnowledgeBase.load(mini_content.write())
    assert knowledge.source("S1").url == "https://example.org/one"
    assert knowledge.citation("S1") == "Source one (https://example.org/one)"


GENERAL_FILE = "general/back_injection.yml"


def _general_subject(**extra: object) -> dict[str, object]:
    subject = {
        "subject": "back_injection",
        "kind": "general",
        "title": "A back injection",
        "applies_to": ["nerve_block", "medial_branch_block"],
        "entries": [
            {
                "topic": "recovery",
                "text": "Most people go home the same day.",
                "sources": ["S1"],
                "reviewed": "2026-11-30",
                "reviewed_by": "clinic physician",
                "review_due": "2027-11-30",
            }
        ],
    }
    subject.update(extra)
    return subject


def test_a_general_subject_answers_for_the_procedures_it_applies_to(
    mini_content: MiniContent,
) -> None:
    mini_content.files[GENERAL_FILE] = _general_subject()
    knowledge = KnowledgeBase.load(mini_content.write())
    (general,) = knowledge.subjects("general")
    assert general.applies_to == ("nerve_block", "medial_branch_block")
    assert knowledge.answer("back_injection", "recovery").text.startswith("Most people")
    assert knowledge.answer("back_injection", "risks") is None


def test_a_general_subject_may_only_name_known_procedures(mini_content: MiniContent) -> None:
    mini_content.files[GENERAL_FILE] = _general_subject(applies_to=["back_shot"])
    error = _load_error(mini_content)
    assert error.field == "applies_to[0]"
    assert "back_shot" in error.fix


def test_only_general_subjects_name_procedures_they_apply_to(mini_content: MiniContent) -> None:
    mini_content.files[JOURNEY_FILE]["applies_to"] = ["nerve_block"]
    assert _load_error(mini_content).field == "applies_to"


def test_a_general_subject_names_the_words_patients_use_for_it(mini_content: MiniContent) -> None:
    mini_content.files[GENERAL_FILE] = _general_subject(asked_as=["Back  Injection", "spine shot"])
    (general,) = KnowledgeBase.load(mini_content.write()).subjects("general")
    assert general.asked_as == ("back injection", "spine shot")


@pytest.mark.parametrize("asked_as", [[""], "back injection", [3]])
def test_the_words_patients_use_are_a_list_of_texts(mini_content: MiniContent, asked_as) -> None:
    mini_content.files[GENERAL_FILE] = _general_subject(asked_as=asked_as)
    # "asked_as" for a text instead of a list, "asked_as[0]" for the item that is not a text
    assert _load_error(mini_content).field in ("asked_as", "asked_as[0]")


def test_only_general_subjects_list_the_words_patients_use(mini_content: MiniContent) -> None:
    mini_content.files[JOURNEY_FILE]["asked_as"] = ["first visit"]
    assert _load_error(mini_content).field == "asked_as"


def test_a_key_written_twice_is_named_with_its_line(mini_content: MiniContent) -> None:
    root = mini_content.write()
    path = root / "knowledge" / PARENT_FILE
    first_line, *rest = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join([first_line, first_line, *rest]), encoding="utf-8")
    with pytest.raises(KnowledgeError) as caught:
        KnowledgeBase.load(root)
    error = caught.value
    assert error.file == str(path)
    assert error.field == "line 2, column 1"
    key = first_line.split(":")[0]
    assert f"'{key}' is written twice (first on line 1)" in error.fix
