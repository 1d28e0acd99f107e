"""What NearestExampleFallback's settings do, measured on a trained model (with its question bank).

    python -m tools.nearest_example_settings models/painpath.tar.gz

For each setting (question bank on or off, `low_confidence`, `min_similarity`) the component in
the loaded model is reconfigured and the held-out set, the real-question DEV set, the conversation
turns and the red-flag dev look-alikes are parsed through the whole pipeline again (the encoder's
cache is enlarged, so only the first pass embeds). Prints, per setting and set, how many messages
get an acceptable intent (dev: intent and procedure, bot/real_questions/scoring.py), how many stay
"not sure" and how many get a wrong one; for the look-alikes, how many get a red-flag intent. Never
run it on the blind sets: they are for the gates only.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import sys

import numpy as np
from rasa.core.agent import Agent
from rasa.utils.common import configure_logging_and_warnings
from rasa.utils.log_utils import configure_structlog

from bot.nlu.configured_component import loaded_components
from bot.nlu.nearest_example import NearestExampleFallback
from bot.nlu.sentence_encoder import SentenceEncoder
from bot.paths import DEFAULT_MODEL
from tools.settings_measure import measure

BANK = (False, True)
LOW_CONFIDENCE = (0.0, 0.4, 0.5, 0.6, 0.7)
MIN_SIMILARITY = (0.55, 0.6, 0.65)


async def main(model: str) -> None:
    configure_logging_and_warnings(logging.WARNING)
    configure_structlog(logging.WARNING)  # else every parse (the patient's text) is printed
    agent = Agent.load(model)
    SentenceEncoder.shared()._cache_size = 100_000  # noqa: SLF001 (every text embedded once)
    [component] = loaded_components(agent, NearestExampleFallback)
    config = dict(component.config)
    vectors, intents, from_bank = component.vectors, component.intents, component.from_bank
    print(f"{model}: {int(from_bank.sum())} bank questions, {int((~from_bank).sum())} examples")
    for bank, low, similarity in itertools.product(BANK, LOW_CONFIDENCE, MIN_SIMILARITY):
        rows = np.ones(len(intents), dtype=bool) if bank else ~from_bank
        component.vectors, component.intents = vectors[rows], intents[rows]
        component.config = {**config, "low_confidence": low, "min_similarity": similarity}
        print(f"bank {'on' if bank else 'off'}, low_confidence {low}, min_similarity {similarity}")
        for name, line in (await measure(agent)).items():
            print(f"  {name}: {line}", flush=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1] if len(sys.argv) > 1 else DEFAULT_MODEL))
