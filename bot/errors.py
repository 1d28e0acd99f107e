"""Errors PainPath raises; each message names the file, the field and the fix.

The tree (catch the narrowest class that fits):

    PainPathError                   anything PainPath raises on purpose
    ├── ContentError                a data file is malformed: file, field, fix (+ further problems)
    │   ├── ClinicFileError         clinic.yml, the clinic API's data or a clinic setting
    │   ├── TermsFileError          content/terms.yml (bot/terms.py)
    │   │   └── TermContextError    its context_terms / refinements (bot/term_context.py)
    │   ├── KnowledgeError          content/sources.yml, knowledge/**, expected_effects.yml
    │   └── ...                     one subclass per content loader (red flags, replies, ...)
    └── ClinicUnavailableError      no valid clinic data has ever been loaded

Every ContentError subclass is raised the same way, `error(file, field, fix, more)`, by
`bot.yaml_files.read_yaml` and by the pydantic translator in `bot.content_models`.
"""

from __future__ import annotations


class PainPathError(Exception):
    """Base of every error PainPath raises on purpose."""


class ContentError(PainPathError):
    """A data file (content, clinic, rules) is malformed: says where and how to fix it."""

    def __init__(self, file: object, field: str, fix: str, more: tuple[str, ...] = ()) -> None:
        self.file = str(file)
        self.field = field
        self.fix = fix
        self.more = more
        message = f"{self.file}: field '{field}': {fix}"
        if more:
            message += "\n" + "\n".join(f"{self.file}: {line}" for line in more)
        super().__init__(message)


class ClinicFileError(ContentError):
    """The clinic file, the clinic API's data or a clinic setting is malformed."""


class ClinicUnavailableError(PainPathError):
    """No valid clinic data has ever been loaded, so clinic answers cannot be given."""
