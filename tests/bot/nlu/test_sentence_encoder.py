"""The sentence encoder on the real all-MiniLM-L6-v2 weights (installed by `make install`)."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from bot.nlu.encoder_files import EXPECTED_SHA256, EncoderFilesError, encoder_dir
from bot.nlu.sentence_encoder import DIMENSION, MAX_TOKENS, EncodedText, SentenceEncoder

# (question, the same question in other words); the first questions are unrelated to each other.
SAME_QUESTION = (
    ("when does the epidural start working", "how long until the steroid shot kicks in"),
    ("can I drive home after the nerve block", "will I be able to drive after the injection"),
    ("what time does the clinic open", "what are your opening hours"),
    ("where do I park", "is there parking at the clinic"),
)


@pytest.fixture(scope="module")
def encoder() -> SentenceEncoder:
    return SentenceEncoder.shared()


def test_two_phrasings_of_one_question_are_closer_than_unrelated_questions(
    encoder: SentenceEncoder,
) -> None:
    questions = encoder.embed([question for question, _ in SAME_QUESTION])
    rephrased = encoder.embed([other for _, other in SAME_QUESTION])
    same = np.sum(questions * rephrased, axis=1)
    unrelated = questions @ questions.T
    np.fill_diagonal(unrelated, -1.0)
    assert (same > unrelated.max(axis=1)).all(), (same, unrelated)
    pairs = ~np.eye(len(SAME_QUESTION), dtype=bool)
    assert same.mean() > unrelated[pairs].mean() + 0.2  # measured: 0.52 vs 0.19


def test_vectors_are_float32_unit_length_one_row_per_text(encoder: SentenceEncoder) -> None:
    vectors = encoder.embed(["hi", "what is a medial branch block?", "", "😀 <b>help</b>"])
    assert vectors.shape == (4, DIMENSION) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert encoder.embed([]).shape == (0, DIMENSION)


def test_a_text_gets_the_same_vector_alone_or_in_a_padded_batch(encoder: SentenceEncoder) -> None:
    text = "how do I get ready for a spinal cord stimulator trial"
    alone = SentenceEncoder(encoder_dir()).embed([text])[0]  # fresh instance: no cache
    batched = encoder.embed(["hi", text, "a much longer question " * 10])[1]
    np.testing.assert_allclose(alone, batched, atol=1e-5)


def test_the_compiled_graph_gives_what_the_eager_model_gives(encoder: SentenceEncoder) -> None:
    texts = ["what are the risks of radiofrequency ablation", "bye"]
    eager = SentenceEncoder(encoder_dir(), compiled=False).embed(texts)
    np.testing.assert_allclose(encoder.embed(texts), eager, atol=1e-5)


def test_long_messages_are_cut_at_the_word_piece_limit(encoder: SentenceEncoder) -> None:
    text = " ".join(["epidural"] * 500)
    [encoded] = encoder.encode([text])
    assert len(encoded.offsets) == MAX_TOKENS - 2  # [CLS] and [SEP] take two places
    rows = encoded.pooled_over([(0, 8), (len(text) - 8, len(text))])
    assert rows[0].any() and not rows[1].any()  # the cut-off end has no word pieces


def test_one_message_is_run_through_the_model_once(
    encoder: SentenceEncoder, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = []
    forward = encoder._forward

    def counting(ids, mask):
        calls.append(ids.shape[0])
        return forward(ids, mask)

    monkeypatch.setattr(encoder, "_forward", counting)
    text = "is the knee ablation painful (cache test)"
    first = encoder.embed([text, text])
    again = encoder.embed([text])  # e.g. a second component in the same NLU pass
    assert calls == [1]
    np.testing.assert_array_equal(first[0], again[0])


def test_the_cache_keeps_only_the_most_recent_texts(monkeypatch: pytest.MonkeyPatch) -> None:
    small = SentenceEncoder(encoder_dir(), cache_size=2)
    small.embed(["one", "two", "three"])
    assert list(small._cache) == ["two", "three"]


def test_shared_is_one_instance_across_threads(encoder: SentenceEncoder) -> None:
    seen: list[SentenceEncoder] = []
    threads = [
        threading.Thread(target=lambda: seen.append(SentenceEncoder.shared())) for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(seen) == 4 and all(item is encoder for item in seen)


def test_weights_with_another_sha256_fail_with_the_clear_message() -> None:
    wrong = {**EXPECTED_SHA256, "model.safetensors": "0" * 64}
    with pytest.raises(EncoderFilesError) as caught:
        SentenceEncoder(encoder_dir(), expected_sha256=wrong)
    message = str(caught.value)
    assert "model.safetensors" in message and "0" * 64 in message
    assert EXPECTED_SHA256["model.safetensors"] in message  # the hash found on disk
    assert "make install" in message


def test_word_pieces_are_pooled_per_character_span() -> None:
    states = np.array([[1.0, 0.0], [3.0, 0.0], [0.0, 5.0]], dtype=np.float32)
    encoded = EncodedText(np.zeros(2, np.float32), states, ((0, 4), (4, 7), (8, 12)))
    rows = encoded.pooled_over([(0, 7), (8, 12), (13, 15)])
    np.testing.assert_array_equal(rows, [[2.0, 0.0], [0.0, 5.0], [0.0, 0.0]])
