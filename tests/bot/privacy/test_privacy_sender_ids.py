"""Messaging conversations are named by pseudonyms: stable per patient, useless without the key."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from bot.errors import ContentError
from bot.privacy.sender_ids import KEY_ENV, KEY_FILE_ENV, SenderPseudonyms, sender_key

PHONE = "+15555550123"
KEY = b"k" * 40


def test_the_same_patient_keeps_one_conversation() -> None:
    sms = SenderPseudonyms("twilio", KEY)
    assert sms.for_address(PHONE) == sms.for_address(PHONE)


def test_the_pseudonym_does_not_reveal_the_address() -> None:
    pseudonym = SenderPseudonyms("twilio", KEY).for_address(PHONE)
    assert pseudonym.startswith("twilio-") and len(pseudonym) == len("twilio-") + 32
    assert "5550123" not in pseudonym


def test_other_patients_channels_and_keys_give_other_pseudonyms() -> None:
    names = {
        SenderPseudonyms("twilio", KEY).for_address(PHONE),
        SenderPseudonyms("twilio", KEY).for_address("+15555550124"),
        SenderPseudonyms("telegram", KEY).for_address(PHONE),
        SenderPseudonyms("twilio", b"j" * 40).for_address(PHONE),
    }
    assert len(names) == 4


def test_the_key_comes_from_the_environment() -> None:
    assert sender_key({KEY_ENV: "x" * 40}) == b"x" * 40


def test_a_short_key_in_the_environment_is_refused_with_the_fix() -> None:
    with pytest.raises(ContentError) as raised:
        sender_key({KEY_ENV: "secret"})
    assert KEY_ENV in str(raised.value) and "openssl rand -hex 32" in str(raised.value)


def test_without_a_key_one_is_made_once_readable_only_by_its_owner(tmp_path: Path) -> None:
    key_file = tmp_path / "var" / "sender-id.key"
    env = {KEY_FILE_ENV: str(key_file)}

    first, second = sender_key(env), sender_key(env)

    assert first == second and len(first) >= 32
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_a_damaged_key_file_is_named(tmp_path: Path) -> None:
    key_file = tmp_path / "sender-id.key"
    key_file.write_text("short\n")
    with pytest.raises(ContentError) as raised:
        sender_key({KEY_FILE_ENV: str(key_file)})
    assert str(key_file) in str(raised.value) and "delete it" in str(raised.value)


def test_a_key_file_that_cannot_be_made_is_named(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    key_file = blocker / "sender-id.key"
    with pytest.raises(ContentError) as raised:
        sender_key({KEY_FILE_ENV: str(key_file)})
    assert str(key_file) in str(raised.value) and KEY_ENV in str(raised.value)
