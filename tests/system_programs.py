"""Which programs `make system-test-deps` installs, and which markers let a test start them."""

from __future__ import annotations

import os
from pathlib import Path

# Programs from Debian's packages that `make system-test-deps` installs.
SYSTEM_PROGRAMS = frozenset(
    {
        "chromium",
        "chromedriver",
        "nginx",
        "redis-server",
        "redis-cli",
        "initdb",
        "pg_ctl",
        "postgres",
    }
)
# Tests with these markers run only in the steps that install the system packages first.
AFTER_SYSTEM_DEPS = ("browser", "scale")


def started_program(args: object) -> str:
    """The name of the program a Popen call starts (`/usr/sbin/nginx -t` -> `nginx`)."""
    if isinstance(args, (str, bytes, os.PathLike)):
        first = os.fsdecode(args).split()[0] if os.fsdecode(args).split() else ""
    else:
        items = list(args)  # type: ignore[call-overload]
        first = os.fsdecode(items[0]) if items else ""
    return Path(first).name
