"""Rasa NLU component: tags procedure names (and misspellings) with their canonical id."""

from __future__ import annotations

from pathlib import Path

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

import bot.term_context
import bot.terms
import bot.terms_file
from bot.nlu.data_file_component import DataFileComponent
from bot.paths import REPO_ROOT
from bot.terms import ProcedureTerms

ENTITY_NAME = "procedure"
TERMS_FILE_KEY = "terms_file"
# Relative to the repo root, as config.yml would write it (so the model's config is the same
# in every clone).
DEFAULT_TERMS_FILE = str(bot.terms_file.DEFAULT_TERMS_FILE.relative_to(REPO_ROOT))


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class ProcedureMentionTagger(DataFileComponent, EntityExtractorMixin):
    """Adds `procedure` entities from content/terms.yml so slots fill without trained entities."""

    file_key = TERMS_FILE_KEY
    default_file = DEFAULT_TERMS_FILE

    @classmethod
    def from_data_file(cls, path: Path) -> ProcedureMentionTagger:
        """Build the matcher once, from the terms file, when the graph starts."""
        terms = ProcedureTerms.load(path)
        terms.prepare_matching()  # build the matcher at start-up, not on the first message
        return cls(terms)

    @classmethod
    def code_files(cls) -> list[Path]:
        """The file's parser, the matcher and the context rules: changing how terms are read or
        matched retrains too."""
        return [
            Path(bot.terms_file.__file__),
            Path(bot.terms.__file__),
            Path(bot.term_context.__file__),
        ]

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
