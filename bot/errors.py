"""Errors PainPath raises; each message names the file, the field and the fix."""

from __future__ import annotations


class PainPathError(Exception):
    """Base of every error PainPath raises on purpose."""


class ContentError(PainPathError):
    """A data file (content, clinic, rules) is malformed."""

    def __init__(self, file: object, field: str, fix: str) -> None:
        self.file = str(file)
        self.field = field
        self.fix = fix
        message = f"{self.file}: field '{field}': {fix}"
        super().__init__(message)


class ClinicFileError(PainPathError):
    """The clinic file (or clinic API data) is malformed: says where and how to fix it."""

    def __init__(self, file: object, field: str, fix: str, more: tuple[str, ...] = ()) -> None:
        self.file = str(file)
        self.field = field
        self.fix = fix
        self.more = more
        message = f"{self.file}: field '{field}': {fix}"
        if more:
            message += "\n" + "\n".join(f"{self.file}: {line}" for line in more)
        super().__init__(message)


class ClinicUnavailableError(PainPathError):
    """No valid clinic data has ever been loaded, so clinic answers cannot be given."""
