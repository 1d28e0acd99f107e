"""Fixtures for the knowledge-base tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from mini_content_tree import MiniContent, build_mini_content


@pytest.fixture
def mini_content(tmp_path: Path) -> MiniContent:
    """Parent nerve_block (all topics), child medial_branch_block (two topics), one journey."""
    return build_mini_content(tmp_path)
