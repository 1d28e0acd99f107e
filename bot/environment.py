"""Numbers read from environment variables, with an error that names the variable and the fix."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from bot.errors import ContentError, PainPathError

ENVIRONMENT = "environment"


def positive_number(
    env: Mapping[str, str],
    name: str,
    default: float,
    error: Callable[[str, str, str], PainPathError] = ContentError,
) -> float:
    """The variable as a positive number, the default when unset; anything else is an error."""
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if value <= 0:
        raise error(ENVIRONMENT, name, f"set a positive number like {default:g}; got {raw!r}")
    return value
