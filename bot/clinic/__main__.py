"""`python -m bot.clinic check [path]`: validate the clinic file before the bot starts."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.clinic.directory import DEFAULT_CLINIC_FILE, DEFAULT_TERMS_FILE, procedure_ids_in
from bot.clinic.file_source import load_clinic_file
from bot.errors import ContentError

EXIT_OK = 0
EXIT_INVALID = 2


def main(argv: Sequence[str] | None = None) -> int:
    """Exit 0 with a one-line summary, or 2 with the error naming file, field and fix."""
    parser = argparse.ArgumentParser(prog="python -m bot.clinic")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate a clinic file")
    check.add_argument(
        "path",
        nargs="?",
        default=os.environ.get("PAINPATH_CLINIC_FILE") or DEFAULT_CLINIC_FILE,
        help="clinic file (default: $PAINPATH_CLINIC_FILE or clinic.yml)",
    )
    check.add_argument("--terms", type=Path, default=DEFAULT_TERMS_FILE, help="terms.yml")
    args = parser.parse_args(argv)
    try:
        procedure_ids = procedure_ids_in(args.terms)
        clinic = load_clinic_file(args.path, procedure_ids)
    except ContentError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_INVALID
    offered = sum(policy.offered for policy in clinic.procedures.values())
    unchecked = "" if procedure_ids is not None else f" (ids not checked: no {args.terms})"
    print(
        f"{args.path} OK: {clinic.name}, {len(clinic.locations)} location(s), "
        f"{offered} procedure(s) offered{unchecked}"
    )
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
