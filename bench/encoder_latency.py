"""What the sentence encoder costs: load time, and per-message time eager vs compiled.

    .venv/bin/python -m bench.encoder_latency [--messages 200] [--json bench/out/encoder.json]

One message at a time (as a patient's message arrives) and in batches of 64 (as training runs),
over the patients' messages of bench/conversations.py, each call timed with the cache bypassed.
The eager and the compiled encoder are timed in alternating rounds, so a slow minute of this
machine falls on both alike.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from bench.conversations import PAINPATH
from bench.stats import latency_summary

BATCH = 64


def patient_messages(count: int) -> list[str]:
    """`count` distinct texts built from the bench's patient messages."""
    base = [text for conversation in PAINPATH for text in conversation]
    return [f"{base[i % len(base)]} ({i})" for i in range(count)]


def timed_ms(embed: Callable[[list[str]], object], texts: list[str]) -> float:
    start = time.perf_counter()
    embed(texts)
    return (time.perf_counter() - start) * 1000


def measure(messages: Sequence[str], rounds: int = 5) -> dict[str, object]:
    from bot.nlu.encoder_files import encoder_dir
    from bot.nlu.sentence_encoder import SentenceEncoder

    start = time.perf_counter()
    import tensorflow  # noqa: F401 - timed apart: the Rasa server imports it anyway
    import transformers  # noqa: F401

    loads = {"import_tensorflow_and_transformers": time.perf_counter() - start}
    encoders = {}
    for name, compiled in (("eager", False), ("compiled", True)):
        start = time.perf_counter()
        encoders[name] = SentenceEncoder(encoder_dir(), compiled=compiled, cache_size=0)
        loads[name] = time.perf_counter() - start
        encoders[name].warm_up()  # the compiled graph is traced here, as at server start
        loads[f"{name}_with_warm_up"] = time.perf_counter() - start
    single: dict[str, list[float]] = {name: [] for name in encoders}
    batched: dict[str, list[float]] = {name: [] for name in encoders}
    slices = [messages[i::rounds] for i in range(rounds)]
    for round_number, part in enumerate(slices):
        order = list(encoders) if round_number % 2 == 0 else list(reversed(encoders))
        for name in order:
            embed = encoders[name].embed
            single[name] += [timed_ms(embed, [text]) for text in part]
            batch = [f"{text} [{round_number}]" for text in messages[:BATCH]]
            batched[name].append(timed_ms(embed, batch) / BATCH)
    return {
        "load_seconds": {name: round(value, 1) for name, value in loads.items()},
        "one_message_ms": {name: latency_summary(values) for name, values in single.items()},
        "batch_of_64_ms_per_message": {
            name: round(sorted(values)[len(values) // 2], 2) for name, values in batched.items()
        },
        "messages": len(messages),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.encoder_latency", description=__doc__)
    parser.add_argument("--messages", type=int, default=200)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    results = measure(patient_messages(args.messages))
    text = json.dumps(results, indent=2)
    print(text)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
