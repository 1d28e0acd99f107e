"""Redact identifiers in log records, since Rasa's debug logs print what the patient typed."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from bot.privacy.redaction import redact

_installed_factory: Callable[..., logging.LogRecord] | None = None
_factory_before_install: Callable[..., logging.LogRecord] | None = None


class RedactingLogFilter(logging.Filter):
    """Rewrite a record's message (with its args merged in) and exception text, redacted."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Redact the record in place and always let it through."""
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a bad format string must not leak or crash the caller
            message = f"{record.msg} {record.args}"
        record.msg = redact(message)
        record.args = ()
        if record.exc_info and not record.exc_text:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
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
    """Restore the record factory that was active before install() (for tests)."""
    global _installed_factory, _factory_before_install
    if _installed_factory is not None and logging.getLogRecordFactory() is _installed_factory:
        logging.setLogRecordFactory(_factory_before_install or logging.LogRecord)
    _installed_factory = None
    _factory_before_install = None
