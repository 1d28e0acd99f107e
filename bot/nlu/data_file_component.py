"""What our rule-based NLU components share: one data file, read from the repo, and a
fingerprint that changes with the file or the code reading it, so editing either retrains."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, ClassVar

from bot.nlu.configured_component import ConfiguredComponent, GraphPlace, fingerprint_of
from bot.paths import from_repo_root


class DataFileComponent(ConfiguredComponent):
    """Base of a component built from a data file named by one config key."""

    file_key: ClassVar[str]
    default_file: ClassVar[str]

    @classmethod
    def get_default_config(cls) -> dict[str, Any]:
        return {cls.file_key: cls.default_file}

    @classmethod
    def data_file(cls, config: dict[str, Any]) -> Path:
        """The configured file; a relative path is taken from the repo root, not the cwd."""
        return from_repo_root(config.get(cls.file_key) or cls.default_file)

    @classmethod
    def from_data_file(cls, path: Path) -> DataFileComponent:
        """Load the file (raising an error that names it) and build the component."""
        raise NotImplementedError

    @classmethod
    def code_files(cls) -> Iterable[Path]:
        """Source files whose changes should retrain the model too."""
        return ()

    @classmethod
    def from_config(cls, config: dict[str, Any], place: GraphPlace) -> DataFileComponent:
        return cls.from_data_file(cls.data_file(config))

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        data_file = cls.data_file({**cls.get_default_config(), **config})
        if not data_file.is_file():
            cls.from_data_file(data_file)  # raises the loader's error naming the missing file
        return fingerprint_of([data_file, *cls.code_files()])
