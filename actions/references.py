"""Which procedure "the steroid one", "the first one" or "that one" points at.

Patients point back at what was just named or offered (slot `procedure_choices`, in the order
it was shown) more often than they repeat a name. Words are matched against the names and lay
terms in content/terms.yml, so the knee one, the steroid one or the ablation one resolve
without a list of their own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.terms import ProcedureTerms

ORDINALS = {
    "first": 0,
    "1st": 0,
    "second": 1,
    "2nd": 1,
    "third": 2,
    "3rd": 2,
    "fourth": 3,
    "4th": 3,
    "last": -1,
}
NOUN = r"(?:one|kind|shot|option|procedure|injection|block)s?"
# After an ordinal only words that point at a choice: "my last shot" is not "the last one".
CHOICE = r"(?:one|kind|option|choice)"
ORDINAL = re.compile(rf"\b(?:the )?({'|'.join(ORDINALS)})(?: {CHOICE})?\b")
POINTING = re.compile(rf"\b(?:that|this|the same) {NOUN}\b")
OTHER = re.compile(rf"\bthe other {NOUN}\b")
DESCRIBED = re.compile(rf"\bthe ([a-z]+) {NOUN}\b")
NOT_DESCRIPTIVE = frozenset({*ORDINALS, "other", "same", "next", "new", "right", "best", "better"})
WORD = re.compile(r"[a-z0-9]+")


def resolve_reference(
    text: str, choices: Sequence[str], current: str | None, terms: ProcedureTerms
) -> str | None:
    """The procedure id a pointing phrase refers to, or None when the message has none."""
    message = " ".join((text or "").lower().split())
    ordinal = ORDINAL.search(message)
    if ordinal and choices and _is_reference(message, ordinal):
        index = ORDINALS[ordinal.group(1)]
        return choices[index] if index < len(choices) else None
    if OTHER.search(message):
        others = [pid for pid in choices if pid != current]
        return others[0] if len(others) == 1 else None
    described = DESCRIBED.search(message)
    if described and described.group(1) not in NOT_DESCRIPTIVE:
        return _described(described.group(1), choices, terms)
    if POINTING.search(message) and len(choices) == 1:
        return choices[0]
    return None


def _is_reference(message: str, ordinal: re.Match[str]) -> bool:
    """ "the first one", "first one", "what about the second?" point back; "my first visit" and
    "the first time" do not."""
    followed_by_noun = ordinal.group(0).split()[-1] not in ORDINALS
    ends_the_message = not message[ordinal.end() :].strip(" ?.!")
    said_alone = ordinal.group(0).startswith("the ") or message.strip(" ?.!") == ordinal.group(1)
    return followed_by_noun or (ends_the_message and said_alone)


def _described(word: str, choices: Sequence[str], terms: ProcedureTerms) -> str | None:
    in_choices = [pid for pid in choices if word in _words(pid, terms)]
    if in_choices:
        return in_choices[0]
    matches = [pid for pid in terms.ids if word in _words(pid, terms)]
    broadest = [pid for pid in matches if terms.parent(pid) not in matches]
    return broadest[0] if len(broadest) == 1 else None


def _words(procedure_id: str, terms: ProcedureTerms) -> set[str]:
    names = (terms.name(procedure_id), terms.short_name(procedure_id), *terms.terms(procedure_id))
    return {word for name in names for word in WORD.findall(name.lower())}
