"""Load and check every data file once before the servers start, so a mistake stops start-up
with a message naming the file and the field, instead of a silent bot later."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from bot.clinic.file_source import load_clinic_file
from bot.errors import PainPathError
from bot.knowledge import KnowledgeBase
from bot.privacy.sender_ids import DEFAULT_KEY_FILE, KEY_ENV, KEY_FILE_ENV, sender_key
from bot.safety.red_flags import RedFlagChecker
from bot.terms import ProcedureTerms
from bot.topics import TopicCatalog


def check_sender_key(environ: dict[str, str] | None = None) -> str:
    """The pseudonym key of messaging conversations: usable, or made now (var/sender-id.key)."""
    env = dict(os.environ) if environ is None else environ
    sender_key(env)
    source = (
        f"${KEY_ENV}" if env.get(KEY_ENV, "").strip() else env.get(KEY_FILE_ENV, DEFAULT_KEY_FILE)
    )
    return f"messaging conversation ids: pseudonyms keyed from {source}"


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
    lines.append(check_sender_key())
    return lines


def main(argv: list[str]) -> int:
    """`python -m bot.preflight CLINIC_FILE`: one line per file checked, or the error and exit 2.

    The launcher runs this in a child process: the checks load spaCy (and with it TensorFlow),
    which the long-running launcher itself should not keep in memory."""
    try:
        lines = check_everything(clinic_file=Path(argv[0]))
    except PainPathError as error:
        print(error, file=sys.stderr)
        return 2
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
