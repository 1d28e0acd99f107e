"""`make test` fails once any content is past its review date; a fake clock shows it does."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.review import due
from bot.review.due import ReviewOverdue, check_reviews_current, overdue, reviewed_items


def test_no_content_is_past_its_review_date() -> None:
    check_reviews_current()  # raises ReviewOverdue listing every late item and its file


def test_every_answer_and_both_safety_files_are_under_review() -> None:
    names = {item.name for item in reviewed_items()}
    assert {"red_flags.yml", "safety_mentions.yml", "scs_trial / repeat"} <= names
    assert all(item.review.reviewed_by for item in reviewed_items())


def test_an_overdue_review_fails_the_build(monkeypatch: pytest.MonkeyPatch) -> None:
    latest_due = max(item.review.review_due for item in reviewed_items())
    monkeypatch.setattr(due, "today", lambda: latest_due + timedelta(days=1))
    with pytest.raises(ReviewOverdue) as caught:
        check_reviews_current()
    assert "red_flags.yml" in str(caught.value)
    assert "content/knowledge/procedures/epidural_steroid_injection.yml" in str(caught.value)


def test_the_due_date_itself_is_not_yet_overdue() -> None:
    items = reviewed_items()
    first_due = min(item.review.review_due for item in items)
    assert not overdue(items, first_due)
    assert overdue(items, first_due + timedelta(days=1))
    assert not overdue(items, date(2026, 11, 30))
