"""Every YAML file is read one way: a duplicated key, bad syntax or an unreadable file stops the
load with the file, the line and the fix, in the error class of the loader that asked."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import ClinicFileError, ContentError
from bot.yaml_files import read_yaml


def write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "file.yml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_a_key_written_twice_names_the_file_the_key_and_both_lines(tmp_path: Path) -> None:
    path = write(tmp_path, "name: A\nhours:\n  mon: 8-5\n  tue: 8-5\n  mon: 9-5\n")
    with pytest.raises(ContentError) as caught:
        read_yaml(path)
    assert caught.value.file == str(path)
    assert caught.value.field == "line 5, column 3"
    assert "'mon' is written twice (first on line 3)" in caught.value.fix


def test_the_same_key_in_different_mappings_is_fine(tmp_path: Path) -> None:
    path = write(tmp_path, "a:\n  name: x\nb:\n  name: y\n")
    assert read_yaml(path) == {"a": {"name": "x"}, "b": {"name": "y"}}


def test_malformed_yaml_names_the_line_and_how_to_fix_it(tmp_path: Path) -> None:
    path = write(tmp_path, "name: A\nlist: [one, two\n")
    with pytest.raises(ContentError) as caught:
        read_yaml(path)
    assert caught.value.field.startswith("line 3")
    assert "YAML is malformed" in caught.value.fix and "indentation" in caught.value.fix


def test_a_missing_file_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="file not found; point at the right one"):
        read_yaml(tmp_path / "nope.yml", missing_fix="point at the right one")


def test_text_that_is_not_utf8_is_refused_not_garbled(tmp_path: Path) -> None:
    path = write(tmp_path, "name: Caf\xe9\n".encode("latin-1"))
    with pytest.raises(ContentError, match="UTF-8"):
        read_yaml(path)


def test_utf8_text_is_read_as_written(tmp_path: Path) -> None:
    assert read_yaml(write(tmp_path, "name: Café ✓\n")) == {"name": "Café ✓"}


def test_the_error_is_the_callers_class(tmp_path: Path) -> None:
    path = write(tmp_path, "a: 1\na: 2\n")
    with pytest.raises(ClinicFileError, match="'a' is written twice"):
        read_yaml(path, ClinicFileError)


def test_an_empty_file_holds_nothing(tmp_path: Path) -> None:
    assert read_yaml(write(tmp_path, "# only a comment\n")) is None
