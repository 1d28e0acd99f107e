"""Every way of starting the Rasa server gets PainPath's set-up (bot/server.py): redacted logs
and stored conversations, the speed fix and the guarded action endpoint.

One turn with a phone number in it goes through each path: `rasa run` with Rasa's own `rest:`
channel, the launcher (`make run`), and what `rasa shell` does (load the agent from
endpoints.yml, hand it the message as its `cmdline` channel would).
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from bot.launcher import Stack, rasa_server
from bot.paths import REPO_ROOT
from bot.processes import free_port, stop_servers, wait_for
from tests.e2e.conftest import ARTIFACTS, Patient

pytestmark = pytest.mark.e2e

PHONE = "555-555-0142"
MESSAGE = f"hi, my phone number is {PHONE}"
PHONE_TAG = "[phone]"
INSTALLED_LINE = "PainPath server set-up installed"
GUARDED_LINE = "Action server calls time out after"
LOG_DIR = ARTIFACTS / "server-setup"
# Rasa's debug line with the text of every parsed message.
PARSED_TEXT_LOG = '"parse_data_text": '


def stored_event_texts(db: Path) -> str:
    with sqlite3.connect(db) as connection:
        rows = connection.execute("SELECT data FROM events").fetchall()
    return "\n".join(row[0] for row in rows)


def assert_stored_redacted(db: Path) -> None:
    stored = stored_event_texts(db)
    assert PHONE_TAG in stored, "the patient's message was not stored"
    assert PHONE not in stored


def server_environment(stack: Stack, db: Path) -> dict[str, str]:
    """What endpoints.yml needs, with the shared stack's action server, and debug logs (in
    which Rasa prints every message the patient sends)."""
    env = stack.settings.environment()
    env.update({"PAINPATH_TRACKER_DB": str(db), "LOG_LEVEL": "DEBUG"})
    return env


def test_rasa_run_with_rasas_own_rest_channel(stack: Stack, tmp_path: Path) -> None:
    credentials = tmp_path / "credentials.yml"
    credentials.write_text("rest:\n")
    db = tmp_path / "conversations.db"
    port = free_port()
    server = rasa_server(
        replace(stack.settings, endpoints="endpoints.yml", active_credentials=str(credentials)),
        port,
        "rasa run rest",
    )
    (LOG_DIR / "rasa-run-rest.log").unlink(missing_ok=True)  # its lines are this run's only
    server.start(REPO_ROOT, server_environment(stack, db), LOG_DIR)
    try:
        wait_for([server], timeout=240)
        replies = Patient(port).say(MESSAGE)
    finally:
        stop_servers([server], grace=20)
    log_text = server.log_file.read_text(errors="replace")
    assert replies, "no reply through Rasa's own REST channel"
    assert INSTALLED_LINE in log_text and GUARDED_LINE in log_text
    assert PARSED_TEXT_LOG in log_text, "debug logs are off: the check below is empty"
    assert PHONE not in log_text and PHONE_TAG in log_text
    assert_stored_redacted(db)


def test_the_launcher(stack: Stack, patient: Patient) -> None:
    patient.say(MESSAGE)
    log_text = (ARTIFACTS / "sample-clinic" / "Rasa-server.log").read_text(errors="replace")
    assert INSTALLED_LINE in log_text and GUARDED_LINE in log_text
    assert PHONE not in log_text
    assert_stored_redacted(Path(stack.settings.tracker_db))


# What `rasa shell` does once its console has read a line: rasa.core.run.load_agent_on_start,
# then the `cmdline` channel (Rasa's REST handler) hands the message to the agent.
SHELL_TURN = """
import asyncio, json, logging, sys
from rasa.core.actions.action import RemoteAction
from rasa.core.agent import load_agent
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.console import CmdlineInput
from rasa.core.utils import AvailableEndpoints
from rasa.utils.common import configure_logging_and_warnings
from rasa.utils.log_utils import configure_structlog

# As rasa/__main__.py does for every command: structlog writes through the logging module.
configure_logging_and_warnings(logging.DEBUG)
configure_structlog(logging.DEBUG)

async def turn():
    endpoints = AvailableEndpoints.read_endpoints("endpoints.yml")
    agent = await load_agent(model_path=sys.argv[1], endpoints=endpoints)
    output = CollectingOutputChannel()
    message = UserMessage(sys.argv[2], output, "shell", input_channel=CmdlineInput.name())
    await agent.handle_message(message)
    await agent.action_endpoint.close()
    return {
        "replies": output.messages,
        "agent_endpoint": type(agent.action_endpoint).__name__,
        "processor_endpoint": type(agent.processor.action_endpoint).__name__,
        "reply_check": RemoteAction._validate_action_result.__module__,
    }

print("RESULT " + json.dumps(asyncio.run(turn())), flush=True)
"""


def test_what_rasa_shell_does(stack: Stack, tmp_path: Path) -> None:
    db = tmp_path / "conversations.db"
    done = subprocess.run(
        [sys.executable, "-c", SHELL_TURN, stack.settings.model, MESSAGE],
        cwd=REPO_ROOT,
        env=server_environment(stack, db),
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = done.stdout + done.stderr
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    (LOG_DIR / "shell-turn.log").write_text(output)
    assert done.returncode == 0, output[-3000:]
    result_line = next(line for line in done.stdout.splitlines() if line.startswith("RESULT "))
    result = json.loads(result_line.removeprefix("RESULT "))
    assert result["replies"], "no reply through the cmdline channel"
    assert result["agent_endpoint"] == result["processor_endpoint"] == "GuardedActionEndpoint"
    assert result["reply_check"] == "bot.speed.action_results"
    assert PARSED_TEXT_LOG in output, "debug logs are off: the check below is empty"
    assert PHONE not in output and PHONE_TAG in output
    assert_stored_redacted(db)
