"""The optional billing number: read when given, checked like every phone, absent by default."""

from __future__ import annotations

import pytest
import yaml

from bot.clinic.file_source import load_clinic_file
from bot.clinic.validation import parse_clinic
from bot.errors import ClinicFileError


def test_the_sample_clinic_names_its_billing_office(sample_clinic_path, procedure_ids):
    assert load_clinic_file(sample_clinic_path, procedure_ids).billing_phone == "(555) 010-2300"


def test_a_clinic_without_one_is_still_valid(fixtures_dir, procedure_ids):
    assert load_clinic_file(fixtures_dir / "pacific_valid.yml", procedure_ids).billing_phone is None


def test_a_bad_billing_number_names_the_field(sample_clinic_path, procedure_ids):
    data = yaml.safe_load(sample_clinic_path.read_text(encoding="utf-8"))
    data["billing_phone"] = "call us"
    with pytest.raises(ClinicFileError, match="billing_phone"):
        parse_clinic(data, sample_clinic_path, procedure_ids)
