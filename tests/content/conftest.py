"""Every answer rendered once through the real actions with the sample clinic (a few seconds)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from actions import resources
from bot.paths import REPO_ROOT
from bot.review.patient_view import PatientReply, all_replies


@pytest.fixture(scope="session")
def patient_replies() -> Iterator[dict[tuple[str, str], PatientReply]]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PAINPATH_CLINIC_FILE", str(REPO_ROOT / "clinic.yml"))
        patch.delenv("PAINPATH_CLINIC_URL", raising=False)
        resources.clinic_directory.cache_clear()
        replies = {(reply.subject, reply.topic): reply for reply in all_replies()}
        resources.clinic_directory.cache_clear()
    yield replies
