"""What SentenceVectorClassifier's `weight` does, measured on a trained model, together with
NearestExampleFallback's `low_confidence` (which reads the blended confidence).

    python -m tools.sentence_vector_settings models/painpath.tar.gz

For each pair of settings the components of the loaded model are reconfigured and the held-out
set, the real-question DEV set, the conversation turns and the red-flag dev look-alikes are parsed
through the whole pipeline again (tools/settings_measure.py). A weight of 0 is DIET alone.
`inverse_regularization` changes the fitted classifier, so it needs `make train` per value.
Never run it on the blind sets: they are for the gates only.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import sys

from rasa.core.agent import Agent
from rasa.utils.common import configure_logging_and_warnings
from rasa.utils.log_utils import configure_structlog

from bot.nlu.configured_component import loaded_components
from bot.nlu.nearest_example import NearestExampleFallback
from bot.nlu.sentence_encoder import SentenceEncoder
from bot.nlu.sentence_vector_classifier import SentenceVectorClassifier
from bot.paths import DEFAULT_MODEL
from tools.settings_measure import measure

WEIGHT = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7)
LOW_CONFIDENCE = (0.0, 0.4)


async def main(model: str) -> None:
    configure_logging_and_warnings(logging.WARNING)
    configure_structlog(logging.WARNING)  # else every parse (the patient's text) is printed
    agent = Agent.load(model)
    SentenceEncoder.shared()._cache_size = 100_000  # noqa: SLF001 (every text embedded once)
    [vote] = loaded_components(agent, SentenceVectorClassifier)
    [nearest] = loaded_components(agent, NearestExampleFallback)
    vote_config, nearest_config = dict(vote.config), dict(nearest.config)
    for weight, low in itertools.product(WEIGHT, LOW_CONFIDENCE):
        vote.config = {**vote_config, "weight": weight}
        nearest.config = {**nearest_config, "low_confidence": low}
        print(f"weight {weight}, nearest-example low_confidence {low}")
        for name, line in (await measure(agent)).items():
            print(f"  {name}: {line}", flush=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1] if len(sys.argv) > 1 else DEFAULT_MODEL))
