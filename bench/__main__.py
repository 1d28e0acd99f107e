"""`make bench`: full training time and REST latency (p50/p95/p99) over a fixed set of messages."""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from bot.launcher import ROOT, VENV_BIN, Settings, Stack, free_port

OUT_DIR = ROOT / "bench" / "out"
# A realistic mix: procedures, follow-ups, journey, clinic details, a red flag.
MESSAGES = (
    "hi",
    "what is an epidural steroid injection",
    "how long does it last?",
    "what about nerve blocks?",
    "how do I prepare",
    "what are your hours",
    "do you take aetna",
    "do I need a referral",
    "what happens at the first visit",
    "I can't feel my legs after the shot",
)


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def time_training(out_dir: Path) -> float:
    """Seconds for a full training from scratch (no cache)."""
    start = time.perf_counter()
    subprocess.run(
        [
            str(VENV_BIN / "rasa"),
            "train",
            "--force",
            "--quiet",
            "--out",
            str(out_dir),
            "--fixed-model-name",
            "bench",
        ],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def rest_latencies(rasa_port: int, count: int) -> list[float]:
    """Milliseconds per REST round trip, one message at a time, conversations of ten turns."""
    url = f"http://127.0.0.1:{rasa_port}/webhooks/rest/webhook"
    samples = []
    with httpx.Client(timeout=60) as client:
        for index in range(count):
            sender = f"bench-{index // len(MESSAGES)}"
            message = MESSAGES[index % len(MESSAGES)]
            start = time.perf_counter()
            client.post(url, json={"sender": sender, "message": message}).raise_for_status()
            samples.append((time.perf_counter() - start) * 1000)
    return samples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--messages", type=int, default=200)
    parser.add_argument("--skip-training", action="store_true")
    args = parser.parse_args(argv)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as scratch:
        if not args.skip_training:
            results["training_seconds"] = round(time_training(Path(scratch)), 1)
        settings = Settings(
            rasa_port=free_port(),
            action_port=free_port(),
            web_port=free_port(),
            tracker_db=str(Path(scratch) / "bench.db"),
            active_credentials=str(Path(scratch) / "credentials.yml"),
        )
        stack = Stack(settings, log_dir=OUT_DIR / "logs")
        stack.start()
        try:
            stack.wait_until_ready(timeout=240)
            rest_latencies(settings.rasa_port, 10)  # warm-up, not counted
            samples = rest_latencies(settings.rasa_port, args.messages)
        finally:
            stack.stop()
    results["rest_latency_ms"] = {
        "messages": len(samples),
        "p50": round(statistics.median(samples), 1),
        "p95": round(percentile(samples, 0.95), 1),
        "p99": round(percentile(samples, 0.99), 1),
    }
    (OUT_DIR / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
