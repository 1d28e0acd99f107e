"""A clinic adopts PainPath with its own file: same trained model, its own answers, live edits."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import pytest

from bot.paths import REPO_ROOT
from tests.e2e.conftest import Patient, start_stack

pytestmark = pytest.mark.e2e

CLINICS = REPO_ROOT / "tests" / "fixtures" / "clinics"


def test_another_clinic_file_answers_with_its_own_details_and_edits_apply_live(tmp_path):
    clinic_file = tmp_path / "pacific.yml"
    shutil.copy(CLINICS / "pacific_valid.yml", clinic_file)
    stack = start_stack(tmp_path, clinic_file, "pacific-clinic")
    try:
        patient = Patient(stack.settings.rasa_port)
        assert "555-0142" in patient.reply_text("what's your phone number?")

        clinic_file.write_text(clinic_file.read_text().replace('"555-0142"', '"555-0177"'))
        deadline = time.monotonic() + 10
        reply = ""
        while time.monotonic() < deadline and "555-0177" not in reply:
            time.sleep(1)
            reply = patient.reply_text("what is the phone number")
        assert "555-0177" in reply, "an edit to the clinic file should show within seconds"
    finally:
        stack.stop()


@pytest.mark.parametrize(
    ("fixture", "field"),
    [("bad_reversed_hours.yml", "hours"), ("bad_missing_phone.yml", "phone")],
)
def test_a_malformed_clinic_file_stops_start_up_naming_file_and_field(fixture, field):
    clinic_file = CLINICS / fixture
    if not clinic_file.exists():
        pytest.fail(f"fixture {clinic_file} is missing")
    env = {**os.environ, "PAINPATH_CLINIC_FILE": str(clinic_file), "PYTHONPATH": str(REPO_ROOT)}
    result = subprocess.run(
        [sys.executable, "-m", "bot.launcher"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert fixture in result.stderr and field in result.stderr
