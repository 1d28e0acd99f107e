"""The staff console at scale (`python -m bench.staff_console`, part of `make bench`).

Writes 100,000 synthetic conversations (1,000,000 events, over 90 days, four channels) into a
SQLite tracker store with Rasa's `events` table, folds them into the console's per-day
aggregates once (timed), then times the overview page for the last 30 days, signed in, through
the widget server's own routes (each request folds in what is new first, as in use), and an
incremental fold of 1,000 new events. Target (issue 16): the 30-day overview under 2 s.
Writes bench/out/staff_console.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from bot.paths import REPO_ROOT
from bot.staff.console_db import open_console_db
from bot.staff.fold import AggregateFold
from bot.staff.settings import StaffSettings
from bot.staff.tracker_source import TrackerSource, events
from bot.staff.users import StaffUsers

OUT = REPO_ROOT / "bench" / "out" / "staff_console.json"
OVERVIEW_TARGET_S = 2.0
ZONE = "America/Chicago"
CHANNELS = ("rest", "socketio", "twilio", "telegram")
DAYS_SPAN = 90
PASSWORD = "bench staff password"
ANSWERED = [
    ("epidural_steroid_injection", "what_is"),
    ("epidural_steroid_injection", "prepare"),
    ("radiofrequency_ablation", "recovery"),
    ("nerve_block", "risks"),
    ("spinal_cord_stimulation", "how_long_relief"),
]


def _turn(sender: str, stamp: float, channel: str, n: int) -> list[tuple]:
    """Five events of one turn: mostly answered, every 10th fell back, every 97th a red flag."""
    user = {"event": "user", "timestamp": stamp, "input_channel": channel,
            "parse_data": {"message_id": f"{sender}-{n}"}}  # fmt: skip
    if n % 97 == 0:
        user["text"], intent = "I want to end it all", "red_flag_crisis"
        action, reply, slots = "action_respond_red_flag", "utter_red_flag_crisis", []
    elif n % 10 == 0:
        user["text"], intent = f"question nobody wrote an answer for {n % 50}", "nlu_fallback"
        action, reply, slots = "action_default_fallback", "utter_default", []
    else:
        procedure, topic = ANSWERED[n % len(ANSWERED)]
        user["text"], intent = f"tell me about {topic}", f"ask_{topic}"
        action, reply, slots = "action_answer_procedure_question", None, [
            ("procedure", procedure), ("topic", topic)
        ]  # fmt: skip
    bot = {"event": "bot", "text": "reply", "metadata": {"utter_action": reply} if reply else {}}
    rows = [
        ("user", stamp, intent, None, user),
        ("action", stamp, None, action, {"event": "action", "name": action}),
        ("bot", stamp, None, None, bot),
    ]
    for name, value in slots:
        rows.append(("slot", stamp, None, None, {"event": "slot", "name": name, "value": value}))
    while len(rows) < 5:
        rows.append(("action", stamp, None, "action_listen", {"event": "action"}))
    return [(sender, kind, t, i, a, json.dumps(d)) for kind, t, i, a, d in rows]


def synthetic_events(conversations: int, first_id: int, end: float) -> Iterator[tuple]:
    """Two turns (ten events) per conversation, spread evenly over DAYS_SPAN days up to `end`."""
    span = DAYS_SPAN * 86400
    for c in range(conversations):
        stamp = end - span + span * c / conversations
        sender = f"bench-{first_id + c}"
        channel = CHANNELS[c % len(CHANNELS)]
        yield from _turn(sender, stamp, channel, 2 * c)
        yield from _turn(sender, stamp + 30, channel, 2 * c + 1)


def write_store(path: Path, conversations: int, first_id: int, end: float) -> int:
    engine = sa.create_engine(f"sqlite:///{path}")
    events.metadata.create_all(engine)
    engine.dispose()
    with sqlite3.connect(path) as connection:
        connection.executemany(
            "INSERT INTO events (sender_id, type_name, timestamp, intent_name, action_name, data)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            synthetic_events(conversations, first_id, end),
        )
        return connection.execute("SELECT count(*) FROM events").fetchone()[0]


async def time_overview(settings: StaffSettings, repeats: int) -> list[float]:
    from bot.web import WebConfig, create_app
    from tests.asgi_client import asgi_client

    app = create_app(WebConfig(), name="staff_bench", staff=settings)
    async with asgi_client(app) as http:
        form = await http.get("/staff/login")
        token = form.text.split('name="csrf_token" value="')[1].split('"')[0]
        signed_in = await http.post(
            "/staff/login", data={"name": "bench", "password": PASSWORD, "csrf_token": token}
        )
        assert signed_in.status_code == 303, signed_in.text
        seconds = []
        for _ in range(repeats):
            started = time.perf_counter()
            page = await http.get("/staff/")  # the default range: the last 30 days
            seconds.append(time.perf_counter() - started)
            assert page.status_code == 200 and "<dt>Conversations</dt>" in page.text
        return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.staff_console", description=__doc__)
    parser.add_argument("--conversations", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    end = datetime.now(ZoneInfo(ZONE)).replace(hour=12, minute=0, second=0).timestamp()
    with tempfile.TemporaryDirectory(prefix="staff-bench-") as scratch:
        tmp = Path(scratch)
        store = tmp / "conversations.db"
        started = time.perf_counter()
        event_count = write_store(store, args.conversations, 0, end)
        print(f"wrote {event_count:,} events in {time.perf_counter() - started:.0f} s", flush=True)

        console = open_console_db(tmp / "staff.db")
        fold = AggregateFold(console, TrackerSource(f"sqlite:///{store}"), ZoneInfo(ZONE))
        started = time.perf_counter()
        fold.run()
        full_fold = time.perf_counter() - started
        print(f"first fold of {event_count:,} events: {full_fold:.1f} s", flush=True)

        StaffUsers(console).add("bench", PASSWORD)
        endpoints = tmp / "endpoints.yml"
        endpoints.write_text(f"tracker_store:\n  type: sql\n  dialect: sqlite\n  db: {store}\n")
        settings = StaffSettings(
            db_path=tmp / "staff.db", endpoints=endpoints, secret_env="b" * 40, timezone=ZONE
        )
        overview = asyncio.run(time_overview(settings, args.repeats))

        write_store(store, 100, args.conversations, end + 3600)  # 1,000 new events
        started = time.perf_counter()
        fold.run()
        incremental = time.perf_counter() - started

    median = statistics.median(overview)
    results = {
        "conversations": args.conversations,
        "events": event_count,
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "first_fold_s": round(full_fold, 1),
        "overview_30_days_s": [round(s, 3) for s in overview],
        "overview_30_days_median_s": round(median, 3),
        "incremental_fold_1000_events_s": round(incremental, 3),
        "target_overview_s": OVERVIEW_TARGET_S,
        "target_met": median < OVERVIEW_TARGET_S,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))
    return 0 if results["target_met"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
