"""The kind words a patient gets when the usual answer cannot come, with the clinic's phone."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from pydantic import Field

from bot.clinic.directory import ClinicDirectory
from bot.content_models import ContentModel, Text, load_model

logger = logging.getLogger(__name__)

REPLIES_FILE = Path(__file__).resolve().parent / "replies.yml"
CLINIC_LOOKUP_SECONDS = 2.0


SENTENCE = "the sentence the patient should read"


class RepliesFile(ContentModel):
    """replies.yml: every line a fallback can say, with and without the clinic's phone."""

    service_trouble: Text = Field(description=SENTENCE)
    service_trouble_no_clinic: Text = Field(description=SENTENCE)
    message_too_long: Text = Field(description=SENTENCE)
    message_too_long_no_clinic: Text = Field(description=SENTENCE)
    no_words: Text = Field(description=SENTENCE)
    no_words_no_clinic: Text = Field(description=SENTENCE)


def load_replies(path: Path = REPLIES_FILE) -> dict[str, str]:
    """Read the reply lines once at start-up; a missing line stops the start with a clear fix."""
    replies = load_model(RepliesFile, path)
    return {key: " ".join(line.split()) for key, line in replies.dict().items()}


class FallbackReplies:
    """Builds each fallback line from the current clinic, falling back to words without a phone."""

    def __init__(self, directory: ClinicDirectory | None, replies: dict[str, str]) -> None:
        self._directory = directory
        self._replies = replies

    @classmethod
    def from_env(cls) -> FallbackReplies:
        """The clinic from PAINPATH_CLINIC_FILE or PAINPATH_CLINIC_URL, as actions read it."""
        replies = load_replies()
        try:
            directory: ClinicDirectory | None = ClinicDirectory.from_env()
        except Exception as error:  # noqa: BLE001 - the fallback must work without a clinic
            logger.error("Fallback replies will not name the clinic's phone: %s", error)
            directory = None
        return cls(directory, replies)

    async def service_trouble(self) -> str:
        """Said when the answer failed, timed out or was empty."""
        return await self._render("service_trouble")

    async def message_too_long(self, max_chars: int) -> str:
        """Said instead of processing a message longer than the limit."""
        return await self._render("message_too_long", max_chars=f"{max_chars:,}")

    async def no_words(self) -> str:
        """Said instead of processing a message with no letters or digits (emoji, markup only)."""
        return await self._render("no_words")

    async def _render(self, key: str, **values: str) -> str:
        contact = await self._contact()
        if contact is None:
            return self._replies[f"{key}_no_clinic"].format(**values)
        return self._replies[key].format(**contact, **values)

    async def _contact(self) -> dict[str, str] | None:
        if self._directory is None:
            return None
        try:
            clinic = await asyncio.wait_for(self._directory.current(), CLINIC_LOOKUP_SECONDS)
        except Exception as error:  # noqa: BLE001 - any clinic problem means "no phone to give"
            logger.error("Clinic details unavailable for the fallback reply: %s", error)
            return None
        return {"clinic_name": clinic.name, "phone": clinic.phone}
