"""Reply shaping shared by all messaging channels: Markdown, splitting, numbered options."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bot.channels.formatting import format_reply, split_message, strip_markdown, to_slack_mrkdwn
from bot.channels.numbered_replies import NumberedOption, NumberedReplyMemory
from bot.channels.profiles import channel_profile, load_channel_profiles
from bot.errors import ContentError

OPTIONS = [
    NumberedOption(1, "How to prepare", "/ask_prepare"),
    NumberedOption(2, "Risks", "/ask_risks"),
]


def test_markdown_is_removed_for_plain_text_apps() -> None:
    text = "## After\n**Rest** today. See [our page](https://riverbend.example/after) or `call`."
    assert strip_markdown(text) == (
        "After\nRest today. See our page (https://riverbend.example/after) or call."
    )


def test_bare_link_is_not_repeated() -> None:
    text = "[https://riverbend.example](https://riverbend.example)"
    assert strip_markdown(text) == "https://riverbend.example"


def test_slack_gets_its_own_markup_with_html_characters_escaped() -> None:
    assert to_slack_mrkdwn("**Ice** <not heat> & [map](https://riverbend.example/map)") == (
        "*Ice* &lt;not heat&gt; &amp; <https://riverbend.example/map|map>"
    )


def test_long_text_splits_between_sentences_and_loses_nothing() -> None:
    text = " ".join(f"Sentence number {n} is here." for n in range(60))
    parts = split_message(text, 200)
    assert all(len(part) <= 200 for part in parts)
    assert all(part.endswith(".") for part in parts)
    assert " ".join(parts) == text


def test_paragraphs_stay_whole_when_they_fit() -> None:
    text = "First paragraph.\n\nSecond paragraph."
    assert split_message(text, 1600) == [text]
    assert split_message(text, 20) == ["First paragraph.", "Second paragraph."]


def test_one_very_long_word_is_cut_hard() -> None:
    assert split_message("x" * 45, 20) == ["x" * 20, "x" * 20, "x" * 5]


def test_sms_shows_every_button_as_a_numbered_line() -> None:
    reply = format_reply(
        channel_profile("sms"),
        "Pick one.",
        [
            {"title": "How to prepare", "payload": "/ask_prepare"},
            {"title": "Risks", "payload": "/ask_risks"},
        ],
    )
    assert reply.parts == ["Pick one.\n\nReply 1 for How to prepare\nReply 2 for Risks"]
    assert reply.native_buttons == []
    assert reply.options == OPTIONS


def test_messenger_button_text_is_kept_under_its_640_limit() -> None:
    text = "Short sentence here. " * 60
    reply = format_reply(channel_profile("messenger"), text, [{"title": "Risks", "payload": "/r"}])
    assert len(reply.parts[-1]) <= 640
    assert all(len(part) <= 2000 for part in reply.parts)


def test_memory_forgets_the_oldest_sender_when_full() -> None:
    memory = NumberedReplyMemory(max_senders=2, ttl_seconds=60)
    for sender in ("+15555550111", "+15555550112", "+15555550113"):
        memory.remember(sender, OPTIONS)
    assert len(memory) == 2
    assert memory.resolve("+15555550111", "1") is None
    assert memory.resolve("+15555550113", "1") == "/ask_prepare"


def test_memory_expires_old_options() -> None:
    now = [1000.0]
    memory = NumberedReplyMemory(max_senders=10, ttl_seconds=60, clock=lambda: now[0])
    memory.remember("+15555550111", OPTIONS)
    now[0] += 61
    assert memory.resolve("+15555550111", "1") is None


@pytest.mark.parametrize("reply", ["2", " 2. ", "#2", "risks", "RISKS"])
def test_number_or_exact_title_selects_the_option(reply: str) -> None:
    memory = NumberedReplyMemory(max_senders=10, ttl_seconds=60)
    memory.remember("+15555550111", OPTIONS)
    assert memory.resolve("+15555550111", reply) == "/ask_risks"


def test_free_text_is_not_mistaken_for_an_option() -> None:
    memory = NumberedReplyMemory(max_senders=10, ttl_seconds=60)
    memory.remember("+15555550111", OPTIONS)
    assert memory.resolve("+15555550111", "I have 2 questions") is None


def test_broken_profile_file_names_file_and_field(tmp_path: Path) -> None:
    broken = tmp_path / "profiles.yml"
    broken.write_text("channels:\n  sms:\n    max_chars: many\n    markdown: strip\n")
    with pytest.raises(ContentError, match=r"profiles\.yml: field 'channels\.sms\.max_chars'"):
        load_channel_profiles(broken)


def test_unknown_channel_is_a_set_up_error() -> None:
    with pytest.raises(ContentError, match="channels.fax"):
        channel_profile("fax")


def test_payload_over_the_channel_limit_travels_as_its_number() -> None:
    profile = replace(channel_profile("telegram"), max_payload_bytes=10)
    reply = format_reply(profile, "Pick.", [{"title": "Prepare", "payload": "/ask_prepare_long"}])
    assert reply.native_buttons == [{"title": "Prepare", "payload": "1"}]


def test_one_process_keeps_options_in_memory_without_redis() -> None:
    from bot.channels.numbered_replies import numbered_reply_memory

    assert isinstance(numbered_reply_memory({}), NumberedReplyMemory)


@pytest.mark.parametrize("channel", sorted(load_channel_profiles()))
def test_a_list_reply_keeps_one_item_per_line_on_every_channel(channel: str) -> None:
    # Clinic lists ("please bring ...", plans, locations) are sent as "- item" lines.
    text = (
        "Riverside asks you to bring:\n- photo ID\n- insurance card\n"
        "- imaging reports and discs (MRI, CT, x-ray)"
    )
    (part,) = format_reply(channel_profile(channel), text).parts
    assert part.splitlines() == text.splitlines()
