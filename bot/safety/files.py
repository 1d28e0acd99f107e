"""Where the safety data lives; importing this loads nothing heavy (the action server uses it)."""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
SAFETY_CONTENT_DIR = REPO_ROOT / "content" / "safety"
DEFAULT_RULES_FILE = SAFETY_CONTENT_DIR / "red_flags.yml"
DEFAULT_MENTIONS_FILE = SAFETY_CONTENT_DIR / "safety_mentions.yml"
SOURCES_FILE = REPO_ROOT / "content" / "sources.yml"
