"""Odd text is cleaned, not refused; malformed REST requests get a 400 that names the fix."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from sanic.exceptions import InvalidUsage

from bot.resilience.message_checks import (
    MAX_SENDER_CHARS,
    clean_text,
    readable_text,
    rest_payload,
)


def request_with(body: Any) -> Any:
    return SimpleNamespace(json=body, ctx=SimpleNamespace())


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ("what is an epidural?", "what is an epidural?"),
        ("¿cuánto dura? 😀 我", "¿cuánto dura? 😀 我"),
        ("line one\r\nline two\ttab", "line one\nline two\ttab"),
        ("nul\x00 and bell\x07 gone", "nul and bell gone"),
        ("lone \ud800 surrogate", "lone ? surrogate"),
        (b"\xff\xfe bytes", "\ufffd\ufffd bytes"),
        (None, ""),
        (42, "42"),
        (["a list"], ""),
    ],
)
def test_text_is_cleaned_so_it_can_be_parsed_and_stored(raw: Any, cleaned: str) -> None:
    assert clean_text(raw) == cleaned
    clean_text(raw).encode("utf-8")  # storable: no lone surrogates left


def test_a_good_request_passes_with_its_fields() -> None:
    payload = rest_payload(
        request_with({"sender": 7, "message": "hi\x00", "metadata": {"page": "/"}})
    )
    assert (payload.sender, payload.message, payload.metadata) == ("7", "hi", {"page": "/"})


@pytest.mark.parametrize(
    ("body", "named"),
    [
        (None, "JSON object"),
        ([1, 2], "JSON object"),
        ("text", "JSON object"),
        ({"message": "hi"}, "'sender'"),
        ({"sender": "  ", "message": "hi"}, "'sender'"),
        ({"sender": True, "message": "hi"}, "'sender'"),
        ({"sender": "x" * (MAX_SENDER_CHARS + 1), "message": "hi"}, "at most 255"),
        ({"sender": "a"}, "'message'"),
        ({"sender": "a", "message": 12}, "'message'"),
        ({"sender": "a", "message": "hi", "metadata": "x"}, "'metadata'"),
        ({"sender": "a", "message": "hi", "input_channel": 3}, "'input_channel'"),
    ],
)
def test_malformed_requests_get_a_400_naming_the_field(body: Any, named: str) -> None:
    with pytest.raises(InvalidUsage) as raised:
        rest_payload(request_with(body))
    assert raised.value.status_code == 400
    assert named in str(raised.value)


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("<script>alert('x')</script><b>hi</b>", "hi"),
        ("what is <b>RFA</b>?", "what is RFA ?"),
        ("<img src=x onerror=alert(1)>what is an epidural", "what is an epidural"),
        ("<p>Tom &amp; Jerry</p>", "Tom & Jerry"),
        ("<STYLE>p {color: red}</STYLE>my back hurts", "my back hurts"),
        ("<script>alert(1)</script>", ""),
    ],
)
def test_markup_is_taken_out_so_the_words_are_read(typed: str, read: str) -> None:
    assert readable_text(typed) == read


@pytest.mark.parametrize(
    "typed", ["I <3 this clinic", "my pain is < 5 now and > 2 before", "AT&T phone &amp; me"]
)
def test_text_without_tags_is_read_as_typed(typed: str) -> None:
    assert readable_text(typed) == typed


@pytest.mark.parametrize("typed", ["/get_started", "GET_STARTED", " /start ", "/Get_Started"])
def test_conversation_start_payloads_read_as_the_greeting(typed: str) -> None:
    assert readable_text(typed) == "/greet"


@pytest.mark.parametrize("typed", ["start", "how do I get started?", "/start over please"])
def test_words_about_starting_are_read_as_typed(typed: str) -> None:
    assert readable_text(typed) == typed
