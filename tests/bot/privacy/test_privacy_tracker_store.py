"""RedactingSQLTrackerStore: the database holds tags, the conversation still continues."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from unittest.mock import MagicMock

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    EntitiesAdded,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from bot.privacy.tracker_store import RedactingSQLTrackerStore

SENDER = "patient-1"
PATIENT_TEXT = "my phone is 555-0123 and dob 01/02/1960"
CLINIC_TEXT = "You can call the clinic at 555-0100."


def _store(domain: Domain, sqlite_file: Path, **kwargs: object) -> RedactingSQLTrackerStore:
    return RedactingSQLTrackerStore(domain=domain, db=str(sqlite_file), **kwargs)


def _first_turn() -> DialogueStateTracker:
    entity = {"entity": "procedure", "value": "epidural_steroid_injection", "start": 0, "end": 3}
    phone_entity = {"entity": "phone", "value": "555-0123", "start": 12, "end": 20}
    user = UserUttered(
        PATIENT_TEXT,
        intent={"name": "inform", "confidence": 0.93},
        entities=[entity, phone_entity],
        metadata={"from": "+1 555 012 3456"},
    )
    return DialogueStateTracker.from_events(
        SENDER,
        [
            ActionExecuted("action_listen"),
            user,
            EntitiesAdded([phone_entity]),
            SlotSet("procedure", "epidural_steroid_injection"),
            SlotSet("callback_phone", "555-0123"),
            SlotSet("safety_hold", False),
            BotUttered(CLINIC_TEXT),
            ActionExecuted("action_listen"),
        ],
    )


def _raw_rows(sqlite_file: Path) -> list[str]:
    with sqlite3.connect(sqlite_file) as connection:
        return [row[0] for row in connection.execute("SELECT data FROM events ORDER BY id")]


async def test_database_file_holds_tags_not_the_patients_identifiers(
    domain: Domain, sqlite_file: Path
) -> None:
    await _store(domain, sqlite_file).save(_first_turn())

    stored = "\n".join(_raw_rows(sqlite_file))
    for identifier in ("555-0123", "01/02/1960", "012 3456"):
        assert identifier not in stored
    assert "[phone]" in stored
    assert "[date]" in stored


async def test_clinic_number_in_bot_text_is_kept(domain: Domain, sqlite_file: Path) -> None:
    await _store(domain, sqlite_file).save(_first_turn())

    bot_rows = [json.loads(row) for row in _raw_rows(sqlite_file)]
    assert [row["text"] for row in bot_rows if row["event"] == "bot"] == [CLINIC_TEXT]


async def test_next_turn_reads_back_conversation_with_slots_intact(
    domain: Domain, sqlite_file: Path
) -> None:
    await _store(domain, sqlite_file).save(_first_turn())

    tracker = await _store(domain, sqlite_file).retrieve(SENDER)

    assert tracker is not None
    assert tracker.get_slot("procedure") == "epidural_steroid_injection"
    assert tracker.get_slot("safety_hold") is False
    assert tracker.get_slot("callback_phone") == "[phone]"
    assert tracker.latest_message.text == "my phone is [phone] and dob [date]"
    assert tracker.latest_message.intent["name"] == "inform"
    assert tracker.latest_bot_utterance.text == CLINIC_TEXT


async def test_follow_up_turn_appends_redacted_events_without_duplicates(
    domain: Domain, sqlite_file: Path
) -> None:
    store = _store(domain, sqlite_file)
    await store.save(_first_turn())
    tracker = await store.retrieve(SENDER)
    tracker.update(UserUttered("email me at jo@example.com", intent={"name": "inform"}))
    tracker.update(BotUttered("Sure."))

    await store.save(tracker)

    rows = _raw_rows(sqlite_file)
    assert len(rows) == len(_first_turn().events) + 2
    assert "jo@example.com" not in "\n".join(rows)
    assert json.loads(rows[-2])["text"] == "email me at [email]"
    assert (await store.retrieve(SENDER)).get_slot("procedure") == "epidural_steroid_injection"


async def test_live_tracker_is_not_changed_by_saving(domain: Domain, sqlite_file: Path) -> None:
    tracker = _first_turn()

    await _store(domain, sqlite_file).save(tracker)

    assert tracker.latest_message.text == PATIENT_TEXT
    assert tracker.get_slot("callback_phone") == "555-0123"


async def test_event_broker_receives_redacted_events(domain: Domain, sqlite_file: Path) -> None:
    broker = MagicMock()

    await _store(domain, sqlite_file, event_broker=broker).save(_first_turn())

    published = json.dumps([call.args[0] for call in broker.publish.call_args_list])
    assert "555-0123" not in published
    assert "[phone]" in published


def test_rasa_builds_the_store_from_an_endpoints_type(domain: Domain, sqlite_file: Path) -> None:
    config = EndpointConfig(
        type="bot.privacy.tracker_store.RedactingSQLTrackerStore",
        dialect="sqlite",
        db=str(sqlite_file),
    )

    store = TrackerStore.create(config, domain=domain)

    assert isinstance(store, RedactingSQLTrackerStore)
    assert sqlite_file.is_file()


def test_sqlite_store_writes_ahead_so_a_turn_does_not_wait_for_a_disk_flush(tmp_path):
    import sqlite3

    from bot.privacy.tracker_store import RedactingSQLTrackerStore

    db = tmp_path / "conversations.db"
    store = RedactingSQLTrackerStore(dialect="sqlite", db=str(db))
    with store.engine.connect() as connection:
        connection.exec_driver_sql("select 1")
    assert sqlite3.connect(db).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


async def test_sqlite_store_reuses_its_connection_from_turn_to_turn(
    domain: Domain, sqlite_file: Path
) -> None:
    """Opening SQLite (and setting WAL) on every query cost about a tenth of each reply."""
    store = _store(domain, sqlite_file)
    opened: list[object] = []
    sa.event.listen(store.engine, "connect", lambda connection, _record: opened.append(connection))

    for _ in range(3):
        await store.save(_first_turn())
        assert await store.retrieve(SENDER) is not None

    assert len(opened) == 1


async def test_a_second_store_on_the_same_file_sees_every_saved_turn(
    domain: Domain, sqlite_file: Path
) -> None:
    """`make purge-conversations` and a restarted server read the file the running server keeps."""
    writer, reader = _store(domain, sqlite_file), _store(domain, sqlite_file)
    await writer.save(_first_turn())

    tracker = await reader.retrieve(SENDER)

    assert tracker is not None
    assert tracker.get_slot("procedure") == "epidural_steroid_injection"


def _turn(text: str) -> list:
    return [
        UserUttered(text, intent={"name": "inform", "confidence": 0.9}),
        ActionExecuted("action_answer"),
        BotUttered(f"About {text}."),
        ActionExecuted("action_listen"),
    ]


async def _a_conversation_with_a_new_session(store: TrackerStore) -> None:
    """A new patient, two turns, a second session, one more turn: each step as Rasa does it."""
    tracker = await store.get_or_create_tracker("patient-2")
    for event in _turn("nerve block"):
        tracker.update(event)
    await store.save(tracker)
    await store.save(tracker)  # saved again with nothing new: nothing is written twice
    tracker = await store.retrieve("patient-2")
    for event in _turn("recovery"):
        tracker.update(event)
    await store.save(tracker)
    tracker = await store.retrieve("patient-2")
    tracker.update(ActionExecuted("action_session_start"))
    tracker.update(SessionStarted())
    tracker.update(ActionExecuted("action_listen"))
    for event in _turn("hours"):
        tracker.update(event)
    await store.save(tracker)


def _stored(store: SQLTrackerStore) -> list[tuple[str, str]]:
    with store.engine.connect() as connection:
        rows = connection.exec_driver_sql("SELECT type_name, data FROM events ORDER BY id")
        return [
            (kind, json.loads(data).get("text") or json.loads(data).get("name"))
            for kind, data in rows
        ]


async def test_the_table_holds_what_rasas_own_store_would_hold(
    domain: Domain, tmp_path: Path
) -> None:
    ours = _store(domain, tmp_path / "ours.db")
    rasas = SQLTrackerStore(domain=domain, dialect="sqlite", db=str(tmp_path / "rasa.db"))

    await _a_conversation_with_a_new_session(ours)
    await _a_conversation_with_a_new_session(rasas)

    assert _stored(ours) == _stored(rasas)
    assert len(_stored(ours)) == 1 + 4 + 4 + 3 + 4
    latest = await ours.retrieve("patient-2")
    assert [e.text for e in latest.events if isinstance(e, UserUttered)] == ["hours"]


async def test_a_turn_read_from_the_store_is_saved_without_counting_rows_again(
    domain: Domain, sqlite_file: Path
) -> None:
    store = _store(domain, sqlite_file)
    await store.save(_first_turn())
    statements: list[str] = []
    sa.event.listen(
        store.engine, "before_cursor_execute", lambda *args: statements.append(args[2].lower())
    )

    tracker = await store.retrieve(SENDER)
    for event in _turn("risks"):
        tracker.update(event)
    await store.save(tracker)

    assert not [s for s in statements if "count(" in s]
    assert len(_raw_rows(sqlite_file)) == len(_first_turn().events) + 4
