"""Procedure and journey answers loaded from content/knowledge, checked when the bot starts.

Public API: ``KnowledgeBase.load()``, ``Entry``, ``Subject``, ``KnowledgeError``, topic names.
"""

from bot.knowledge.errors import KnowledgeError
from bot.knowledge.loader import DEFAULT_CONTENT_ROOT, KnowledgeBase
from bot.knowledge.models import (
    GENERAL_KIND,
    JOURNEY_KIND,
    OPTIONAL_TOPICS,
    PROCEDURE_KIND,
    REQUIRED_TOPICS,
    Entry,
    Review,
    Source,
    Subject,
    allowed_topics,
)

__all__ = [
    "DEFAULT_CONTENT_ROOT",
    "GENERAL_KIND",
    "JOURNEY_KIND",
    "OPTIONAL_TOPICS",
    "PROCEDURE_KIND",
    "REQUIRED_TOPICS",
    "Entry",
    "KnowledgeBase",
    "KnowledgeError",
    "Review",
    "Source",
    "Subject",
    "allowed_topics",
]
