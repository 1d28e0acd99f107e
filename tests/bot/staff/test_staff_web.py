"""The console on the widget server: access rules, the views' figures, exports and escaping."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import numpy as np
import pytest
import sqlalchemy as sa
import yaml
from conversations import ConversationWriter, Turn, local_time
from sanic import Sanic
from test_staff_fold import write_clinic_week

from bot.staff import console as console_module
from bot.staff.console_db import open_console_db, staff_sessions
from bot.staff.settings import StaffSettings
from bot.staff.users import StaffUsers
from bot.web import WebConfig, create_app
from tests.asgi_client import asgi_client

Sanic.test_mode = True
PASSWORD = "a long staff password"
NOVEMBER = "from=2026-11-01&to=2026-11-30"
VIEWS = ("/staff/", "/staff/topics", "/staff/missed", "/staff/safety", "/staff/content")
EXPORTS = ("overview", "topics", "missed", "safety", "content")
app_count = 0


class WordsEncoder:
    """Stands in for the sentence encoder: texts sharing their first word are 'alike'."""

    def __init__(self) -> None:
        self.error = None

    def start(self) -> None:
        pass

    def wait(self, timeout: float):  # noqa: ANN201
        def embed(texts: list[str]) -> np.ndarray:
            vectors = np.zeros((len(texts), 64), dtype=np.float32)
            for row, text in enumerate(texts):
                vectors[row, hash(text.split()[0].lower()) % 64] = 1.0
            return vectors

        return embed


@pytest.fixture
def settings(tmp_path: Path, tracker_db: Path) -> StaffSettings:
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(
        "tracker_store:\n"
        "  type: bot.privacy.tracker_store.RedactingSQLTrackerStore\n"
        "  dialect: sqlite\n"
        f"  db: {tracker_db}\n"
    )
    write_clinic_week(tracker_db)
    ConversationWriter(tracker_db).write(
        "web-3",
        [
            Turn(
                "<script>alert(1)</script> =cmd|x",
                "nlu_fallback",
                "action_default_fallback",
                ("utter_default",),
                at=local_time("2026-11-11 10:00"),
            )
        ],  # fmt: skip
    )
    staff_db = tmp_path / "staff.db"
    StaffUsers(open_console_db(staff_db)).add("ann", PASSWORD)
    return StaffSettings(
        db_path=staff_db, endpoints=endpoints, secret_env="s" * 40, timezone="America/Chicago"
    )


@pytest.fixture
async def client(
    settings: StaffSettings, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[httpx.AsyncClient]:
    global app_count
    app_count += 1
    monkeypatch.setattr(console_module, "LazyEncoder", WordsEncoder)
    app = create_app(WebConfig(), name=f"staff_test_{app_count}", staff=settings)
    async with asgi_client(app, base_url="http://clinic.test:8000") as http:
        yield http


async def sign_in(client: httpx.AsyncClient, password: str = PASSWORD, name: str = "ann"):  # noqa: ANN201
    form = await client.get("/staff/login")
    token = form.text.split('name="csrf_token" value="')[1].split('"')[0]
    return await client.post(
        "/staff/login", data={"name": name, "password": password, "csrf_token": token}
    )


async def test_without_a_session_pages_go_to_sign_in_and_exports_answer_401(client) -> None:  # noqa: ANN001
    for path in VIEWS:
        answer = await client.get(path)
        assert (answer.status_code, answer.headers["location"]) == (303, "/staff/login"), path
    for view in EXPORTS:
        assert (await client.get(f"/staff/export/{view}.csv")).status_code == 401
    assert (await client.get("/staff/missed/group-1.yml")).status_code == 401
    assert (await client.post("/staff/logout")).status_code == 403


async def test_sign_in_sets_a_strict_http_only_cookie_and_shows_the_overview(client) -> None:  # noqa: ANN001
    answer = await sign_in(client)
    assert (answer.status_code, answer.headers["location"]) == (303, "/staff/")
    cookie = next(
        c for c in answer.headers.get_list("set-cookie") if c.startswith("painpath_staff=")
    )
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/staff" in cookie
    assert "Secure" not in cookie  # plain http here; see the https test
    overview = await client.get(f"/staff/?{NOVEMBER}")
    assert overview.status_code == 200
    assert "default-src 'none'" in overview.headers["content-security-policy"]
    assert "<dt>Conversations</dt><dd>4</dd>" in overview.text
    assert "<dt>Patient messages (turns)</dt><dd>11</dd>" in overview.text
    assert "<dt>Red-flag replies</dt><dd>2</dd>" in overview.text


async def test_a_wrong_password_or_a_missing_token_signs_nobody_in(client, caplog) -> None:  # noqa: ANN001
    caplog.set_level(logging.INFO, logger="painpath.staff.audit")
    wrong = await sign_in(client, password="not the password")
    assert wrong.status_code == 401 and "Wrong name or password" in wrong.text
    assert "painpath_staff=" not in " ".join(wrong.headers.get_list("set-cookie"))
    await client.get("/staff/login")
    no_token = await client.post("/staff/login", data={"name": "ann", "password": PASSWORD})
    assert no_token.status_code == 403
    assert (await client.get("/staff/")).status_code == 303
    assert "staff sign-in failed user=ann" in caplog.text
    assert PASSWORD not in caplog.text and "not the password" not in caplog.text


async def test_too_many_failures_lock_the_name_even_with_the_right_password(client) -> None:  # noqa: ANN001
    for _ in range(5):
        assert (await sign_in(client, password="wrong password!")).status_code == 401
    locked = await sign_in(client)
    assert locked.status_code == 429
    assert int(locked.headers["retry-after"]) > 0


async def test_sign_out_needs_the_csrf_token_and_ends_the_session(client) -> None:  # noqa: ANN001
    await sign_in(client)
    page = (await client.get("/staff/")).text
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    assert (await client.post("/staff/logout", data={})).status_code == 403
    assert (await client.get("/staff/")).status_code == 200
    out = await client.post("/staff/logout", data={"csrf_token": token})
    assert (out.status_code, out.headers["location"]) == (303, "/staff/login")
    assert (await client.get("/staff/")).status_code == 303


async def test_an_expired_session_goes_back_to_sign_in(client, settings) -> None:  # noqa: ANN001
    await sign_in(client)
    with open_console_db(settings.db_path).begin() as connection:
        connection.execute(staff_sessions.update().values(expires=1.0))
    assert (await client.get("/staff/")).status_code == 303
    assert (await client.get("/staff/export/overview.csv")).status_code == 401


async def test_each_view_shows_what_the_conversations_hold(client, caplog) -> None:  # noqa: ANN001
    caplog.set_level(logging.INFO, logger="painpath.staff.audit")
    await sign_in(client)
    topics = (await client.get(f"/staff/topics?{NOVEMBER}")).text
    assert "Epidural steroid injection" in topics
    missed = (await client.get(f"/staff/missed?{NOVEMBER}")).text
    assert "can my cat come along" in missed and "blorp" in missed
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in missed and "<script>" not in missed
    safety = (await client.get(f"/staff/safety?{NOVEMBER}")).text
    assert "I want to end it all" in safety and "<mark>" in safety
    assert "web-2" not in safety and "twilio-abc" not in safety
    content = await client.get("/staff/content")
    assert content.status_code == 200 and "What the patient reads" in content.text
    assert "staff sign-in user=ann" in caplog.text


async def test_exports_are_csv_with_the_figures_and_no_formulas(client, caplog) -> None:  # noqa: ANN001
    caplog.set_level(logging.INFO, logger="painpath.staff.audit")
    await sign_in(client)
    overview = await client.get(f"/staff/export/overview.csv?{NOVEMBER}")
    assert overview.headers["content-type"].startswith("text/csv")
    assert "attachment" in overview.headers["content-disposition"]
    lines = overview.text.splitlines()
    assert lines[0].startswith("day,channel,conversations,messages,fell_back,red_flag_emergency")
    assert "2026-11-09,twilio,1,3,1,0,0,0,0,1,1" in lines
    missed = (await client.get(f"/staff/export/missed.csv?{NOVEMBER}")).text
    assert "'=cmd" not in missed  # the cell starts with '<', not a formula
    assert "<script>alert(1)</script> =cmd|x" in missed
    for view in EXPORTS:
        answer = await client.get(f"/staff/export/{view}.csv?{NOVEMBER}")
        assert answer.status_code == 200 and answer.text.count("\n") >= 2, view
    assert (await client.get("/staff/export/secrets.csv")).status_code == 404
    assert "staff export user=ann" in caplog.text and "view=safety" in caplog.text


async def test_a_missed_group_downloads_as_rasa_nlu_training_data(client) -> None:  # noqa: ANN001
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

    await sign_in(client)
    block = await client.get(f"/staff/missed/group-1.yml?{NOVEMBER}")
    assert block.status_code == 200
    data = yaml.safe_load(block.text)
    assert data["nlu"][0]["intent"] == "CHOOSE_AN_INTENT"
    examples = RasaYAMLReader().reads(block.text).intent_examples
    assert examples and all(m.get("intent") == "CHOOSE_AN_INTENT" for m in examples)
    assert (await client.get(f"/staff/missed/group-99.yml?{NOVEMBER}")).status_code == 404


async def test_cookies_are_secure_over_https(settings, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(console_module, "LazyEncoder", WordsEncoder)
    app = create_app(WebConfig(), name="staff_test_https", staff=settings)
    async with asgi_client(app, base_url="https://clinic.test") as http:
        answer = await sign_in(http)
    cookie = next(
        c for c in answer.headers.get_list("set-cookie") if c.startswith("painpath_staff=")
    )
    assert "Secure" in cookie


def test_the_console_stores_no_patient_text(settings: StaffSettings) -> None:
    import asyncio

    async def visit() -> None:
        app = create_app(WebConfig(), name="staff_test_no_text", staff=settings)
        async with asgi_client(app) as http:
            await sign_in(http)
            for path in VIEWS[:-1]:
                await http.get(f"{path}?{NOVEMBER}")

    asyncio.run(visit())
    connection = sa.create_engine(f"sqlite:///{settings.db_path}").raw_connection()
    dump = "\n".join(connection.iterdump())
    connection.close()
    for text in ("can my cat come along", "I want to end it all", "blorp", "web-2"):
        assert text not in dump


async def test_each_export_holds_its_views_rows(client) -> None:  # noqa: ANN001
    import csv
    import io

    await sign_in(client)

    async def rows(view: str) -> list[dict[str, str]]:
        text = (await client.get(f"/staff/export/{view}.csv?{NOVEMBER}")).text
        return list(csv.DictReader(io.StringIO(text)))

    topics = {(r["subject"], r["topic"]): r["asked"] for r in await rows("topics")}
    assert topics[("epidural_steroid_injection", "what_is")] == "1"
    assert topics[("epidural_steroid_injection", "prepare")] == "1"
    assert topics[("genicular_rfa", "what_is")] == "1"
    missed = {r["text"]: r for r in await rows("missed")}
    assert {"can my cat come along", "blorp"} <= set(missed)
    assert "/ask_prepare" not in missed  # a button press is not a question patients typed
    assert missed["blorp"]["replies"] == "utter_default"
    safety = await rows("safety")
    flagged = [(r["kind"], r["text"]) for r in safety if r["flagged"] == "True"]
    assert ("crisis", "I want to end it all") in flagged
    assert ("emergency", "my legs went numb and I can't pee") in flagged
    assert not {"web-1", "web-2"} & {r["conversation"] for r in safety}
    content = await rows("content")
    statuses = [r["status"] for r in content]
    assert set(statuses) <= {"overdue", "due soon", "current", "no entry"} and "current" in statuses
    assert all(r["patient_reads"] and r["sources"] for r in content if r["status"] != "no entry")
    if "overdue" in statuses:  # overdue entries come first
        assert statuses[: statuses.count("overdue")] == ["overdue"] * statuses.count("overdue")
