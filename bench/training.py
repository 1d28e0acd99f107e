"""Wall time of a full `rasa train --force` (no cache reuse), for our bot and the stock bot."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

from bot.launcher import RASA

# How `make train` trains PainPath (the Makefile's model rule); the stock bot keeps Rasa's defaults.
PAINPATH_TRAIN_OPTIONS = ("--augmentation", "0")


def time_training(
    project_dir: Path, out_dir: Path, log_file: Path, options: tuple[str, ...] = ()
) -> float:
    """Seconds for a full training of project_dir into out_dir (never models/painpath.tar.gz)."""
    command = [RASA, "train", "--force", "--out", str(out_dir)]
    command += ["--fixed-model-name", "bench", *options]
    log_file.parent.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    with log_file.open("ab") as log:
        completed = subprocess.run(command, cwd=project_dir, stdout=log, stderr=subprocess.STDOUT)
    if completed.returncode != 0:
        raise RuntimeError(f"`rasa train` failed in {project_dir}; see {log_file}")
    return time.perf_counter() - start
