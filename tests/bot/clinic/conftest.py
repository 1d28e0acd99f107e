"""Shared fixtures for the clinic data layer: sample files and the canonical procedure ids."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.paths import REPO_ROOT

SAMPLE_CLINIC = REPO_ROOT / "clinic.yml"
FIXTURES = REPO_ROOT / "tests" / "fixtures" / "clinics"

# The canonical ids listed in docs/architecture.md; tests pass them explicitly so they do not
# depend on content/terms.yml, which another part of the project owns.
PROCEDURE_IDS = frozenset(
    {
        "epidural_steroid_injection",
        "interlaminar_esi",
        "transforaminal_esi",
        "caudal_esi",
        "nerve_block",
        "medial_branch_block",
        "stellate_ganglion_block",
        "lumbar_sympathetic_block",
        "radiofrequency_ablation",
        "genicular_rfa",
        "spinal_cord_stimulation",
        "scs_trial",
        "scs_implant",
    }
)


@pytest.fixture
def procedure_ids() -> frozenset[str]:
    return PROCEDURE_IDS


@pytest.fixture
def sample_clinic_path() -> Path:
    return SAMPLE_CLINIC


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture
def sample_data() -> dict:
    """The sample clinic file as plain data, safe to modify in a test."""
    return yaml.safe_load(SAMPLE_CLINIC.read_text(encoding="utf-8"))


class FakeClock:
    """A monotonic clock the test moves by hand, so reload and cache timing are exact."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()
