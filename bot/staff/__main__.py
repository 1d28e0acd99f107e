"""`python -m bot.staff add-user NAME | remove-user NAME | list-users | refresh`.

add-user reads the password from standard input when it is not a terminal (one line, so
scripts can pipe it), and asks twice when it is.
"""

from __future__ import annotations

import argparse
import getpass
import sys
import time
from collections.abc import Sequence
from datetime import datetime

from bot.errors import PainPathError
from bot.staff.console_db import open_console_db
from bot.staff.settings import StaffSettings
from bot.staff.users import StaffUsers


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot.staff", description=__doc__.splitlines()[0]
    )
    commands = parser.add_subparsers(dest="command", required=True)
    add = commands.add_parser("add-user", help="create a staff user (password from stdin)")
    add.add_argument("name")
    remove = commands.add_parser("remove-user", help="delete a staff user and end their sessions")
    remove.add_argument("name")
    commands.add_parser("list-users", help="list staff users")
    commands.add_parser(
        "refresh", help="fold new conversations into the console's per-day figures now"
    )
    return parser


def read_password(stdin=sys.stdin) -> str:  # noqa: ANN001 - a text stream
    if not stdin.isatty():
        return stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Same password again: ") != first:
        raise PainPathError("the two passwords differ; nothing was changed")
    return first


def run(args: argparse.Namespace, settings: StaffSettings) -> str:
    users = StaffUsers(open_console_db(settings.db_path))
    if args.command == "add-user":
        user = users.add(args.name, read_password())
        return f"staff user {user.name} added to {settings.db_path}"
    if args.command == "remove-user":
        users.remove(args.name)
        return f"staff user {args.name} removed (their sessions are ended)"
    if args.command == "list-users":
        rows = [
            f"{user.name}\tadded {datetime.fromtimestamp(user.created):%Y-%m-%d %H:%M}"
            for user in users.all()
        ]
        return "\n".join(rows) if rows else f"no staff users yet in {settings.db_path}"
    return refresh(settings)


def refresh(settings: StaffSettings) -> str:
    from bot.staff.fold import AggregateFold
    from bot.staff.tracker_source import TrackerSource

    source = TrackerSource.from_endpoints(settings.endpoints)
    fold = AggregateFold(
        open_console_db(settings.db_path),
        source,
        settings.zone,
        settings.settle_for(source.url.get_backend_name()),
    )
    started = time.monotonic()
    result = fold.run()
    return (
        f"folded {result.events} new events (up to id {result.last_event_id}) from "
        f"{source.description} in {time.monotonic() - started:.1f} s"
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        print(run(args, StaffSettings.from_env()))
    except PainPathError as error:
        print(f"python -m bot.staff {args.command}: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
