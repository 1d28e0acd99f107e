"""The one way PainPath reads a YAML file: UTF-8, a key written twice is an error, and every
failure names the file, the line and the fix, in the error class of the file's own loader.

PyYAML keeps the last of two equal keys without a word, so a clinic's second `phone:` or a
repeated red-flag section would silently replace the first; here it stops the load instead.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from bot.errors import ContentError

WHOLE_FILE = "(whole file)"
MISSING_FILE_FIX = "create it or check the path"
SYNTAX_FIX = (
    "fix the YAML syntax: check the indentation and put values containing ':' or '#' in quotes"
)

# Called as error(file, field, fix[, more]): ContentError or one of its subclasses.
FileErrorClass = Callable[..., ContentError]


class _KeyWrittenTwice(yaml.constructor.ConstructorError):
    def __init__(self, key: object, mark: yaml.Mark, first_line: int) -> None:
        super().__init__(None, None, f"the key {key!r} is written twice", mark)
        self.key = key
        self.first_line = first_line


class _UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that refuses a key written twice in one mapping."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        first_lines: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            line = key_node.start_mark.line + 1
            if key in first_lines:
                raise _KeyWrittenTwice(key, key_node.start_mark, first_lines[key])
            first_lines[key] = line
        return super().construct_mapping(node, deep=deep)


def read_yaml(
    path: Path | str,
    error: FileErrorClass = ContentError,
    missing_fix: str = MISSING_FILE_FIX,
) -> Any:
    """The data in a YAML file (None when it holds nothing); a missing or unreadable file,
    malformed YAML or a duplicated key raises `error(file, field, fix)` naming the line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise error(path, WHOLE_FILE, f"cannot read it: file not found; {missing_fix}") from None
    except UnicodeDecodeError:
        raise error(path, WHOLE_FILE, "cannot read it: save it as UTF-8 text") from None
    except OSError as failure:
        raise error(path, WHOLE_FILE, f"cannot read it ({failure.strerror})") from None
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
    except _KeyWrittenTwice as twice:
        fix = f"the key '{twice.key}' is written twice (first on line {twice.first_line}); keep one"
        raise error(path, _where(twice), fix) from None
    except yaml.YAMLError as failure:
        problem = getattr(failure, "problem", None) or str(failure)
        raise error(
            path, _where(failure), f"the YAML is malformed ({problem}); {SYNTAX_FIX}"
        ) from None


def _where(failure: yaml.YAMLError) -> str:
    mark = getattr(failure, "problem_mark", None)
    return f"line {mark.line + 1}, column {mark.column + 1}" if mark else WHOLE_FILE
