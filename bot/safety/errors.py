"""The error a malformed safety file raises; spaCy-free so the action server can raise it too."""

from __future__ import annotations

from bot.errors import ContentError


class RedFlagRulesError(ContentError):
    """A safety rules file cannot be used; the message names the file, the field and the fix."""
