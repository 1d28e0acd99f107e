"""Shared fixtures: a small domain, a tmp SQLite store, and log redaction undone after each test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from rasa.shared.core.domain import Domain

from bot.privacy import log_filter

DOMAIN_YAML = """
version: "3.1"
intents: [inform, ask_what_is]
entities: [procedure]
slots:
  procedure:
    type: text
    mappings:
      - type: from_entity
        entity: procedure
  callback_phone:
    type: text
    mappings:
      - type: custom
  safety_hold:
    type: bool
    mappings:
      - type: custom
"""


@pytest.fixture
def domain() -> Domain:
    return Domain.from_yaml(DOMAIN_YAML)


@pytest.fixture
def sqlite_file(tmp_path: Path) -> Path:
    return tmp_path / "var" / "conversations.db"


@pytest.fixture(autouse=True)
def restore_log_record_factory() -> Iterator[None]:
    yield
    log_filter.uninstall()
