"""Start the real servers (as `make run` does) on free ports and talk to them over REST."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bot.launcher import Settings, Stack
from bot.paths import REPO_ROOT
from bot.processes import free_port

ARTIFACTS = REPO_ROOT / "tests" / "e2e" / "artifacts"


class Patient:
    """One conversation with the assistant through the REST channel."""

    def __init__(self, rasa_port: int, sender: str | None = None) -> None:
        self.url = f"http://127.0.0.1:{rasa_port}/webhooks/rest/webhook"
        self.sender = sender or f"e2e-{uuid.uuid4().hex[:12]}"

    def say(self, text: str) -> list[dict]:
        response = httpx.post(self.url, json={"sender": self.sender, "message": text}, timeout=30)
        response.raise_for_status()
        return response.json()

    def reply_text(self, text: str) -> str:
        """Every text bubble of the reply, joined, for assertions on what the patient reads."""
        return "\n".join(message.get("text", "") for message in self.say(text))


def start_stack(tmp_path: Path, clinic_file: Path, name: str) -> Stack:
    settings = Settings(
        rasa_port=free_port(),
        action_port=free_port(),
        web_port=free_port(),
        clinic_file=str(clinic_file),
        tracker_db=str(tmp_path / "conversations.db"),
        active_credentials=str(tmp_path / "credentials.active.yml"),
        extra_env={"PAINPATH_STAFF_DB": str(tmp_path / "staff.db")},  # the staff console's own
    )
    stack = Stack(settings, log_dir=ARTIFACTS / name)
    stack.start()
    try:
        stack.wait_until_ready(timeout=240)
    except Exception:
        stack.stop()
        raise
    return stack


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The assistant with the sample clinic, shared by the e2e tests."""
    running = start_stack(
        tmp_path_factory.mktemp("stack"), REPO_ROOT / "clinic.yml", "sample-clinic"
    )
    yield running
    running.stop()


@pytest.fixture
def patient(stack: Stack) -> Patient:
    return Patient(stack.settings.rasa_port)
