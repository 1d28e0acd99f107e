"""Patients name insurers loosely; the bot recognises them and never mixes Medicare/Medicaid."""

from __future__ import annotations

import pytest

from bot.clinic.insurance import InsuranceMatch, match_insurer

RIVERSIDE = ["Medicare", "Aetna", "Blue Cross Blue Shield", "Cigna", "UnitedHealthcare"]


@pytest.mark.parametrize(
    ("text", "accepted_name"),
    [
        ("do you take atena?", "Aetna"),
        ("Do you accept AETNA", "Aetna"),
        ("I have cigma", "Cigna"),
        ("is BCBS ok", "Blue Cross Blue Shield"),
        ("I have blue cross", "Blue Cross Blue Shield"),
        ("my plan is Anthem Blue Cross", "Blue Cross Blue Shield"),
        ("do you take UHC?", "UnitedHealthcare"),
        ("I'm with United", "UnitedHealthcare"),
        ("united health care please", "UnitedHealthcare"),
        ("medicare", "Medicare"),
        ("I have Medicare's part B", "Medicare"),
    ],
)
def test_accepted_insurer_found_inside_a_sentence(text, accepted_name):
    assert match_insurer(text, RIVERSIDE).accepted_name == accepted_name


def test_medicaid_is_not_medicare():
    assert match_insurer("do you take medicaid?", RIVERSIDE) == InsuranceMatch(None, "Medicaid")
    assert match_insurer("I'm on medicade", RIVERSIDE) == InsuranceMatch(None, "Medicaid")


def test_medicare_is_not_medicaid_when_only_medicaid_is_accepted():
    result = match_insurer("do you take medicare", ["Medicaid"])
    assert result == InsuranceMatch(None, "Medicare")


def test_a_typo_between_medicare_and_medicaid_is_not_guessed():
    assert match_insurer("I have medicair", RIVERSIDE).asked_name is None


def test_medicare_advantage_is_not_plain_medicare():
    result = match_insurer("do you take medicare advantage", RIVERSIDE)
    assert result == InsuranceMatch(None, "Medicare Advantage")


def test_known_insurer_not_accepted_is_still_named():
    assert match_insurer("what about humana", RIVERSIDE) == InsuranceMatch(None, "Humana")


def test_no_insurer_mentioned():
    assert match_insurer("do you take my insurance?", RIVERSIDE) == InsuranceMatch(None, None)


def test_everyday_words_are_not_insurers():
    assert match_insurer("can I talk to a human about insurance", RIVERSIDE).asked_name is None
    assert match_insurer("is my medical plan ok", RIVERSIDE).asked_name is None


def test_clinic_wording_is_returned_for_an_alias_entry():
    result = match_insurer("I have anthem", ["Medicaid", "BCBS of California"])
    assert result == InsuranceMatch("BCBS of California", "Blue Cross Blue Shield")


def test_insurer_unknown_to_the_aliases_file_is_matched_from_the_clinic_list():
    accepted = ["Harvard Pilgrim", *RIVERSIDE]
    assert match_insurer("do you take harvard pilgrm", accepted).accepted_name == "Harvard Pilgrim"
