"""Odd and broken input through the REST webhook of the real servers: a kind reply, or a 4xx."""

from __future__ import annotations

import uuid

import httpx
import pytest

from bot.clinic.file_source import load_clinic_file
from bot.paths import REPO_ROOT

pytestmark = pytest.mark.e2e

SAMPLE_CLINIC = load_clinic_file(REPO_ROOT / "clinic.yml", None)
UNKIND_WORDS = ("error", "exception", "traceback", "null")


def webhook(stack) -> str:
    return f"http://127.0.0.1:{stack.settings.rasa_port}/webhooks/rest/webhook"


def send(stack, message: object, sender: str | None = None) -> list[dict]:
    body = {"sender": sender or f"bad-input-{uuid.uuid4().hex[:10]}", "message": message}
    response = httpx.post(webhook(stack), json=body, timeout=30)
    assert response.status_code == 200, response.text
    return response.json()


def post_raw(stack, content: bytes) -> httpx.Response:
    headers = {"Content-Type": "application/json"}
    return httpx.post(webhook(stack), content=content, headers=headers, timeout=30)


def assert_kind_reply(messages: list[dict]) -> str:
    """At least one bubble, every bubble with words, none that reads like a crash."""
    texts = [message.get("text") or "" for message in messages]
    assert texts and all(text.strip() for text in texts), f"empty reply: {messages}"
    joined = "\n".join(texts)
    assert not any(word in joined.lower().split() for word in UNKIND_WORDS), joined
    return joined


def assert_still_serving(stack) -> None:
    assert stack.first_exited() is None, f"the {stack.first_exited().name} stopped"
    reply = assert_kind_reply(send(stack, "what is your phone number"))
    assert SAMPLE_CLINIC.phone in reply


@pytest.mark.parametrize(
    "message",
    [
        pytest.param("", id="empty"),
        pytest.param("   \n\t ", id="whitespace"),
        pytest.param("😀😀😀", id="emoji"),
        pytest.param("<script>alert('x')</script><b>hi</b>", id="html-script"),
        pytest.param("my back hurts " * 715, id="10000-chars"),
        pytest.param("\x00\x01\x02 \x7f\x1b[31m", id="control-characters"),
        pytest.param("'; DROP TABLE events; --", id="sql-like"),
    ],
)
def test_odd_messages_get_a_kind_reply(stack, message: str) -> None:
    reply = assert_kind_reply(send(stack, message))
    assert "<script>" not in reply


def test_a_10000_character_message_is_answered(stack) -> None:
    long_question = ("I have had back pain for years and want to learn. " * 200)[:9950]
    reply = assert_kind_reply(send(stack, long_question + " what is an epidural?"))
    assert len(reply) > 20


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b'{"sender": "x", "mess', id="cut-off-json"),
        pytest.param(b'{"sender": "x", "message": "\xff\xfe\xfd"}', id="invalid-utf8"),
        pytest.param(b"\x00\xff\x80\x81garbage\x9f", id="binary-garbage"),
        pytest.param(b"", id="empty-body"),
        pytest.param(b"[1, 2, 3]", id="json-list"),
        pytest.param(b'"just a string"', id="json-string"),
        pytest.param(b'{"message": "hi"}', id="no-sender"),
        pytest.param(b'{"sender": "x"}', id="no-message"),
        pytest.param(b'{"sender": "x", "message": 42}', id="number-message"),
        pytest.param(b'{"sender": "x", "message": "hi", "metadata": "x"}', id="bad-metadata"),
    ],
)
def test_malformed_requests_get_a_4xx_and_the_server_keeps_serving(stack, body: bytes) -> None:
    response = post_raw(stack, body)
    assert 400 <= response.status_code < 500, (response.status_code, response.text[:200])
    assert_still_serving(stack)


def test_a_lone_surrogate_escaped_in_json_is_answered(stack) -> None:
    response = post_raw(stack, b'{"sender": "surrogate-1", "message": "hi \\ud800 there"}')
    assert response.status_code == 200
    assert_kind_reply(response.json())


@pytest.mark.parametrize(
    "sender",
    [
        pytest.param(f"never-seen-{uuid.uuid4().hex}", id="new-id"),
        pytest.param("ü-🙂-患者-" + uuid.uuid4().hex[:6], id="unicode-id"),
        pytest.param("../../etc/passwd", id="path-like-id"),
        pytest.param(str(uuid.uuid4().int)[:18], id="numeric-id"),
    ],
)
def test_unknown_sender_ids_start_a_fresh_conversation(stack, sender: str) -> None:
    reply = assert_kind_reply(send(stack, "hi", sender=sender))
    assert "not medical advice" in reply  # the first-turn notice: a new conversation


def test_one_sender_never_sees_another_senders_context(stack) -> None:
    send(stack, "tell me about radiofrequency ablation", sender="context-a-" + uuid.uuid4().hex)
    reply = assert_kind_reply(
        send(stack, "how long does it last?", sender="context-b-" + uuid.uuid4().hex)
    )
    assert "ablation" not in reply.lower()


@pytest.mark.parametrize(
    "message",
    [
        pytest.param("hola, ¿cuánto dura la inyección?", id="spanish"),
        pytest.param("Tengo mucho dolor de espalda, necesito una cita", id="spanish-2"),
        pytest.param("bonjour, j'ai mal au dos, combien de temps dure la piqûre?", id="french"),
        pytest.param("Olá, quanto tempo dura a injeção?", id="portuguese"),
        pytest.param("我的背很痛，打针要多久？", id="chinese"),
    ],
)
def test_another_language_gets_a_kind_english_reply_with_the_clinic_phone(
    stack, message: str
) -> None:
    reply = assert_kind_reply(send(stack, message))
    assert "English" in reply
    assert SAMPLE_CLINIC.phone in reply
    assert "911" in reply


def test_a_red_flag_in_a_mixed_language_message_still_goes_to_911(stack) -> None:
    reply = assert_kind_reply(send(stack, "tengo mucho dolor en la espalda y I can't feel my legs"))
    assert "Call 911" in reply


def test_the_server_still_answers_normally_after_all_that(stack) -> None:
    assert_still_serving(stack)


@pytest.mark.parametrize("message", ["", "   ", "😀😀😀", "<script>alert('x')</script>"])
def test_a_message_without_words_gets_a_hint_not_a_guess(stack, message: str) -> None:
    reply = assert_kind_reply(send(stack, message))
    assert "didn't find any words" in reply and SAMPLE_CLINIC.phone in reply
    assert "Did you mean" not in reply


def test_a_question_wrapped_in_html_is_answered_as_the_question(stack) -> None:
    reply = assert_kind_reply(send(stack, "<p><b>What is an epidural steroid injection?</b></p>"))
    assert "epidural" in reply.lower()
    assert "<" not in reply


def test_a_phone_number_left_for_a_call_back_gets_the_clinics_number(stack) -> None:
    """The assistant cannot call anyone back: it says how to reach the clinic instead."""
    reply = assert_kind_reply(send(stack, "call me back at 555-0123"))
    assert SAMPLE_CLINIC.phone in reply
    assert "talk with a person" in reply.lower()
