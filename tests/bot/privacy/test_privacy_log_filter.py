"""Log redaction: what Rasa logs about a patient's message reaches handlers with tags only."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
import structlog
from rasa.shared.core.domain import Domain

from bot.privacy import log_filter
from bot.privacy.log_filter import RedactingLogFilter
from bot.privacy.tracker_store import RedactingSQLTrackerStore

PROCESSOR_LOGGER = "rasa.core.processor"


def test_filter_merges_args_and_redacts() -> None:
    record = logging.LogRecord(
        PROCESSOR_LOGGER,
        logging.DEBUG,
        __file__,
        1,
        "Received user message '%s'",
        ("dob 3/14/1962",),
        None,
    )

    assert RedactingLogFilter().filter(record) is True
    assert record.getMessage() == "Received user message 'dob [date]'"


def test_filter_redacts_exception_text() -> None:
    try:
        raise ValueError("bad member id ABC123456789")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", (), None)
        record.exc_info = __import__("sys").exc_info()

    RedactingLogFilter().filter(record)

    assert "ABC123456789" not in record.exc_text
    assert "[member id]" in record.exc_text


def test_filter_survives_a_broken_format_string() -> None:
    record = logging.LogRecord(
        "x", logging.INFO, __file__, 1, "%d items for %s", ("555-0123",), None
    )

    assert RedactingLogFilter().filter(record) is True
    assert "555-0123" not in record.getMessage()


def test_installed_redaction_covers_rasa_loggers(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    log_filter.install()
    log_filter.install()  # twice is harmless

    logging.getLogger(PROCESSOR_LOGGER).debug("Received user message 'call 555-0123'")

    assert "555-0123" not in caplog.text
    assert "call [phone]" in caplog.text


def test_structlog_json_lines_are_redacted(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    log_filter.install()
    logger = structlog.wrap_logger(
        logging.getLogger(PROCESSOR_LOGGER), processors=[structlog.processors.JSONRenderer()]
    )

    logger.debug("processor.message.parse", parse_data_text="email jo@example.com")

    assert "jo@example.com" not in caplog.text
    assert "[email]" in caplog.text


def test_without_install_logs_are_untouched(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)

    logging.getLogger(PROCESSOR_LOGGER).debug("call 555-0123")

    assert "555-0123" in caplog.text


def test_tracker_store_installs_log_redaction(
    domain: Domain, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    RedactingSQLTrackerStore(domain=domain, db=str(tmp_path / "c.db"))

    logging.getLogger(PROCESSOR_LOGGER).debug("Received user message 'ssn 123-45-6789'")

    assert "123-45-6789" not in caplog.text
