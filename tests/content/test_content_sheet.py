"""`make content-sheet`: one page with every answer as patients get it, for a clinician."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from actions.resources import knowledge
from bot.review import content_sheet


@pytest.fixture(scope="module")
def page(patient_replies) -> str:
    return content_sheet.build_sheet(list(patient_replies.values()), knowledge(), date(2026, 12, 1))


def test_every_subject_and_answer_is_on_the_page(page: str, patient_replies) -> None:
    for subject in {subject for subject, _ in patient_replies}:
        assert f"id='{subject}'" in page
    assert page.count("<tr class='inherited'>") == sum(
        r.inherited for r in patient_replies.values()
    )


def test_inherited_answers_are_marked_with_their_source_procedure(page: str) -> None:
    assert "warning_signs <span class='tag'>from epidural_steroid_injection</span>" in page


def test_sources_are_links_and_the_answer_text_is_what_patients_read(page: str) -> None:
    assert "href='https://www.hospital.uillinois.edu/" in page
    assert "For other worries, call Riverside Pain Management Center at (555) 010-2000." in page
    assert not re.search(r"\{[a-z_]+\}", page), "every placeholder is filled in"


def test_overdue_reviews_are_shown_in_red(patient_replies) -> None:
    late = content_sheet.build_sheet(list(patient_replies.values()), knowledge(), date(2028, 1, 1))
    assert "<span class='late'>due 2027-11-30</span>" in late


def test_the_command_writes_the_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from actions import resources
    from bot.paths import REPO_ROOT

    monkeypatch.setenv("PAINPATH_CLINIC_FILE", str(REPO_ROOT / "clinic.yml"))
    resources.clinic_directory.cache_clear()
    out = tmp_path / "sheet.html"
    assert content_sheet.main(["--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("<!doctype html>")
    resources.clinic_directory.cache_clear()
