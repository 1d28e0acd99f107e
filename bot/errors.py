"""Errors PainPath raises; each message names the file, the field and the fix.

The tree (catch the narrowest class that fits):

    PainPathError                 anything PainPath raises on purpose
    ├── ContentError              a data file or setting is wrong: file, field, fix (+ `more`)
    │   ├── ClinicFileError       clinic.yml, the clinic API's data, a clinic setting (bot/clinic)
    │   ├── TermsFileError        content/terms.yml (bot/terms_file.py)
    │   ├── KnowledgeError        sources.yml, knowledge/**, expected_effects.yml (bot/knowledge)
    │   ├── RedFlagRulesError     content/safety/*.yml (bot/safety/errors.py)
    │   └── CueFileError          content/conversation/*.yml (bot/conversation/cues.py)
    ├── ClinicUnavailableError    no valid clinic data has ever been loaded
    ├── WebConfigError            a widget-server setting (bot/web/config.py)
    ├── StaffUserError            a staff account (bot/staff/users.py)
    ├── EncoderFilesError         the sentence encoder's files (bot/nlu/encoder_files.py)
    ├── WebhookSignatureError     a messaging webhook's signature (bot/channels/signatures.py)
    ├── PlatformCallFailed        a call to a messaging platform (bot/channels/platform_api.py)
    ├── RedactionError            an event that could not be redacted for storing (privacy/)
    └── UnsupportedRasaError      a Rasa version the server patches were not made for (server.py)

Other content files (topics, redaction patterns, channel profiles, replies, insurer aliases) and
environment settings raise ContentError itself.

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
