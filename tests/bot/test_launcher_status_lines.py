"""`make run` prints each channel's state once it is up, and again whenever it changes."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from bot.launcher import ChannelStatusLines

HEALTH: dict[str, Any] = {}


class Health(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        body = json.dumps(HEALTH).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        return None


@pytest.fixture
def rasa_port() -> Iterator[int]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Health)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()


def test_each_channel_is_shown_then_only_changes(rasa_port: int, capsys) -> None:
    HEALTH.update(
        status="degraded",
        channels={
            "rest": {"state": "ok", "detail": ""},
            "telegram": {
                "state": "registering",
                "detail": "Telegram setWebhook failed after 4 attempts: cannot connect",
            },
        },
    )
    lines = ChannelStatusLines(rasa_port)
    lines.print_changes()
    assert capsys.readouterr().out.splitlines() == [
        "channel rest: ok",
        "channel telegram: registering (Telegram setWebhook failed after 4 attempts: cannot "
        "connect)",
    ]
    lines.next_poll = 0
    lines.print_changes()
    assert capsys.readouterr().out == "", "nothing changed, nothing printed"
    HEALTH["channels"]["telegram"] = {"state": "ok", "detail": ""}
    lines.next_poll = 0
    lines.print_changes()
    assert capsys.readouterr().out.splitlines() == ["channel telegram: ok"]


def test_a_server_that_does_not_answer_prints_nothing(capsys) -> None:
    ChannelStatusLines(9).print_changes()
    assert capsys.readouterr().out == ""
