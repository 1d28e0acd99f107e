"""One log line per sign-in (and failed or refused one), sign-out and export: who, from where,
what. Never a password, never patient text."""

from __future__ import annotations

import logging

logger = logging.getLogger("painpath.staff.audit")


def audit(action: str, user: str, address: str, **details: object) -> None:
    extra = "".join(f" {key}={value}" for key, value in details.items())
    logger.warning("staff %s user=%s address=%s%s", action, user or "-", address or "-", extra)
