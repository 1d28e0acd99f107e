"""What our rule-based NLU components without a data file share: nothing to configure, train or
persist, and a fingerprint of their code, so editing the rules retrains the model."""

from __future__ import annotations

import hashlib
import inspect
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.training_data import TrainingData


class RuleComponent(GraphComponent):
    """Base of a rules-only component: `create` takes no settings, training data passes through."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> RuleComponent:
        return cls()

    @classmethod
    def code_files(cls) -> Iterable[Path]:
        """Other source files the rules live in (the component's own module always counts)."""
        return ()

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        digest = hashlib.sha256(Path(inspect.getfile(cls)).read_bytes())
        for source in cls.code_files():
            digest.update(Path(source).read_bytes())
        return digest.hexdigest()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
