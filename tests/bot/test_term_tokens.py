"""The load-time term check splits terms exactly as spaCy does, so it catches the same clashes.

ProcedureTerms checks terms.yml without importing spaCy (which drags TensorFlow into the action
server); these tests keep that cheap tokeniser honest against spaCy itself.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import spacy
import yaml

from bot.paths import REPO_ROOT
from bot.terms import DEFAULT_TERMS_FILE, ProcedureTerms, TermsFileError, simple_phrase

# Shapes a clinic might add to terms.yml: hyphens, possessives, brackets, slashes, abbreviations.
TRICKY_TERMS = [
    "writer's block",
    "TF-ESI",
    "L5-S1 shot",
    "nerve-burning",
    "shot (ESI)",
    "RF/RFA",
    "ESIs.",
    "ESI.",
    "S.C.S.",
    '"the block"',
    "knee's nerves",
    "can't feel",
    "T12-L1",
    "epidural, caudal",
    "back  shot",
    "co-pay's",
]


def every_term_in_the_file() -> list[str]:
    data = yaml.safe_load(DEFAULT_TERMS_FILE.read_text(encoding="utf-8"))
    terms = [term for entry in data["procedures"].values() for term in entry["terms"]]
    rules = data.get("context_terms", []) + data.get("refinements", [])
    terms += [term for rule in data.get("context_terms", []) for term in rule["terms"]]
    terms += [
        phrase
        for rule in rules
        for field in ("with_any", "unless_any")
        for phrase in rule.get(field, [])
    ]
    return terms + list(data.get("not_procedures", []))


@pytest.fixture(scope="module")
def spacy_phrase():
    nlp = spacy.blank("en")
    return lambda term: tuple(t.lower_ for t in nlp.make_doc(term.strip()) if not t.is_space)


@pytest.mark.parametrize("term", every_term_in_the_file() + TRICKY_TERMS)
def test_cheap_tokens_equal_spacy_tokens(spacy_phrase, term: str) -> None:
    assert simple_phrase(term) == spacy_phrase(term)


def test_a_clash_only_spacy_tokenisation_reveals_is_caught_at_load(tmp_path: Path) -> None:
    # "TF-ESI" and "tf - esi" are the same three spaCy tokens: listed under two procedures.
    path = tmp_path / "terms.yml"
    data = {
        "procedures": {
            "epidural_steroid_injection": {"name": "epidural", "terms": ["TF-ESI"]},
            "transforaminal_esi": {"name": "tfesi", "terms": ["tf - esi"]},
        }
    }
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(TermsFileError, match=r"transforaminal_esi\.terms.*TF-ESI|tf - esi"):
        ProcedureTerms.load(path)


def test_loading_terms_does_not_import_spacy_or_tensorflow() -> None:
    code = (
        "import sys; from bot.terms import ProcedureTerms; t = ProcedureTerms.load(); "
        "t.name(t.ids[0]); print(sorted(m for m in ('spacy', 'thinc', 'tensorflow') "
        "if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
