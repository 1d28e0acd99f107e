"""Clinic data from a YAML file, reloaded when staff edit it, without restarting the bot."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from bot.clinic.schema import Clinic
from bot.clinic.validation import WHOLE_FILE, parse_clinic
from bot.errors import ClinicFileError
from bot.yaml_files import read_yaml

log = logging.getLogger(__name__)

DEFAULT_RELOAD_SECONDS = 1.0
MISSING_CLINIC_FILE_FIX = (
    "create it from the sample clinic.yml or point PAINPATH_CLINIC_FILE at your clinic file"
)


def load_clinic_file(path: Path | str, procedure_ids: Iterable[str] | None = None) -> Clinic:
    """Read and validate a clinic YAML file; every problem becomes a ClinicFileError."""
    path = Path(path)
    data = read_yaml(path, ClinicFileError, missing_fix=MISSING_CLINIC_FILE_FIX)
    if data is None:
        raise ClinicFileError(
            path, WHOLE_FILE, "the file is empty; start from the sample clinic.yml"
        )
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
