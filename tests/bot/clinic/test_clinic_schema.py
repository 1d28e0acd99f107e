"""A clinic manager who mistypes the clinic file gets told the file, the field and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.clinic.__main__ import main as clinic_cli
from bot.clinic.directory import procedure_ids_in
from bot.clinic.file_source import load_clinic_file
from bot.clinic.validation import parse_clinic
from bot.errors import ClinicFileError, PainPathError


def test_sample_clinic_loads_with_its_facts(sample_clinic_path, procedure_ids):
    clinic = load_clinic_file(sample_clinic_path, procedure_ids)
    assert clinic.name == "Riverside Pain Management Center"
    assert clinic.phone == "(555) 010-2000"
    assert [loc.id for loc in clinic.locations] == ["main", "north"]
    assert clinic.offers("epidural_steroid_injection") is True
    assert clinic.offers("stellate_ganglion_block") is False
    assert clinic.offers("caudal_esi") is None  # file is silent: the bot must say "ask the clinic"
    assert clinic.procedures["epidural_steroid_injection"].driver_required is True


def test_second_clinic_differs_and_locations_take_the_clinic_timezone(fixtures_dir, procedure_ids):
    clinic = load_clinic_file(fixtures_dir / "pacific_valid.yml", procedure_ids)
    assert clinic.name == "Pacific Coast Spine and Pain"
    assert clinic.location().timezone == "America/Los_Angeles"
    assert clinic.location("downtown") is clinic.location()
    assert clinic.location("nowhere") is None


@pytest.mark.parametrize(
    ("fixture", "field", "fix_words"),
    [
        ("bad_wrong_type.yml", "first_visit.length_minutes", "whole number of minutes"),
        ("bad_unknown_day.yml", "locations[0].hours.saturday", "mon, tue, wed, thu, fri, sat, sun"),
        ("bad_reversed_hours.yml", "locations[0].hours.sat", "opening time must come before"),
        ("bad_ampm_hours.yml", "locations[0].hours.mon", '"08:00-17:00"'),
        ("bad_missing_phone.yml", "phone", "required field is missing"),
        ("bad_timezone.yml", "timezone", "America/Chicago"),
        ("bad_procedure_id.yml", "procedures.epidural_injection", "epidural_steroid_injection"),
        ("bad_yaml_syntax.yml", "line 9, column 3", "YAML is malformed"),
        ("bad_empty.yml", "(whole file)", "empty"),
    ],
)
def test_each_mistake_names_file_field_and_fix(
    fixture: str, field: str, fix_words: str, fixtures_dir: Path, procedure_ids: frozenset[str]
):
    with pytest.raises(ClinicFileError) as caught:
        load_clinic_file(fixtures_dir / fixture, procedure_ids)
    error = caught.value
    assert error.field == field
    assert fixture in str(error)
    assert f"'{field}'" in str(error)
    assert fix_words in error.fix
    assert isinstance(error, PainPathError)


def _error_for(data: dict) -> ClinicFileError:
    with pytest.raises(ClinicFileError) as caught:
        parse_clinic(data, "clinic.yml", procedure_ids=None)
    return caught.value


def test_phone_written_as_a_number_is_rejected(sample_data):
    sample_data["phone"] = 5550102000
    assert _error_for(sample_data).field == "phone"


def test_closed_written_as_yaml_no_is_explained(sample_data):
    sample_data["locations"][0]["hours"]["sun"] = False  # what YAML makes of `sun: no`
    error = _error_for(sample_data)
    assert error.field == "locations[0].hours.sun"
    assert "closed" in error.fix


def test_insurance_as_text_instead_of_list_is_a_type_error(sample_data):
    sample_data["insurance"]["accepted"] = "Medicare"
    error = _error_for(sample_data)
    assert error.field == "insurance.accepted"
    assert "list" in error.fix


def test_misspelled_field_lists_the_valid_ones(sample_data):
    sample_data["phnoe"] = sample_data.pop("phone")
    error = _error_for(sample_data)
    assert error.field == "phone"  # the first problem: the real field is missing
    assert any("'phnoe' is not a known field" in line for line in error.more)


def test_offered_must_be_true_or_false(sample_data):
    sample_data["procedures"]["genicular_rfa"]["offered"] = "sometimes"
    error = _error_for(sample_data)
    assert error.field == "procedures.genicular_rfa.offered"
    assert "true or false" in error.fix


def test_two_locations_with_one_id_are_rejected(sample_data):
    sample_data["locations"][1]["id"] = "main"
    assert _error_for(sample_data).field == "locations[1].id"


def test_a_clinic_needs_at_least_one_location(sample_data):
    sample_data["locations"] = []
    assert _error_for(sample_data).field == "locations"


def test_key_written_twice_is_caught(tmp_path: Path, sample_clinic_path: Path):
    text = sample_clinic_path.read_text(encoding="utf-8").replace(
        'phone: "(555) 010-2000"\n', 'phone: "(555) 010-2000"\nphone: "(555) 010-2002"\n', 1
    )
    path = tmp_path / "clinic.yml"
    path.write_text(text, encoding="utf-8")
    first = text[: text.index('phone: "(555) 010-2000"')].count("\n") + 1
    with pytest.raises(ClinicFileError) as caught:
        load_clinic_file(path)
    assert caught.value.file == str(path)
    assert caught.value.field == f"line {first + 1}, column 1"
    assert f"'phone' is written twice (first on line {first})" in caught.value.fix


def test_missing_file_says_how_to_point_at_one(tmp_path: Path):
    with pytest.raises(ClinicFileError, match="PAINPATH_CLINIC_FILE"):
        load_clinic_file(tmp_path / "nope.yml")


def test_procedure_ids_come_from_terms_file(tmp_path: Path):
    terms = tmp_path / "terms.yml"
    terms.write_text(
        "procedures:\n  nerve_block: {name: Nerve block, terms: [nerve block]}\n", encoding="utf-8"
    )
    assert procedure_ids_in(terms) == ["nerve_block"]
    assert procedure_ids_in(tmp_path / "absent.yml") is None


def test_cli_check_passes_the_sample_with_a_summary(
    capsys, tmp_path: Path, sample_clinic_path: Path, procedure_ids: frozenset[str]
):
    terms = tmp_path / "terms.yml"
    procedures = {id_: {"name": id_, "terms": [id_.replace("_", " ")]} for id_ in procedure_ids}
    terms.write_text(yaml.safe_dump({"procedures": procedures}))
    assert clinic_cli(["check", str(sample_clinic_path), "--terms", str(terms)]) == 0
    out = capsys.readouterr().out.strip()
    assert len(out.splitlines()) == 1
    assert "Riverside Pain Management Center" in out


def test_cli_check_fails_with_exit_2_and_the_field(capsys, fixtures_dir: Path):
    assert clinic_cli(["check", str(fixtures_dir / "bad_reversed_hours.yml")]) == 2
    assert "locations[0].hours.sat" in capsys.readouterr().err


def _with_appointments(sample_clinic_path: Path, **appointments: object) -> dict:
    data = yaml.safe_load(sample_clinic_path.read_text(encoding="utf-8"))
    data["appointments"] = appointments
    return data


def test_the_sample_clinic_says_how_to_book_move_and_cancel(sample_clinic_path, procedure_ids):
    clinic = load_clinic_file(sample_clinic_path, procedure_ids)
    assert clinic.scheduling_phone == "(555) 010-2050"
    assert clinic.appointments.cancel_notice_hours == 24
    assert clinic.new_patients_need_referral is True


def test_without_appointments_the_main_phone_and_the_referral_rule_answer(
    fixtures_dir, procedure_ids
):
    clinic = load_clinic_file(fixtures_dir / "pacific_valid.yml", procedure_ids)
    assert clinic.appointments is None
    assert clinic.scheduling_phone == clinic.phone
    assert clinic.new_patients_need_referral is False


@pytest.mark.parametrize(
    ("appointments", "field", "fix_words"),
    [
        ({"booking_url": "example.org/book"}, "appointments.booking_url", "https://"),
        ({"cancel_notice_hours": "a day"}, "appointments.cancel_notice_hours", "whole number"),
        ({"cancel_notice_hours": 1000}, "appointments.cancel_notice_hours", "whole number"),
        ({"phone": "call us"}, "appointments.phone", "phone number"),
        ({"online": True}, "appointments.online", "not a known field"),
        (
            {"new_patients_need_referral": False},
            "appointments.new_patients_need_referral",
            "referral.required says true",
        ),
    ],
)
def test_appointment_mistakes_name_the_field_and_the_fix(
    sample_clinic_path, procedure_ids, appointments, field, fix_words
):
    data = _with_appointments(sample_clinic_path, **appointments)
    with pytest.raises(ClinicFileError) as caught:
        parse_clinic(data, "clinic.yml", procedure_ids)
    assert caught.value.field == field
    assert fix_words in caught.value.fix
