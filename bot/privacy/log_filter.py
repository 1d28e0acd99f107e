"""Redact identifiers in log records, since Rasa's debug logs print what the patient typed.

Secrets the channels hold (access tokens, auth tokens) are masked too, wherever they would
appear: a library's error message, a URL (Telegram's API has the bot token in its path), a
traceback. The channels register them with `hide_secret` when they are built.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from bot.privacy.redaction import redact

_installed_factory: Callable[..., logging.LogRecord] | None = None
_factory_before_install: Callable[..., logging.LogRecord] | None = None
SECRET_TAG = "[secret]"
# Shorter values are not secrets worth masking and would blank out ordinary words.
MIN_SECRET_CHARS = 8
_secrets: set[str] = set()


def hide_secret(value: str | None) -> None:
    """Mask this value in every log record from now on (and install the filter)."""
    if value and len(value) >= MIN_SECRET_CHARS:
        _secrets.add(value)
        install()


def mask_secrets(text: str) -> str:
    """The text with every registered secret replaced by [secret] (longest first)."""
    for secret in sorted(_secrets, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, SECRET_TAG)
    return text


def _clean(text: str) -> str:
    # Secrets first: redaction could rewrite part of a token (its digits) and leave the rest.
    return redact(mask_secrets(text))


class RedactingLogFilter(logging.Filter):
    """Rewrite a record's message (with its args merged in) and exception text, redacted."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Redact the record in place and always let it through."""
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a bad format string must not leak or crash the caller
            message = f"{record.msg} {record.args}"
        record.msg = _clean(message)
        record.args = ()
        if record.exc_info and not record.exc_text:
            record.exc_text = _clean(logging.Formatter().formatException(record.exc_info))
        if record.stack_info:
            record.stack_info = _clean(record.stack_info)
        return True


_FILTER = RedactingLogFilter()


def install() -> None:
    """Redact every log record when it is created, whichever logger or handler it goes to.

    A filter on one logger misses its children's records and handlers added later, so the
    filter is applied through the log record factory instead. Calling it twice is harmless.
    """
    global _installed_factory, _factory_before_install
    current = logging.getLogRecordFactory()
    if current is _installed_factory:
        return
    _factory_before_install = current

    def make_redacted_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = current(*args, **kwargs)
        _FILTER.filter(record)
        return record

    _installed_factory = make_redacted_record
    logging.setLogRecordFactory(make_redacted_record)


def uninstall() -> None:
    """Restore the record factory that was active before install() and forget the secrets
    (for tests)."""
    global _installed_factory, _factory_before_install
    _secrets.clear()
    if _installed_factory is not None and logging.getLogRecordFactory() is _installed_factory:
        logging.setLogRecordFactory(_factory_before_install or logging.LogRecord)
    _installed_factory = None
    _factory_before_install = None
