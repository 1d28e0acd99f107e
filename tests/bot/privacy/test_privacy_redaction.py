"""redact(): identifiers a patient might type become tags; medical talk stays readable."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from bot.errors import ContentError
from bot.privacy import redact
from bot.privacy.redaction import load_redaction_rules, redact_with


@pytest.mark.parametrize(
    ("text", "secret", "tag"),
    [
        ("call me at 555-0123", "555-0123", "[phone]"),
        ("my cell is (555) 012-3456", "012-3456", "[phone]"),
        ("text +1 555 012 3456 please", "012 3456", "[phone]"),
        ("it is 555.012.3456", "555.012.3456", "[phone]"),
        ("5550123456", "5550123456", "[phone]"),
        ("1-555-012-3456 ext 12", "012-3456", "[phone]"),
        ("write to jo.doe+pain@mail.example.com", "jo.doe", "[email]"),
        ("DOB 3/14/1962", "3/14/1962", "[date]"),
        ("born on March 14 1962", "March 14", "[date]"),
        ("born on march 14th, 1962", "14th", "[date]"),
        ("03-14-62", "03-14-62", "[date]"),
        ("born 14 March 1962", "1962", "[date]"),
        ("date of birth: 1962-03-14", "1962-03-14", "[date]"),
        ("dob 3/14", "3/14", "[date]"),
        ("ssn 123-45-6789", "6789", "[ssn]"),
        ("it's 123 45 6789", "6789", "[ssn]"),
        ("social security number 123456789", "123456789", "[ssn]"),
        ("I live at 1200 River Road", "1200 River", "[address]"),
        ("45 Elm St Apt 3", "Elm", "[address]"),
        ("100 W 34th St, Suite 200", "34th", "[address]"),
        ("send it to PO Box 1234", "1234", "[address]"),
        ("member id ABC123456789", "ABC123456789", "[member id]"),
        ("policy number XZ-99812", "99812", "[member id]"),
        ("MRN 12345", "12345", "[member id]"),
        ("my MRN: 12345", "12345", "[member id]"),
        ("the card says BCX987654321", "987654321", "[member id]"),
    ],
)
def test_identifier_is_replaced_by_its_tag(text: str, secret: str, tag: str) -> None:
    redacted = redact(text)
    assert secret.lower() not in redacted.lower()
    assert tag in redacted


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("ring me on +44 20 7946 0958 after 5", "+44 20 7946 0958"),
        ("mi número es +52 55 1234 5678.", "+52 55 1234 5678"),
        ("call +33 1 42 68 53 00 please", "+33 1 42 68 53 00"),
        ("I'm at +91 98765 43210", "+91 98765 43210"),
        ("whatsapp:+447911123456", "+447911123456"),
        ("my landline (212) 555-2368", "(212) 555-2368"),
    ],
)
def test_phone_numbers_of_any_country_are_replaced(text: str, number: str) -> None:
    redacted = redact(text)
    assert number not in redacted
    assert "[phone]" in redacted
    digits = "".join(character for character in number if character.isdigit())
    assert digits[-4:] not in redacted


def test_words_around_an_identifier_are_kept() -> None:
    assert redact("my phone is 555-0123 and dob 01/02/1960") == "my phone is [phone] and dob [date]"
    assert redact("MRN 12345 please") == "MRN [member id] please"


@pytest.mark.parametrize(
    "text",
    [
        "the relief lasted 3 months",
        "6 hours after the shot",
        "I got 50% relief",
        "can I have it 4 times a year?",
        "my MRI shows L4-L5 and C5-C6",
        "my blood sugar 300 after the steroid",
        "my pain is 7/10 today",
        "it is a 45 minute drive",
        "the dose was 200-1200 mg",
        "it costs $300-1500",
        "since march 2019",
        "the pain may 2 days later come back",
        "I had 3 different Dr visits",
        "it lasts 3-6 months",
        "S1 nerve root, T12",
        "I'm 62 years old",
        "about 1 in 10 people",
        "at 10:30 am",
    ],
)
def test_medical_talk_is_not_redacted(text: str) -> None:
    assert redact(text) == text


@pytest.mark.parametrize("odd_input", ["", " ", "\x00\x01", "🙂" * 50, "[phone]", None, 12345678])
def test_odd_input_never_raises_and_returns_text(odd_input: object) -> None:
    assert isinstance(redact(odd_input), str)  # type: ignore[arg-type]


def test_long_hostile_input_does_not_backtrack_for_ever() -> None:
    """Catastrophic backtracking on 140,000 characters would take minutes; a linear scan takes
    well under a second. The bound is loose so a busy shared machine cannot fail it."""
    hostile = "a" * 50_000 + "1" * 50_000 + "12 Elm " * 5_000 + "x@" * 20_000
    started = time.perf_counter()
    redact(hostile)
    assert time.perf_counter() - started < 10.0


def test_broken_pattern_file_error_names_file_field_and_fix(tmp_path: Path) -> None:
    patterns = tmp_path / "patterns.yml"
    patterns.write_text("patterns:\n  - name: phone\n    tag: '[phone]'\n    regex: '([0-9]'\n")
    with pytest.raises(ContentError) as caught:
        load_redaction_rules(patterns)
    message = str(caught.value)
    assert "patterns.yml" in message
    assert "patterns[0] (phone).regex" in message


def test_unknown_phone_region_is_reported(tmp_path: Path) -> None:
    patterns = tmp_path / "patterns.yml"
    patterns.write_text("phone_numbers:\n  tag: '[phone]'\n  default_region: USA\npatterns: []\n")
    with pytest.raises(ContentError, match=r"phone_numbers\.default_region.*USA"):
        load_redaction_rules(patterns)


def test_unknown_fragment_is_reported(tmp_path: Path) -> None:
    patterns = tmp_path / "patterns.yml"
    patterns.write_text("patterns:\n  - name: d\n    tag: '[date]'\n    regex: '{{monht}}'\n")
    with pytest.raises(ContentError, match="monht"):
        load_redaction_rules(patterns)


def test_pattern_file_can_redact_only_the_value_group(tmp_path: Path) -> None:
    patterns = tmp_path / "patterns.yml"
    patterns.write_text(
        "patterns:\n  - name: room\n    tag: '[room]'\n    regex: 'room\\s(?P<value>[0-9]+)'\n"
    )
    assert redact_with(load_redaction_rules(patterns), "Room 12 now") == "Room [room] now"


def test_text_arriving_while_redacting_is_withheld_not_deadlocked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A finalizer's log line, written in the middle of a redaction, must not wait forever."""
    from bot.privacy import redaction

    nested: list[str] = []
    real_apply = redaction.PhoneNumberFinder.apply

    def apply_with_a_log_line_in_the_middle(self, text: str) -> str:
        nested.append(redact("call +44 20 7946 0958"))
        return real_apply(self, text)

    monkeypatch.setattr(redaction.PhoneNumberFinder, "apply", apply_with_a_log_line_in_the_middle)
    assert redact("ring +52 55 1234 5678") == "ring [phone]"
    assert nested == ["[redacted]"]
