"""What our trainable NLU components that keep numpy arrays in the model share: built from the
checked config, trained into arrays written to the model's storage, read back when it loads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage

from bot.nlu.configured_component import ConfiguredComponent, GraphPlace


class StoredArraysComponent(ConfiguredComponent):
    """Base of a component whose training result is arrays in its folder of the model file.

    A subclass trains, then calls `persist()`, and says how its arrays are written
    (`write_arrays`) and read back (`read_arrays`)."""

    def __init__(
        self, config: dict[str, Any], model_storage: ModelStorage, resource: Resource
    ) -> None:
        self.config = config
        self._model_storage = model_storage
        self._resource = resource

    @classmethod
    def from_config(cls, config: dict[str, Any], place: GraphPlace) -> StoredArraysComponent:
        return cls(config, place.model_storage, place.resource)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> StoredArraysComponent:
        """The trained component, its arrays read from the model (no training file needed)."""
        component = cls(cls.checked_config(config), model_storage, resource)
        with model_storage.read_from(resource) as folder:
            component.read_arrays(folder)
        return component

    def persist(self) -> Resource:
        """Write the trained arrays into the model; `train` returns what this returns."""
        with self._model_storage.write_to(self._resource) as folder:
            self.write_arrays(folder)
        return self._resource

    def write_arrays(self, folder: Path) -> None:
        raise NotImplementedError

    def read_arrays(self, folder: Path) -> None:
        raise NotImplementedError
