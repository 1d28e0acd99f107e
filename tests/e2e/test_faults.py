"""Servers failing under a conversation: the patient is never left in silence, and context survives.

These tests stop and restart servers, so they use a stack of their own, not the shared one.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import pytest

from bot.clinic.file_source import load_clinic_file
from bot.knowledge import KnowledgeBase
from bot.launcher import Stack
from bot.paths import REPO_ROOT
from bot.processes import Server, stop_servers
from tests.e2e.conftest import Patient, start_stack

pytestmark = pytest.mark.e2e

SAMPLE_CLINIC = load_clinic_file(REPO_ROOT / "clinic.yml", None)
KNOWLEDGE = KnowledgeBase.load()
# endpoints.yml gives the action server 5 s; the reply must come soon after, not after 300 s.
ACTION_TIMEOUT_SECONDS = 5.0
SLOW_REPLY_LIMIT_SECONDS = ACTION_TIMEOUT_SECONDS + 5.0


@pytest.fixture(scope="module")
def fault_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    running = start_stack(tmp_path_factory.mktemp("faults"), REPO_ROOT / "clinic.yml", "faults")
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def action_server(fault_stack: Stack) -> Server:
    return fault_stack.servers[0]


@pytest.fixture
def action_server_stopped(fault_stack: Stack, action_server: Server) -> Iterator[None]:
    stop_servers([action_server], grace=15)
    try:
        yield
    finally:
        fault_stack.restart(action_server, timeout=240)


@pytest.fixture
def action_server_hung(fault_stack: Stack, action_server_stopped: None) -> Iterator[None]:
    """A listener on the action port that takes requests and never answers them."""
    with socket.socket() as black_hole:
        black_hole.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        black_hole.bind(("127.0.0.1", fault_stack.settings.action_port))
        black_hole.listen(64)
        yield


def timed_reply(patient: Patient, text: str) -> tuple[str, float]:
    started = time.monotonic()
    reply = patient.reply_text(text)
    return reply, time.monotonic() - started


def test_emergency_still_says_call_911_with_the_action_server_stopped(
    fault_stack: Stack, action_server_stopped: None
) -> None:
    patient = Patient(fault_stack.settings.rasa_port)
    reply = patient.reply_text("I had a shot yesterday and now I can't feel my legs")
    assert "Call 911" in reply
    assert SAMPLE_CLINIC.phone in reply  # the kind fallback adds the clinic's number


def test_a_question_with_the_action_server_stopped_gets_the_clinic_phone(
    fault_stack: Stack, action_server_stopped: None
) -> None:
    patient = Patient(fault_stack.settings.rasa_port)
    for question in ("what is an epidural steroid injection", "what are your hours"):
        reply = patient.reply_text(question)
        assert SAMPLE_CLINIC.phone in reply, question
        assert "try again" in reply


def test_a_hung_action_server_gets_a_kind_reply_within_seconds(
    fault_stack: Stack, action_server_hung: None
) -> None:
    patient = Patient(fault_stack.settings.rasa_port)
    reply, seconds = timed_reply(patient, "what is radiofrequency ablation")
    assert SAMPLE_CLINIC.phone in reply
    assert seconds < SLOW_REPLY_LIMIT_SECONDS, f"the patient waited {seconds:.1f} s"
    emergency, seconds = timed_reply(patient, "I can't feel my legs after my shot")
    assert "Call 911" in emergency
    assert seconds < SLOW_REPLY_LIMIT_SECONDS, f"the patient waited {seconds:.1f} s"


def test_answers_come_back_once_the_action_server_is_back(fault_stack: Stack) -> None:
    patient = Patient(fault_stack.settings.rasa_port)
    reply = patient.reply_text("what is an epidural steroid injection")
    assert KNOWLEDGE.answer("epidural_steroid_injection", "what_is").text in reply
    assert "try again" not in reply


def test_the_conversation_continues_after_the_rasa_server_restarts(fault_stack: Stack) -> None:
    patient = Patient(fault_stack.settings.rasa_port)
    patient.say("tell me about radiofrequency ablation")
    rasa_server = fault_stack.servers[1]
    stop_servers([rasa_server], grace=15)
    fault_stack.restart(rasa_server, timeout=240)
    reply = patient.reply_text("how long does it last?")
    assert KNOWLEDGE.answer("radiofrequency_ablation", "relief").text in reply
