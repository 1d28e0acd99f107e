"""Load and check every data file once before the servers start, so a mistake stops start-up
with a message naming the file and the field, instead of a silent bot later."""

from __future__ import annotations

import os
from pathlib import Path

from bot.clinic.file_source import load_clinic_file
from bot.knowledge import KnowledgeBase
from bot.safety.red_flags import RedFlagChecker
from bot.terms import ProcedureTerms
from bot.topics import TopicCatalog


def check_everything(clinic_file: Path) -> list[str]:
    """Raise the first data error found; return one summary line per file checked."""
    terms = ProcedureTerms.load()
    knowledge = KnowledgeBase.load()
    TopicCatalog.load()
    RedFlagChecker.from_file()
    lines = [
        f"content: {len(terms.ids)} procedures, {sum(1 for _ in knowledge.entries())} answers",
    ]
    if os.environ.get("PAINPATH_CLINIC_URL"):
        lines.append(f"clinic: from {os.environ['PAINPATH_CLINIC_URL']} (checked when fetched)")
    else:
        clinic = load_clinic_file(clinic_file, frozenset(terms.ids))
        lines.append(f"clinic: {clinic.name} from {clinic_file}")
    return lines
