"""A pretrained sentence encoder (all-MiniLM-L6-v2), offline, on TensorFlow: text -> 384 numbers.

The API other components call (keep it stable):

    from bot.nlu.sentence_encoder import SentenceEncoder

    vectors = SentenceEncoder.shared().embed(["when does the epidural start working?"])
    # numpy float32, shape (n, 384), each row L2-normalised: `a @ b` is the cosine similarity

    encoded = SentenceEncoder.shared().encode(["..."])  # with word-piece states and offsets too

`SentenceEncoder.shared()` is one instance per process (thread-safe, loaded once, warmed up), so the
Rasa featurizer and any later component (e.g. a semantic red-flag net) share the model and its
small LRU cache: one NLU pass embeds a message once. It loads `pretrained/all-MiniLM-L6-v2/`
(or `$PAINPATH_ENCODER_DIR`; see bot/nlu/encoder_files.py), checks the files' sha256 first and
never touches the network. The action server must not import this module (it pulls TensorFlow).

How: the fast tokenizer from tokenizer.json (truncated to 128 word pieces, which covers ~90
words), `TFBertModel` on the safetensors weights (no torch), the forward pass compiled once by
`tf.function` with a fixed signature ([batch, length] int32, both dimensions free, so one trace
serves every message), then the mean of the token states over the attention mask, L2-normalised:
the pooling the model was trained with (sentence-transformers' mean pooling).
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from bot.nlu.encoder_files import encoder_dir, verify

DIMENSION = 384
MAX_TOKENS = 128
BATCH_SIZE = 64
CACHE_SIZE = 256
Span = tuple[int, int]


@dataclass(frozen=True)
class EncodedText:
    """One text through the encoder: its sentence vector and what it was pooled from."""

    sentence: np.ndarray  # (384,) float32, unit length
    token_states: np.ndarray  # (word pieces, 384) float32; [CLS] and [SEP] left out
    offsets: tuple[Span, ...]  # character span of each word piece in the text

    def pooled_over(self, spans: Sequence[Span]) -> np.ndarray:
        """One row per character span (e.g. a Rasa token): the mean of the word pieces inside
        it; a zero row where none is (text cut at 128 word pieces, or only stripped characters)."""
        rows = np.zeros((len(spans), self.token_states.shape[1]), dtype=np.float32)
        for row, (start, end) in enumerate(spans):
            inside = [i for i, (s, e) in enumerate(self.offsets) if s < end and e > start]
            if inside:
                rows[row] = self.token_states[inside].mean(axis=0)
        return rows


class SentenceEncoder:
    """all-MiniLM-L6-v2 from a checked local folder; `embed` and `encode` are thread-safe."""

    _shared: ClassVar[dict[Path, SentenceEncoder]] = {}
    _shared_lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(
        self,
        folder: Path | None = None,
        expected_sha256: dict[str, str] | None = None,
        compiled: bool = True,
        cache_size: int = CACHE_SIZE,
    ) -> None:
        """Check the files (EncoderFilesError naming file, hashes and fix), then load them."""
        self.folder = Path(folder or encoder_dir())
        verify(self.folder, expected_sha256)
        self.compiled = compiled
        self._tokenizer, self._forward = _load(self.folder, compiled)
        self._cache: OrderedDict[str, EncodedText] = OrderedDict()
        self._cache_size = cache_size
        self._cache_lock = threading.Lock()

    @classmethod
    def shared(cls, folder: Path | None = None) -> SentenceEncoder:
        """The process-wide encoder of `folder` (default: encoder_dir()), loaded and warmed once."""
        key = Path(folder or encoder_dir()).resolve()
        with cls._shared_lock:
            if key not in cls._shared:
                encoder = cls(key)
                encoder.warm_up()
                cls._shared[key] = encoder
            return cls._shared[key]

    def warm_up(self) -> None:
        """Trace the compiled graph now (seconds), not on the first patient's message."""
        self._run(["warm up"])

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length sentence vectors, float32, shape (len(texts), 384)."""
        encoded = self.encode(texts)
        if not encoded:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        return np.stack([item.sentence for item in encoded])

    def encode(self, texts: Sequence[str]) -> list[EncodedText]:
        """Each text encoded once: repeated texts come from the LRU cache."""
        found: dict[str, EncodedText] = {}
        with self._cache_lock:
            for text in texts:
                if text in self._cache:
                    self._cache.move_to_end(text)
                    found[text] = self._cache[text]
        missing = list(dict.fromkeys(text for text in texts if text not in found))
        if missing:
            computed = self._run(missing)
            found.update(computed)
            with self._cache_lock:
                for text, item in computed.items():
                    self._cache[text] = item
                    self._cache.move_to_end(text)
                while len(self._cache) > self._cache_size:
                    self._cache.popitem(last=False)
        return [found[text] for text in texts]

    def _run(self, texts: Sequence[str]) -> dict[str, EncodedText]:
        """Texts in batches of similar length (less padding), through the model."""
        encodings = self._tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        results: dict[str, EncodedText] = {}
        for first in range(0, len(order), BATCH_SIZE):
            batch = order[first : first + BATCH_SIZE]
            ids, mask = _padded([encodings[i] for i in batch])
            states, sentences = (t.numpy() for t in self._forward(ids, mask))
            for row, index in enumerate(batch):
                pieces = slice(1, int(mask[row].sum()) - 1)  # drop [CLS] and [SEP]
                results[texts[index]] = EncodedText(
                    sentence=sentences[row],
                    token_states=states[row, pieces].copy(),
                    offsets=tuple(encodings[index].offsets[pieces]),
                )
        return results


def _padded(encodings: Sequence[Any]) -> tuple[np.ndarray, np.ndarray]:
    """Word-piece ids and attention mask, zero-padded to the longest text of the batch."""
    length = max(len(encoding.ids) for encoding in encodings)
    ids = np.zeros((len(encodings), length), dtype=np.int32)
    mask = np.zeros((len(encodings), length), dtype=np.int32)
    for row, encoding in enumerate(encodings):
        ids[row, : len(encoding.ids)] = encoding.ids
        mask[row, : len(encoding.ids)] = 1
    return ids, mask


def _load(folder: Path, compiled: bool) -> tuple[Any, Any]:
    """The fast tokenizer and the forward pass (token states, pooled sentence vectors)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import tensorflow as tf
    import transformers
    from tokenizers import Tokenizer

    transformers.logging.set_verbosity_error()  # "weights not used: position_ids" is expected
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tokenizer.no_padding()  # the file pads everything to 128; we pad per batch instead
    tokenizer.enable_truncation(MAX_TOKENS)
    model = transformers.TFBertModel.from_pretrained(str(folder), local_files_only=True)

    def forward(ids: tf.Tensor, mask: tf.Tensor) -> tuple[tf.Tensor, tf.Tensor]:
        states = model(
            input_ids=ids, attention_mask=mask, token_type_ids=tf.zeros_like(ids), training=False
        ).last_hidden_state
        weights = tf.cast(mask, states.dtype)[:, :, tf.newaxis]
        summed = tf.reduce_sum(states * weights, axis=1)
        mean = summed / tf.maximum(tf.reduce_sum(weights, axis=1), 1e-9)
        return states, tf.math.l2_normalize(mean, axis=1)

    if compiled:
        spec = tf.TensorSpec(shape=[None, None], dtype=tf.int32)
        forward = tf.function(forward, input_signature=[spec, spec])
    return tokenizer, forward
