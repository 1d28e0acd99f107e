"""The encoder's files: unpacked whole from the installed package, and refused when they differ."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from bot.nlu import encoder_files
from bot.nlu.encoder_files import (
    DEFAULT_ENCODER_DIR,
    ENCODER_DIR_ENV,
    EXPECTED_SHA256,
    EncoderFilesError,
    encoder_dir,
    extract,
    packaged_zip,
    verify,
)
from bot.paths import REPO_ROOT

FILES = {"model.safetensors": b"weights", "tokenizer.json": b"{}", "config.json": b'{"a": 1}'}
HASHES = {name: hashlib.sha256(data).hexdigest() for name, data in FILES.items()}


def write_zip(path: Path, files: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as bundle:
        for name, data in files.items():
            bundle.writestr(name, data)
    return path


def test_a_changed_file_is_refused_naming_it_both_hashes_and_the_fix(tmp_path: Path) -> None:
    for name, data in FILES.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "model.safetensors").write_bytes(b"other weights")
    with pytest.raises(EncoderFilesError) as caught:
        verify(tmp_path, HASHES)
    message = str(caught.value)
    assert str(tmp_path / "model.safetensors") in message
    assert HASHES["model.safetensors"] in message
    assert hashlib.sha256(b"other weights").hexdigest() in message
    assert "make install" in message


def test_a_missing_file_is_refused_with_the_fix(tmp_path: Path) -> None:
    with pytest.raises(EncoderFilesError, match=r"config\.json is missing: run `make install`"):
        verify(tmp_path, {"config.json": HASHES["config.json"]})


def test_extract_unpacks_and_checks_the_zip(tmp_path: Path) -> None:
    target = tmp_path / "encoder"
    assert extract(target, write_zip(tmp_path / "m.zip", FILES), HASHES) == target
    assert {p.name for p in target.iterdir()} == set(FILES)
    assert target.stat().st_mode & 0o755 == 0o755  # readable by a server running as another user


def test_a_damaged_zip_leaves_the_previous_folder_as_it_was(tmp_path: Path) -> None:
    target = tmp_path / "encoder"
    extract(target, write_zip(tmp_path / "good.zip", FILES), HASHES)
    damaged = write_zip(tmp_path / "bad.zip", {**FILES, "tokenizer.json": b"[]"})
    with pytest.raises(EncoderFilesError, match="tokenizer.json"):
        extract(target, damaged, HASHES)
    assert (target / "tokenizer.json").read_bytes() == FILES["tokenizer.json"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no scratch left


def test_the_folder_can_be_moved_by_environment_relative_to_the_repo() -> None:
    assert encoder_dir({}) == DEFAULT_ENCODER_DIR
    assert encoder_dir({ENCODER_DIR_ENV: "elsewhere/m"}) == REPO_ROOT / "elsewhere" / "m"
    assert encoder_dir({ENCODER_DIR_ENV: "/opt/m"}) == Path("/opt/m")


def test_the_default_folder_is_git_ignored_and_not_wiped_by_make_clean() -> None:
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", str(DEFAULT_ENCODER_DIR / "model.safetensors")],
        cwd=REPO_ROOT,
    )
    assert ignored.returncode == 0
    clean = next(
        line for line in (REPO_ROOT / "Makefile").read_text().splitlines() if "rm -rf" in line
    )
    assert "pretrained" not in clean and DEFAULT_ENCODER_DIR.parent.name == "pretrained"


def test_the_installed_package_is_found_without_importing_it() -> None:
    code = (
        "import sys\n"
        "from bot.nlu.encoder_files import packaged_zip\n"
        "print(packaged_zip().name, 'all_minilm_l6_v2' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "model.zip False"  # its __init__ would have printed a line


def test_a_missing_package_names_the_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(encoder_files, "PACKAGE", "no-such-package-here")
    with pytest.raises(EncoderFilesError, match="not installed: run `make install`"):
        packaged_zip()


def test_the_installed_files_are_the_recorded_ones() -> None:
    # `make install` extracted them; this is the check every load makes.
    verify(encoder_dir())
    assert set(EXPECTED_SHA256) == {"model.safetensors", "tokenizer.json", "config.json"}


def test_check_command_fails_with_the_message_when_the_folder_is_wrong(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot.nlu.encoder_files", "check"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO_ROOT), ENCODER_DIR_ENV: str(tmp_path)},
    )
    assert result.returncode == 2
    assert "is missing: run `make install`" in result.stderr
