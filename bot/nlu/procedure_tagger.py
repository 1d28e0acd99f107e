"""Rasa NLU component: tags procedure names (and misspellings) with their canonical id."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

import bot.terms
from bot.terms import REPO_ROOT, ProcedureTerms

ENTITY_NAME = "procedure"
TERMS_FILE_KEY = "terms_file"
DEFAULT_TERMS_FILE = "content/terms.yml"


def resolve_terms_file(config: dict[str, Any]) -> Path:
    """The configured terms file; a relative path is taken from the repo root, not the cwd."""
    configured = Path(config.get(TERMS_FILE_KEY) or DEFAULT_TERMS_FILE)
    return configured if configured.is_absolute() else REPO_ROOT / configured


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class ProcedureMentionTagger(GraphComponent, EntityExtractorMixin):
    """Adds `procedure` entities from content/terms.yml so slots fill without trained entities."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """`terms_file`: the synonyms file, relative to the repo root unless absolute."""
        return {TERMS_FILE_KEY: DEFAULT_TERMS_FILE}

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> ProcedureMentionTagger:
        """Build the matcher once, from the terms file, when the graph starts."""
        merged = {**cls.get_default_config(), **config}
        return cls(ProcedureTerms.load(resolve_terms_file(merged)))

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        """Hash of the terms file and the matcher code, so editing either retrains the model."""
        merged = {**cls.get_default_config(), **config}
        terms_file = resolve_terms_file(merged)
        if not terms_file.is_file():
            ProcedureTerms.load(terms_file)  # raises TermsFileError naming the missing file
        digest = hashlib.sha256(terms_file.read_bytes())
        digest.update(Path(bot.terms.__file__).read_bytes())
        return digest.hexdigest()

    def __init__(self, terms: ProcedureTerms) -> None:
        self._terms = terms

    def process(self, messages: list[Message]) -> list[Message]:
        """Append one `procedure` entity per mention, keeping entities other extractors found."""
        for message in messages:
            text = message.get(TEXT)
            if not text:
                continue
            found = [
                {
                    "entity": ENTITY_NAME,
                    "value": mention.procedure_id,
                    "start": mention.start,
                    "end": mention.end,
                    "confidence": mention.score,
                }
                for mention in self._terms.find(text)
            ]
            entities = message.get(ENTITIES, []) + self.add_extractor_name(found)
            message.set(ENTITIES, entities, add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Training data stays as written: DIET learns intents only, entities come from here."""
        return training_data
