"""Pointing back at a procedure: what "the steroid one", "the first one" or "that one" means."""

from __future__ import annotations

import pytest

from actions.references import resolve_reference
from actions.resources import procedure_terms

ESI, MBB, RFA, NB = (
    "epidural_steroid_injection",
    "medial_branch_block",
    "radiofrequency_ablation",
    "nerve_block",
)


@pytest.mark.parametrize(
    ("text", "choices", "current", "expected"),
    [
        ("what about the steroid one", [], NB, ESI),
        ("the steroid one", [RFA, NB], RFA, ESI),
        ("the ablation one", [], NB, RFA),
        ("the first one", [ESI, MBB], None, ESI),
        ("what about the second?", [ESI, MBB], None, MBB),
        ("the last one", [ESI, MBB, RFA], None, RFA),
        ("the other one", [RFA, NB], RFA, NB),
        ("that one", [RFA], None, RFA),
        ("that one", [RFA, NB], None, None),
        ("the third one", [ESI, MBB], None, None),
        ("is it bad the first time", [ESI, MBB], None, None),
        ("my first visit is monday", [ESI, MBB], None, None),
        ("what is the best one", [ESI, MBB], None, None),
        ("how long does it last", [ESI, MBB], ESI, None),
    ],
)
def test_a_pointing_phrase_resolves_to_what_was_named_or_offered(text, choices, current, expected):
    assert resolve_reference(text, choices, current, procedure_terms()) == expected


def test_a_last_shot_is_not_the_last_choice():
    choices = [ESI, MBB]
    assert resolve_reference("my last shot didn't help", choices, None, procedure_terms()) is None
