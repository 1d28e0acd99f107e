"""The per-day aggregates match the conversations written to the tracker store, folded at once
or bit by bit."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import sqlalchemy as sa
from conversations import CLINIC_ZONE, ConversationWriter, Turn, local_time

from bot.staff import console_db as db
from bot.staff import reports
from bot.staff.console_db import open_console_db
from bot.staff.fold import AggregateFold
from bot.staff.reports import DateRange
from bot.staff.tracker_source import TrackerSource

ESI = "epidural_steroid_injection"
NOV = DateRange(date(2026, 11, 1), date(2026, 11, 30))


def answered(text: str, procedure: str, topic: str, at: str, channel: str = "rest") -> Turn:
    slots = {"procedure": procedure, "topic": topic, "subject": procedure}
    return Turn(text, "ask_" + topic, slots=slots, at=local_time(at), channel=channel)


def fallback(text: str, response: str, at: str, channel: str = "rest") -> Turn:
    return Turn(
        text, "nlu_fallback", "action_default_fallback", (response,), at=local_time(at),
        channel=channel,
    )  # fmt: skip


def red_flag(text: str, kind: str, at: str, channel: str = "rest") -> Turn:
    return Turn(
        text,
        f"red_flag_{kind}",
        "action_respond_red_flag",
        (f"utter_red_flag_{kind}", None),
        at=local_time(at),
        channel=channel,
    )


def write_clinic_week(tracker_db: Path) -> None:
    """Three conversations over two days on two channels."""
    writer = ConversationWriter(tracker_db)
    writer.write(
        "web-1",
        [
            answered("what is an epidural", ESI, "what_is", "2026-11-09 09:00"),
            answered("how do I get ready", ESI, "prepare", "2026-11-09 09:01"),
            fallback("can my cat come along", "utter_did_you_mean", "2026-11-09 09:02"),
            red_flag("my legs went numb and I can't pee", "emergency", "2026-11-09 09:03"),
        ],
    )  # fmt: skip
    writer.write(
        "twilio-abc",
        [
            fallback("blorp", "utter_default", "2026-11-09 23:30", "twilio"),
            Turn(
                "hola",
                "other_language",
                "action_reply_other_language",
                ("utter_other_language",),
                at=local_time("2026-11-09 23:31"),
                channel="twilio",
            ),  # fmt: skip
            Turn(
                "a person please",
                "request_human",
                "action_hand_off_to_person",
                ("utter_hand_off",),
                at=local_time("2026-11-09 23:32"),
                channel="twilio",
            ),  # fmt: skip
        ],
    )
    writer.write(
        "web-2",
        [
            red_flag("I want to end it all", "crisis", "2026-11-10 14:00"),
            Turn(
                "/ask_prepare",
                "ask_prepare",
                "action_default_ask_rephrase",
                ("utter_ask_rephrase",),
                at=local_time("2026-11-10 14:01"),
            ),  # fmt: skip
            Turn(
                "the knee one",
                "ask_what_is",
                slots={"procedure": "genicular_rfa", "topic": "what_is"},
                at=local_time("2026-11-10 14:02"),
                repeated_by_fallback=True,
            ),  # fmt: skip
        ],
    )


def test_overview_counts_what_the_conversations_hold(tracker_db: Path, fold: AggregateFold) -> None:
    write_clinic_week(tracker_db)
    result = fold.run()
    assert result.events > 0
    overview = reports.overview(fold.console, NOV)
    assert overview.channels == ["rest", "twilio"]
    assert overview.total("conversations") == 3
    assert overview.per_day("conversations", "rest")[8:10] == [1, 1]  # Nov 9 and 10
    assert overview.per_day("conversations", "twilio")[8] == 1
    # 4 + 3 + 3 turns; the message the two-stage fallback stored twice counts once.
    assert overview.total("messages") == 10
    assert overview.total("fell_back") == 3  # two fallbacks and the rephrase after a button
    assert overview.total("red_flag:emergency") == 1
    assert overview.total("red_flag:crisis") == 1
    assert overview.total("hand_offs") == 1
    assert overview.total("other_language") == 1
    assert overview.median_turns == 3
    assert overview.fell_back_share() == 0.3


def test_days_are_the_clinics_own(tracker_db: Path, fold: AggregateFold) -> None:
    write_clinic_week(tracker_db)
    fold.run()
    twilio = reports.overview(fold.console, NOV).per_day("messages", "twilio")
    assert twilio[8] == 3  # 23:30 in Chicago is Nov 10 in UTC, but Nov 9 at the clinic
    assert sum(twilio) == 3


def test_topics_missed_and_safety_come_from_the_turns(
    tracker_db: Path, fold: AggregateFold
) -> None:
    write_clinic_week(tracker_db)
    fold.run()
    topics = {(t.subject, t.topic): t.count for t in reports.topics(fold.console, NOV)}
    assert topics == {
        ("epidural_steroid_injection", "what_is"): 1,
        ("epidural_steroid_injection", "prepare"): 1,
        ("genicular_rfa", "what_is"): 1,
    }
    missed, total = reports.missed_messages(fold.console, fold.source, NOV)
    assert total == 2  # the button press is not a patient's question
    assert {(m.text, m.response) for m in missed} == {
        ("can my cat come along", "utter_did_you_mean"),
        ("blorp", "utter_default"),
    }
    safety = reports.safety(fold.console, fold.source, NOV)
    assert safety.total == 2
    assert safety.by_kind_channel == {("emergency", "rest"): 1, ("crisis", "rest"): 1}
    assert safety.by_kind_hour[("emergency", 9)] == 1
    crisis = next(t for t in safety.turns if t.kind == "crisis")
    assert crisis.reference.startswith("C")
    assert [line.text for line in crisis.lines if line.flagged] == ["I want to end it all"]
    assert "web-2" not in repr(safety)


def test_folding_bit_by_bit_gives_the_same_figures(tmp_path: Path, tracker_db: Path) -> None:
    write_clinic_week(tracker_db)
    source = TrackerSource(f"sqlite:///{tracker_db}")
    at_once = AggregateFold(open_console_db(tmp_path / "once.db"), source, CLINIC_ZONE)
    at_once.run()
    # Batches of 3 events split every turn from its reply at some point.
    small = AggregateFold(open_console_db(tmp_path / "bits.db"), source, CLINIC_ZONE, 0, 3)
    small.run()
    for table in (db.daily_counts, db.topic_daily, db.missed_messages, db.safety_events):
        assert _rows(small.console, table) == _rows(at_once.console, table)
    assert _rows(small.console, db.conversations) == _rows(at_once.console, db.conversations)


def test_new_events_are_folded_in_on_the_next_run(tracker_db: Path, fold: AggregateFold) -> None:
    writer = ConversationWriter(tracker_db)
    writer.write("web-1", [fallback("blorp", "utter_default", "2026-11-09 09:00")])
    fold.run()
    assert reports.overview(fold.console, NOV).total("messages") == 1
    # The same conversation goes on (same session), and a reply comes in a later run.
    writer.write(
        "web-1",
        [answered("what is rfa", "radiofrequency_ablation", "what_is", "2026-11-09 09:05")],
        new_session=False,
    )
    second = fold.run()
    assert second.events > 0
    overview = reports.overview(fold.console, NOV)
    assert overview.total("messages") == 2
    assert overview.total("conversations") == 1
    assert overview.median_turns == 2
    assert fold.run().events == 0


def test_a_store_that_does_not_exist_yet_reads_as_empty(fold: AggregateFold) -> None:
    assert fold.run().events == 0
    assert reports.overview(fold.console, NOV).total("messages") == 0


def test_events_newer_than_the_settle_time_wait(tracker_db: Path, fold: AggregateFold) -> None:
    write_clinic_week(tracker_db)
    held = AggregateFold(fold.console, fold.source, fold.clock.zone, settle_seconds=60)
    # Everything happened "just now" relative to this clock: nothing is folded yet.
    assert held.run(now=local_time("2026-11-09 09:00")).events == 0
    assert held.run(now=local_time("2026-12-01 00:00")).events > 0


def test_another_store_or_time_zone_starts_afresh(tracker_db: Path, fold: AggregateFold) -> None:
    write_clinic_week(tracker_db)
    fold.run()
    from zoneinfo import ZoneInfo

    utc = AggregateFold(fold.console, fold.source, ZoneInfo("UTC"))
    utc.run()
    twilio = reports.overview(utc.console, NOV).per_day("messages", "twilio")
    assert twilio[8:10] == [0, 3]  # counted again, by UTC days, not added to the old ones


def _rows(engine: sa.engine.Engine, table: sa.Table) -> list[tuple]:
    with engine.connect() as connection:
        rows = connection.execute(sa.select(table)).all()
    return sorted(tuple(row) for row in rows)
