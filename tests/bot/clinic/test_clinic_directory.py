"""Deployers choose file or API with environment variables; bad values are named."""

from __future__ import annotations

import pytest

from bot.clinic.api_source import ClinicApiSource
from bot.clinic.directory import ClinicDirectory
from bot.clinic.file_source import ClinicFileSource
from bot.errors import ClinicFileError


async def test_file_backend_by_default_reads_the_named_file(fixtures_dir, procedure_ids):
    env = {"PAINPATH_CLINIC_FILE": str(fixtures_dir / "pacific_valid.yml")}
    directory = ClinicDirectory.from_env(env, procedure_ids)
    assert isinstance(directory.source, ClinicFileSource)
    assert (await directory.current()).name == "Pacific Coast Spine and Pain"


def test_default_file_is_clinic_yml_in_the_working_directory(procedure_ids):
    directory = ClinicDirectory.from_env({}, procedure_ids)
    assert str(directory.source.path) == "clinic.yml"


def test_url_picks_the_api_backend_with_its_settings(procedure_ids):
    env = {
        "PAINPATH_CLINIC_URL": "https://clinic.example.org/clinic.json",
        "PAINPATH_CLINIC_FILE": "ignored.yml",
        "PAINPATH_CLINIC_TIMEOUT": "2.5",
        "PAINPATH_CLINIC_CACHE_SECONDS": "120",
    }
    source = ClinicDirectory.from_env(env, procedure_ids).source
    assert isinstance(source, ClinicApiSource)
    assert source.cache_seconds == 120
    assert source._client.timeout.read == 2.5


@pytest.mark.parametrize("value", ["soon", "0", "-3"])
def test_bad_timeout_names_the_variable(procedure_ids, value):
    env = {"PAINPATH_CLINIC_URL": "https://x.example.org", "PAINPATH_CLINIC_TIMEOUT": value}
    with pytest.raises(ClinicFileError, match="PAINPATH_CLINIC_TIMEOUT"):
        ClinicDirectory.from_env(env, procedure_ids)
