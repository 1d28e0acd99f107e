"""What every PainPath NLU component shares: Rasa's `create` (the defaults merged into the config,
the config checked, then the component built), a fingerprint of the files it is built from, and
the way tools reach a loaded model's components."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.training_data import TrainingData

Component = TypeVar("Component")


def loaded_components(agent: Any, kind: type[Component]) -> list[Component]:
    """The components of this kind in a loaded agent's graph, for tools that measure or re-set
    them (Rasa has no public way to reach a node's component)."""
    nodes = agent.processor.graph_runner._instantiated_nodes.values()  # noqa: SLF001
    return [node._component for node in nodes if isinstance(node._component, kind)]  # noqa: SLF001


@dataclass(frozen=True)
class GraphPlace:
    """Where Rasa's graph puts a component: the model's storage, the component's resource in it
    and the graph node's context."""

    model_storage: ModelStorage
    resource: Resource
    execution_context: ExecutionContext


class ConfiguredComponent(GraphComponent):
    """Base of our graph components: each says how it is built from its checked config."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> ConfiguredComponent:
        place = GraphPlace(model_storage, resource, execution_context)
        return cls.from_config(cls.checked_config(config), place)

    @classmethod
    def checked_config(cls, config: dict[str, Any]) -> dict[str, Any]:
        """The defaults overridden by config.yml's settings, checked."""
        merged = {**cls.get_default_config(), **config}
        cls.validate_config(merged)
        return merged

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        """Raise InvalidConfigException naming a bad setting (nothing to check by default)."""

    @classmethod
    def from_config(cls, config: dict[str, Any], place: GraphPlace) -> ConfiguredComponent:
        """Build the component from its checked config."""
        raise NotImplementedError

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Training data passes through unless a component adds to it."""
        return training_data


def fingerprint_of(files: Iterable[Path]) -> str:
    """sha256 over the files' bytes, for `fingerprint_addon`: editing any of them retrains."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()
