"""The fallback names the clinic's phone from the clinic file, and still works without it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.clinic.file_source import load_clinic_file
from bot.errors import ContentError
from bot.paths import REPO_ROOT
from bot.resilience.fallback_reply import REPLIES_FILE, FallbackReplies, load_replies

SAMPLE_CLINIC = load_clinic_file(REPO_ROOT / "clinic.yml", None)


async def test_service_trouble_names_the_clinic_phone_and_911(replies: FallbackReplies) -> None:
    text = await replies.service_trouble()
    assert SAMPLE_CLINIC.phone in text and SAMPLE_CLINIC.name in text
    assert "call 911" in text


async def test_without_a_readable_clinic_the_reply_still_points_to_help(tmp_path: Path) -> None:
    from bot.clinic.directory import ClinicDirectory

    broken = ClinicDirectory.from_env({"PAINPATH_CLINIC_FILE": str(tmp_path / "missing.yml")})
    text = await FallbackReplies(broken, load_replies()).service_trouble()
    assert "call the clinic" in text and "call 911" in text and "{" not in text


async def test_too_long_reply_says_the_limit(replies: FallbackReplies) -> None:
    text = await replies.message_too_long(20_000)
    assert "20,000 characters" in text and SAMPLE_CLINIC.phone in text


def test_a_replies_file_missing_a_line_names_it(tmp_path: Path) -> None:
    broken = tmp_path / "replies.yml"
    broken.write_text(REPLIES_FILE.read_text().replace("service_trouble:", "renamed:", 1))
    with pytest.raises(ContentError) as raised:
        load_replies(broken)
    assert "service_trouble" in str(raised.value) and str(broken) in str(raised.value)
