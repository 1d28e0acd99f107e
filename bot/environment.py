"""Values read from environment variables, with an error that names the variable and the fix."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from bot.errors import ContentError, PainPathError

ENVIRONMENT = "environment"
ALLOWED_ORIGINS = "PAINPATH_ALLOWED_ORIGINS"


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


def allowed_origins(
    env: Mapping[str, str],
    error: Callable[[str, str, str], PainPathError] = ContentError,
) -> tuple[str, ...]:
    """PAINPATH_ALLOWED_ORIGINS: the web origins (https://host[:port], comma-separated) whose
    pages may call the Rasa server and the widget server; each checked, no trailing slash."""
    origins = tuple(
        origin.strip().rstrip("/")
        for origin in env.get(ALLOWED_ORIGINS, "").split(",")
        if origin.strip()
    )
    for origin in origins:
        if not origin.startswith(("http://", "https://")):
            raise error(
                ENVIRONMENT,
                ALLOWED_ORIGINS,
                f"entry {origin!r}: write it as https://host[:port], comma-separated",
            )
    return origins
