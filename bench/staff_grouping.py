"""How well missed questions group at each cosine threshold (`python -m bench.staff_grouping`).

Uses the held-out NLU set (tests/nlu/holdout.yml, labelled by intent, never trained on) as
stand-in missed questions: a good threshold puts questions of one intent together (purity)
without splitting an intent into many groups. Prints, per threshold, the number of groups,
purity (share of questions whose group's most common intent is their own) and how many groups
an intent is spread over on average. bot/staff/grouping.py's GROUP_THRESHOLD comes from here.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict

from bot.paths import NLU_TESTS_DIR
from bot.staff.grouping import group_by_meaning
from bot.yaml_files import read_yaml

HOLDOUT = NLU_TESTS_DIR / "holdout.yml"
THRESHOLDS = (0.45, 0.5, 0.55, 0.6, 0.62, 0.65, 0.7, 0.75, 0.8)


def labelled_questions() -> list[tuple[str, str]]:
    data = read_yaml(HOLDOUT)
    found = []
    for block in data["nlu"]:
        for line in block["examples"].splitlines():
            text = line.strip().removeprefix("- ").strip()
            if text:
                found.append((text, block["intent"]))
    return found


def main() -> None:
    from bot.nlu.sentence_encoder import SentenceEncoder

    questions = labelled_questions()
    intent_of = {text.lower(): intent for text, intent in questions}
    started = time.monotonic()
    encoder = SentenceEncoder.shared()
    print(f"encoder loaded in {time.monotonic() - started:.1f} s")
    cache: dict[str, object] = {}

    def embed(texts: list[str]):  # noqa: ANN202
        import numpy as np

        missing = [t for t in texts if t not in cache]
        for start in range(0, len(missing), 64):
            batch = missing[start : start + 64]
            cache.update(zip(batch, encoder.embed(batch), strict=True))
        return np.stack([cache[t] for t in texts])

    messages = [(text, "utter_default") for text, _ in questions]
    started = time.monotonic()
    embed([text for text, _ in questions])
    per_text = (time.monotonic() - started) / len(questions) * 1000
    print(f"{len(questions)} questions, {per_text:.1f} ms each to embed (batches of 64)")
    print("threshold  groups  purity  groups per intent")
    for threshold in THRESHOLDS:
        groups = group_by_meaning(messages, embed, threshold)
        pure = 0
        spread: dict[str, set[int]] = defaultdict(set)
        for group in groups:
            intents = Counter()
            for text, count in zip(group.texts, group.counts, strict=True):
                intents[intent_of[text.lower()]] += count
                spread[intent_of[text.lower()]].add(group.number)
            pure += intents.most_common(1)[0][1]
        mean_spread = sum(len(g) for g in spread.values()) / len(spread)
        print(
            f"{threshold:9.2f}  {len(groups):6d}  {pure / len(questions):6.1%}  {mean_spread:6.1f}"
        )


if __name__ == "__main__":
    main()
