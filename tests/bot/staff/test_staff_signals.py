"""The console's list of replies that did not answer matches the replies the domain has."""

from __future__ import annotations

import yaml

from bot.paths import DOMAIN_FILE
from bot.staff.signals import FALLBACK_RESPONSES

DOMAIN = DOMAIN_FILE


def _responses() -> dict[str, str]:
    domain = yaml.safe_load(DOMAIN.read_text(encoding="utf-8"))
    return {
        name: " ".join(v.get("text", "") for v in variants)
        for name, variants in domain["responses"].items()
    }


def test_every_missed_reply_is_a_domain_response():
    assert set(_responses()) >= FALLBACK_RESPONSES, FALLBACK_RESPONSES - set(_responses())


def test_every_out_of_scope_and_i_dont_have_reply_counts_as_missed():
    """A new "I can't help with that" or "I don't have ..." reply must show up in Missed."""
    cannot_answer = {
        name
        for name, text in _responses().items()
        if name.startswith("utter_out_of_scope") or text.startswith("I don't have")
    }
    assert cannot_answer, "domain.yml has no out-of-scope or 'I don't have' reply"
    assert cannot_answer <= FALLBACK_RESPONSES, cannot_answer - FALLBACK_RESPONSES
