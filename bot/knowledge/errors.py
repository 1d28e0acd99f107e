"""The error raised when knowledge-base content is malformed."""

from __future__ import annotations

from bot.errors import ContentError


class KnowledgeError(ContentError):
    """A knowledge, sources or terms file cannot be used; the message names file, field and fix."""
