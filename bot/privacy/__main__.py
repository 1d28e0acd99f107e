"""Command line: `python -m bot.privacy purge --days N [--endpoints endpoints.yml] [--dry-run]`."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from bot.errors import PainPathError
from bot.launcher import Settings

DEFAULT_ENDPOINTS = "endpoints.yml"


def build_parser() -> argparse.ArgumentParser:
    """Describe the commands, so `--help` documents the retention job for clinic admins."""
    parser = argparse.ArgumentParser(prog="python -m bot.privacy", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    purge = commands.add_parser(
        "purge", help="delete conversations whose last message is older than --days days"
    )
    purge.add_argument("--days", type=float, required=True, help="retention period in days")
    purge.add_argument(
        "--endpoints",
        default=DEFAULT_ENDPOINTS,
        help=f"Rasa endpoints file with the tracker_store block (default: {DEFAULT_ENDPOINTS})",
    )
    purge.add_argument(
        "--dry-run", action="store_true", help="count what would be removed; delete nothing"
    )
    return parser


def run_purge(days: float, endpoints: str, dry_run: bool) -> str:
    """Purge and return the one-line summary to print."""
    from bot.privacy.purge import purge_old_conversations, sql_store_from_endpoints

    store = sql_store_from_endpoints(endpoints)
    result = purge_old_conversations(store, days, dry_run=dry_run)
    verb = "Would remove" if result.dry_run else "Removed"
    return (
        f"{verb} {result.conversations} conversation(s) ({result.events} events) "
        f"idle for more than {days:g} days from {result.database}."
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; print a fix-it message and return 2 on a configuration error."""
    args = build_parser().parse_args(argv)
    if args.days <= 0:
        print("--days must be more than 0, e.g. --days 30", file=sys.stderr)
        return 2
    # endpoints.yml names ${VARS} that `make run` sets; use the same defaults when they are unset.
    for name, value in Settings.from_env().environment().items():
        os.environ.setdefault(name, value)
    try:
        print(run_purge(args.days, args.endpoints, args.dry_run))
    except PainPathError as error:
        print(f"purge failed: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
