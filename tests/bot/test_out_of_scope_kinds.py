"""content/out_of_scope.yml: the kind of an out-of-scope question picks where to turn."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import ContentError
from bot.out_of_scope import OutOfScopeKinds


@pytest.fixture(scope="module")
def kinds() -> OutOfScopeKinds:
    return OutOfScopeKinds.load()


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("can I sue the surgeon who did my back", "legal"),
        ("I need an attorney for my car accident", "legal"),
        ("what time does the other clinic on 5th street close", "other_clinic"),
        ("can you give me the number of the hospital downtown", "other_clinic"),
        ("what should I do about my diabetes", "other_condition"),
        ("my tooth is killing me", "other_condition"),
        ("my dog is limping", "pet"),
        ("what's the weather tomorrow", None),
        ("tell me a joke", None),
    ],
)
def test_each_kind_is_recognised_in_patients_words(
    kinds: OutOfScopeKinds, text: str, kind: str | None
) -> None:
    assert kinds.kind_of(text) == kind


def test_legal_wins_over_another_clinic(kinds: OutOfScopeKinds) -> None:
    assert kinds.kind_of("can I sue the hospital across town") == "legal"


def test_a_broken_file_names_the_field(tmp_path: Path) -> None:
    path = tmp_path / "out_of_scope.yml"
    path.write_text("version: 1\nkinds:\n  legal:\n    words: ['~3 lawyer']\n")
    with pytest.raises(ContentError, match="kinds.legal.words"):
        OutOfScopeKinds.load(path)
