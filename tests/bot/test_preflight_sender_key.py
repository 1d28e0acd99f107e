"""Start-up stops with the setting named when the pseudonym key cannot be used."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import ContentError
from bot.preflight import check_sender_key


def test_a_short_key_stops_start_up_naming_the_setting() -> None:
    with pytest.raises(ContentError, match="PAINPATH_SENDER_KEY"):
        check_sender_key({"PAINPATH_SENDER_KEY": "too-short"})


def test_without_a_key_the_file_is_made_and_named(tmp_path: Path) -> None:
    key_file = tmp_path / "sender-id.key"
    line = check_sender_key({"PAINPATH_SENDER_KEY_FILE": str(key_file)})
    assert key_file.is_file() and str(key_file) in line
