"""The Rasa component tags procedure mentions so the `procedure` slot fills from them."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.procedure_tagger import ProcedureMentionTagger
from bot.terms import DEFAULT_TERMS_FILE, TermsFileError

SMALL_TERMS = """
procedures:
  nerve_block:
    name: nerve block
    terms: [nerve block]
"""


def build_tagger(tmp_path: Path, config: dict | None = None) -> ProcedureMentionTagger:
    return ProcedureMentionTagger.create(
        {**ProcedureMentionTagger.get_default_config(), **(config or {})},
        LocalModelStorage(tmp_path / "storage"),
        Resource("procedure_tagger"),
        ExecutionContext(GraphSchema({}), "test-model"),
    )


@pytest.fixture(scope="module")
def tagger(tmp_path_factory: pytest.TempPathFactory) -> ProcedureMentionTagger:
    return build_tagger(tmp_path_factory.mktemp("tagger"))


def tag(tagger: ProcedureMentionTagger, text: str, **data: object) -> Message:
    (message,) = tagger.process([Message(data={"text": text, **data})])
    return message


def test_a_mention_becomes_a_procedure_entity(tagger: ProcedureMentionTagger) -> None:
    message = tag(tagger, "what is a TFESI?")
    assert message.get("entities") == [
        {
            "entity": "procedure",
            "value": "transforaminal_esi",
            "start": 10,
            "end": 15,
            "confidence": 1.0,
            "extractor": "ProcedureMentionTagger",
        }
    ]


def test_a_misspelling_carries_a_lower_confidence(tagger: ProcedureMentionTagger) -> None:
    (entity,) = tag(tagger, "how long does an epideral last").get("entities")
    assert entity["value"] == "epidural_steroid_injection"
    assert 0.85 <= entity["confidence"] < 1.0


def test_two_procedures_are_tagged_in_order(tagger: ProcedureMentionTagger) -> None:
    entities = tag(tagger, "difference between ESI and nerve block").get("entities")
    assert [e["value"] for e in entities] == ["epidural_steroid_injection", "nerve_block"]


def test_entities_from_other_extractors_are_kept(tagger: ProcedureMentionTagger) -> None:
    earlier = {"entity": "red_flag_category", "value": "urgent", "start": 0, "end": 5}
    message = tag(tagger, "fever after my RFA", entities=[earlier])
    entities = message.get("entities")
    assert entities[0] == earlier
    assert [e["value"] for e in entities[1:]] == ["radiofrequency_ablation"]


def test_an_ordinary_message_gets_no_procedure(tagger: ProcedureMentionTagger) -> None:
    assert tag(tagger, "what are your hours").get("entities") == []


def test_a_message_without_text_is_left_alone(tagger: ProcedureMentionTagger) -> None:
    message = Message(data={"intent": "greet"})
    tagger.process([message])
    assert message.get("entities") is None


def test_training_data_is_returned_unchanged(tagger: ProcedureMentionTagger) -> None:
    example = Message(data={"text": "what is an ESI", "intent": "ask_what_is"})
    training_data = TrainingData([example])
    assert tagger.process_training_data(training_data) is training_data
    assert training_data.training_examples[0].get("entities") is None


def test_a_configured_terms_file_is_used(tmp_path: Path) -> None:
    terms_file = tmp_path / "terms.yml"
    terms_file.write_text(SMALL_TERMS, encoding="utf-8")
    tagger = build_tagger(tmp_path, {"terms_file": str(terms_file)})
    assert [e["value"] for e in tag(tagger, "ESI or nerve block").get("entities")] == [
        "nerve_block"
    ]


def test_editing_the_terms_file_changes_the_fingerprint(tmp_path: Path) -> None:
    terms_file = tmp_path / "terms.yml"
    terms_file.write_text(SMALL_TERMS, encoding="utf-8")
    config = {"terms_file": str(terms_file)}
    before = ProcedureMentionTagger.fingerprint_addon(config)
    assert ProcedureMentionTagger.fingerprint_addon(config) == before
    terms_file.write_text(SMALL_TERMS.replace("[nerve block]", "[nerve block, block]"))
    assert ProcedureMentionTagger.fingerprint_addon(config) != before


def test_default_config_reads_the_repo_terms_file() -> None:
    default = ProcedureMentionTagger.fingerprint_addon({})
    explicit = ProcedureMentionTagger.fingerprint_addon({"terms_file": str(DEFAULT_TERMS_FILE)})
    assert default == explicit


def test_a_missing_terms_file_is_reported_by_name(tmp_path: Path) -> None:
    missing = tmp_path / "missing.yml"
    with pytest.raises(TermsFileError, match="missing.yml"):
        ProcedureMentionTagger.fingerprint_addon({"terms_file": str(missing)})
    with pytest.raises(TermsFileError, match="missing.yml"):
        build_tagger(tmp_path, {"terms_file": str(missing)})
