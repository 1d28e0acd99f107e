"""What our rule-based NLU components without a data file share: nothing to configure, train or
persist, and a fingerprint of their code, so editing the rules retrains the model."""

from __future__ import annotations

import inspect
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from bot.nlu.configured_component import ConfiguredComponent, GraphPlace, fingerprint_of


class RuleComponent(ConfiguredComponent):
    """Base of a rules-only component: `create` takes no settings, training data passes through."""

    @classmethod
    def from_config(cls, config: dict[str, Any], place: GraphPlace) -> RuleComponent:
        return cls()

    @classmethod
    def code_files(cls) -> Iterable[Path]:
        """Other source files the rules live in (the component's own module always counts)."""
        return ()

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        return fingerprint_of([Path(inspect.getfile(cls)), *cls.code_files()])
