"""Staff edit clinic.yml while the bot runs: good edits show up fast, bad edits never break it."""

from __future__ import annotations

import asyncio
import logging
import shutil
from pathlib import Path

import pytest

from bot.clinic.file_source import ClinicFileSource
from bot.errors import ClinicFileError


@pytest.fixture
def clinic_file(tmp_path: Path, sample_clinic_path: Path) -> Path:
    path = tmp_path / "clinic.yml"
    shutil.copy(sample_clinic_path, path)
    return path


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


async def test_changed_phone_is_served_after_the_reload_interval(clinic_file, clock):
    source = ClinicFileSource(clinic_file, clock=clock)
    assert (await source.current()).phone == "(555) 010-2000"

    _edit(clinic_file, 'phone: "(555) 010-2000"', 'phone: "(555) 010-2055"')
    clock.advance(0.5)
    assert (await source.current()).phone == "(555) 010-2000"  # not re-checked yet: cheap
    clock.advance(0.6)
    assert (await source.current()).phone == "(555) 010-2055"


async def test_real_clock_sees_an_edit_within_about_a_second(clinic_file):
    source = ClinicFileSource(clinic_file, reload_seconds=0.05)
    await source.current()
    _edit(clinic_file, "name: Riverside Pain Management Center", "name: Riverside Pain Care")
    await asyncio.sleep(0.1)
    assert (await source.current()).name == "Riverside Pain Care"


async def test_invalid_edit_keeps_the_last_good_copy_and_logs_the_field(clinic_file, clock, caplog):
    source = ClinicFileSource(clinic_file, clock=clock)
    await source.current()

    _edit(clinic_file, 'fri: "08:00-16:00"', 'fri: "16:00-08:00"')
    clock.advance(1.1)
    with caplog.at_level(logging.ERROR, logger="bot.clinic.file_source"):
        clinic = await source.current()
    assert clinic.location().hours.fri is not None  # still the good Friday hours
    assert "locations[0].hours.fri" in caplog.text
    assert str(clinic_file) in caplog.text
    assert source.last_error is not None

    _edit(clinic_file, 'fri: "16:00-08:00"', 'fri: "08:00-15:00"')
    clock.advance(1.1)
    assert (await source.current()).location().hours.fri.closes.hour == 15
    assert source.last_error is None


async def test_deleted_file_keeps_serving_the_last_good_copy(clinic_file, clock):
    source = ClinicFileSource(clinic_file, clock=clock)
    await source.current()
    clinic_file.unlink()
    clock.advance(1.1)
    assert (await source.current()).name == "Riverside Pain Management Center"


async def test_invalid_file_at_start_up_raises(fixtures_dir, clock):
    source = ClinicFileSource(fixtures_dir / "bad_timezone.yml", clock=clock)
    with pytest.raises(ClinicFileError, match="timezone"):
        await source.current()
