"""Turn on only the channels whose secrets are set, so one credentials.yml serves every clinic.

Rasa stops at start-up when a `${VAR}` in credentials.yml is unset. credentials.yml lists every
channel PainPath supports; the launcher writes the blocks whose variables are all present in the
environment to an active copy and says which channels stay off and why.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from bot.errors import ContentError
from bot.yaml_files import WHOLE_FILE, read_yaml

ENV_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


def _variables(block: Any) -> set[str]:
    return set(ENV_VAR.findall(yaml.safe_dump(block))) if block is not None else set()


def active_channels(
    path: Path, environ: Mapping[str, str]
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The channel blocks to start, and for each channel left off, the variables it lacks."""
    channels = read_yaml(path) or {}
    if not isinstance(channels, dict):
        raise ContentError(path, WHOLE_FILE, "write one block per channel name")
    active, off = {}, {}
    for name, block in channels.items():
        missing = sorted(var for var in _variables(block) if var not in environ)
        if missing:
            off[name] = missing
        else:
            active[name] = block
    return active, off


def write_active_credentials(source: Path, target: Path, environ: Mapping[str, str]) -> list[str]:
    """Write the active copy; return one line per channel left off, for the start-up log."""
    active, off = active_channels(source, environ)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(yaml.safe_dump(active, sort_keys=False), encoding="utf-8")
    return [
        f"{name}: off (set {', '.join(missing)} to turn it on)" for name, missing in off.items()
    ]
