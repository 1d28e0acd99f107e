"""bot/knowledge/answers.py: own entry, then the parent's, then a general answer, else none."""

from __future__ import annotations

from mini_content_tree import MiniContent, _entry

from bot.knowledge import KnowledgeBase
from bot.knowledge.answers import ANY_PROCEDURE, procedure_answer


def _with_general(mini: MiniContent) -> KnowledgeBase:
    mini.files["general/any_procedure.yml"] = {
        "subject": ANY_PROCEDURE,
        "kind": "general",
        "title": "Any procedure",
        "entries": [_entry("bathing", "Shower the next day."), _entry("pregnancy", "Tell us.")],
    }
    mini.files["general/back_injection.yml"] = {
        "subject": "back_injection",
        "kind": "general",
        "title": "A back injection",
        "applies_to": ["medial_branch_block"],
        "entries": [_entry("bathing", "After a back shot, shower tomorrow.")],
    }
    return KnowledgeBase.load(mini.write())


def test_the_procedures_own_entry_comes_first(mini_content: MiniContent) -> None:
    mini_content.entries("procedures/nerve_block.yml").append(
        _entry("bathing", "Nerve block baths.")
    )
    kb = _with_general(mini_content)
    found = procedure_answer(kb, "nerve_block", "bathing")
    assert found.subject == "nerve_block" and not found.general


def test_a_child_takes_its_parents_entry_before_a_general_one(mini_content: MiniContent) -> None:
    mini_content.entries("procedures/nerve_block.yml").append(_entry("pregnancy", "Block text."))
    kb = _with_general(mini_content)
    assert procedure_answer(kb, "medial_branch_block", "pregnancy").subject == "nerve_block"


def test_a_specific_general_answer_beats_the_one_for_every_procedure(
    mini_content: MiniContent,
) -> None:
    kb = _with_general(mini_content)
    assert procedure_answer(kb, "medial_branch_block", "bathing").subject == "back_injection"
    assert procedure_answer(kb, "nerve_block", "bathing").subject == ANY_PROCEDURE


def test_with_no_procedure_only_the_answer_for_every_procedure_counts(
    mini_content: MiniContent,
) -> None:
    kb = _with_general(mini_content)
    found = procedure_answer(kb, None, "bathing")
    assert found.subject == ANY_PROCEDURE and found.general
    assert found.entry.text == "Shower the next day."


def test_no_answer_when_nothing_holds(mini_content: MiniContent) -> None:
    kb = _with_general(mini_content)
    assert procedure_answer(kb, "nerve_block", "implants") is None
    assert procedure_answer(kb, None, "what_is") is None
