"""The action server starts without spaCy, TensorFlow or the sentence encoder: ~400 MB and seconds
saved per replica."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import actions
from bot.paths import REPO_ROOT

HEAVY_MODULES = ("spacy", "thinc", "tensorflow", "transformers", "bot.nlu.sentence_encoder")


def test_importing_every_action_module_leaves_out_spacy_tensorflow_and_the_encoder() -> None:
    # `rasa run actions --actions actions` imports every module of the package, as this does.
    modules = [f"actions.{info.name}" for info in pkgutil.iter_modules(actions.__path__)]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "from actions.resources import procedure_terms\n"
        "procedure_terms().ids\n"
        f"print(sorted(m for m in {HEAVY_MODULES!r} if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, timeout=180
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"
