"""For tests against running servers: a staff user made with the real command, and a signed-in
HTTP client of the console."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys

import httpx

from bot.paths import REPO_ROOT

STAFF_PASSWORD = "a long staff password for tests"


def add_staff_user(staff_db: str, name: str = "nurse.lee") -> str:
    """`python -m bot.staff add-user NAME` with the password on stdin, as a script would."""
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "PAINPATH_STAFF_DB": staff_db}
    done = subprocess.run(
        [sys.executable, "-m", "bot.staff", "add-user", name],
        input=STAFF_PASSWORD + "\n", capture_output=True, text=True, env=env,
        cwd=REPO_ROOT, timeout=120,
    )  # fmt: skip
    if done.returncode != 0 and "exists already" not in done.stderr:
        raise AssertionError(f"add-user failed: {done.stderr}")
    return name


def signed_in_client(base_url: str, name: str) -> httpx.Client:
    client = httpx.Client(base_url=base_url, timeout=120)
    form = client.get("/staff/login")
    token = form.text.split('name="csrf_token" value="')[1].split('"')[0]
    answer = client.post(
        "/staff/login", data={"name": name, "password": STAFF_PASSWORD, "csrf_token": token}
    )
    assert answer.status_code == 303, answer.text
    return client


def export_rows(client: httpx.Client, view: str, query: str = "") -> list[dict[str, str]]:
    answer = client.get(f"/staff/export/{view}.csv{query}")
    assert answer.status_code == 200, answer.text
    return list(csv.DictReader(io.StringIO(answer.text)))
