"""Where the safety data lives; importing this loads nothing heavy (the action server uses it)."""

from __future__ import annotations

from bot.paths import CONTENT_DIR

SAFETY_CONTENT_DIR = CONTENT_DIR / "safety"
DEFAULT_RULES_FILE = SAFETY_CONTENT_DIR / "red_flags.yml"
DEFAULT_MENTIONS_FILE = SAFETY_CONTENT_DIR / "safety_mentions.yml"
DEFAULT_EXEMPLARS_FILE = SAFETY_CONTENT_DIR / "red_flag_exemplars.yml"
# Safety files a clinician signs off as a whole (each has a `review:` block).
SAFETY_REVIEWED_FILES = (DEFAULT_RULES_FILE, DEFAULT_MENTIONS_FILE, DEFAULT_EXEMPLARS_FILE)
SOURCES_FILE = CONTENT_DIR / "sources.yml"
