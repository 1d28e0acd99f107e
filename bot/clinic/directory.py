"""The one object actions ask for clinic facts; it hides whether they come from a file or an API."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Protocol

from bot.clinic.api_source import DEFAULT_CACHE_SECONDS, DEFAULT_TIMEOUT_SECONDS, ClinicApiSource
from bot.clinic.file_source import ClinicFileSource
from bot.clinic.schema import Clinic
from bot.environment import positive_number
from bot.errors import ClinicFileError
from bot.paths import DEFAULT_CLINIC_FILE
from bot.terms_file import DEFAULT_TERMS_FILE, read_terms_file

log = logging.getLogger(__name__)


class ClinicSource(Protocol):
    """What a clinic backend offers: the current clinic and a description for logs."""

    async def current(self) -> Clinic: ...

    def describe(self) -> str: ...


class ClinicDirectory:
    """Clinic facts for actions: `await directory.current()` always returns a valid Clinic."""

    def __init__(self, source: ClinicSource) -> None:
        self.source = source

    @classmethod
    def from_env(
        cls,
        environ: Mapping[str, str] | None = None,
        procedure_ids: Iterable[str] | None = None,
    ) -> ClinicDirectory:
        """API backend when PAINPATH_CLINIC_URL is set, else the file PAINPATH_CLINIC_FILE."""
        env = os.environ if environ is None else environ
        if procedure_ids is None:
            procedure_ids = procedure_ids_in(DEFAULT_TERMS_FILE)
            if procedure_ids is None:
                log.warning(
                    "%s not found: procedure ids in the clinic file are not checked",
                    DEFAULT_TERMS_FILE,
                )
        url = env.get("PAINPATH_CLINIC_URL", "").strip()
        if url:
            token = env.get("PAINPATH_CLINIC_TOKEN", "").strip()
            source: ClinicSource = ClinicApiSource(
                url,
                procedure_ids,
                timeout_seconds=_seconds(env, "PAINPATH_CLINIC_TIMEOUT", DEFAULT_TIMEOUT_SECONDS),
                cache_seconds=_seconds(env, "PAINPATH_CLINIC_CACHE_SECONDS", DEFAULT_CACHE_SECONDS),
                headers={"Authorization": f"Bearer {token}"} if token else None,
            )
        else:
            path = env.get("PAINPATH_CLINIC_FILE", "").strip() or DEFAULT_CLINIC_FILE
            source = ClinicFileSource(path, procedure_ids)
        log.info("Clinic data from %s", source.describe())
        return cls(source)

    async def current(self) -> Clinic:
        """The clinic as it is now (reloaded or re-fetched by the backend when due)."""
        return await self.source.current()


def procedure_ids_in(terms_file: Path) -> list[str] | None:
    """The canonical procedure ids (keys of `procedures:` in terms.yml); None if it is absent."""
    return list(read_terms_file(terms_file).procedures) if terms_file.exists() else None


def _seconds(env: Mapping[str, str], name: str, default: float) -> float:
    return positive_number(env, name, default, ClinicFileError)
