"""The question bank is embedded once per training, though two components train on it."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from bot.nlu import question_bank
from bot.nlu.question_bank import BankQuestion, embedded_questions


class CountingEncoder:
    """Stands in for the MiniLM encoder: counts the texts it is asked to encode."""

    def __init__(self) -> None:
        self.encoded = 0

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.encoded += len(texts)
        return np.ones((len(texts), 3), dtype=np.float32)


def test_the_second_component_reuses_the_first_ones_vectors(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    encoder = CountingEncoder()
    monkeypatch.setattr(question_bank.SentenceEncoder, "shared", lambda: encoder)
    bank = [
        BankQuestion("does the epidural hurt?", "ask_pain_sedation"),
        BankQuestion("We moved last year. How long is the recovery?", "ask_recovery"),
    ]
    first, second = embedded_questions(bank), embedded_questions(bank)
    assert encoder.encoded == 2
    assert np.array_equal(first, second)
    assert not second.flags.writeable  # shared between components: nobody may change it


def test_another_bank_or_encoder_is_embedded_afresh(monkeypatch: pytest.MonkeyPatch) -> None:
    encoder = CountingEncoder()
    monkeypatch.setattr(question_bank.SentenceEncoder, "shared", lambda: encoder)
    embedded_questions([BankQuestion("is rfa painful?", "ask_pain_sedation")])
    embedded_questions([BankQuestion("can i drive after the block?", "ask_return_activity")])
    assert encoder.encoded == 2
    other = CountingEncoder()
    monkeypatch.setattr(question_bank.SentenceEncoder, "shared", lambda: other)
    embedded_questions([BankQuestion("is rfa painful?", "ask_pain_sedation")])
    assert other.encoded == 1
