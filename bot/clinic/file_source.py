"""Clinic data from a YAML file, reloaded when staff edit it, without restarting the bot."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import yaml

from bot.clinic.schema import Clinic
from bot.clinic.validation import WHOLE_FILE, parse_clinic
from bot.errors import ClinicFileError

log = logging.getLogger(__name__)

DEFAULT_RELOAD_SECONDS = 1.0


class _UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that refuses a key written twice (PyYAML would silently keep the last)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                mark = key_node.start_mark
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key {key!r} is written twice", mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def load_clinic_file(path: Path | str, procedure_ids: Iterable[str] | None = None) -> Clinic:
    """Read and validate a clinic YAML file; every problem becomes a ClinicFileError."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ClinicFileError(
            path,
            WHOLE_FILE,
            "file not found; create it from the sample clinic.yml or point "
            "PAINPATH_CLINIC_FILE at your clinic file",
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ClinicFileError(path, WHOLE_FILE, f"cannot read the file ({error})") from None
    if not text.strip():
        raise ClinicFileError(
            path, WHOLE_FILE, "the file is empty; start from the sample clinic.yml"
        )
    try:
        data = yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else WHOLE_FILE
        problem = getattr(error, "problem", None) or str(error)
        raise ClinicFileError(
            path,
            where,
            f"the YAML is malformed ({problem}); check the indentation and put values "
            "containing ':' or '#' in quotes",
        ) from None
    return parse_clinic(data, path, procedure_ids)


class ClinicFileSource:
    """Serves the clinic file, re-checked at most once per interval; keeps the last good copy."""

    def __init__(
        self,
        path: Path | str,
        procedure_ids: Iterable[str] | None = None,
        reload_seconds: float = DEFAULT_RELOAD_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.path = Path(path)
        self.procedure_ids = None if procedure_ids is None else frozenset(procedure_ids)
        self.reload_seconds = reload_seconds
        self.last_error: ClinicFileError | None = None
        self._clock = clock
        self._clinic: Clinic | None = None
        self._signature: tuple[int, int, int] | None = None
        self._checked_at: float | None = None

    def describe(self) -> str:
        """Where the data comes from, for start-up logs."""
        return f"clinic file {self.path}"

    def load(self) -> Clinic:
        """Load now and raise on a bad file: used at start-up, so a broken file stops the bot."""
        signature = self._stat()
        clinic = load_clinic_file(self.path, self.procedure_ids)
        self._clinic, self._signature, self.last_error = clinic, signature, None
        self._checked_at = self._clock()
        return clinic

    async def current(self) -> Clinic:
        """The clinic as the file says now, or the last good copy if the file became invalid."""
        if self._clinic is None:
            return self.load()
        now = self._clock()
        if self._checked_at is not None and now - self._checked_at < self.reload_seconds:
            return self._clinic
        self._checked_at = now
        signature = self._stat()
        if signature != self._signature:
            self._signature = signature
            self._reload()
        return self._clinic

    def _reload(self) -> None:
        try:
            self._clinic = load_clinic_file(self.path, self.procedure_ids)
        except ClinicFileError as error:
            self.last_error = error
            log.error(
                "Clinic file changed but is invalid; still using the last good copy. %s", error
            )
            return
        self.last_error = None
        log.info("Reloaded %s (%s)", self.path, self._clinic.name)

    def _stat(self) -> tuple[int, int, int] | None:
        try:
            stat = os.stat(self.path)
        except OSError:
            return None
        return (stat.st_mtime_ns, stat.st_size, stat.st_ino)
