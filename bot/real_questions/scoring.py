"""How an answer to a real patient question is scored, and the tallies the gate reports.

A question is answered **right** when both hold:

- the intent the assistant acts on (after the whole pipeline: a message under the fallback
  threshold counts as `nlu_fallback`, a miss) is the labelled intent; and
- the procedure fits the label:
  - labelled with a procedure: the procedure the answer is about (the first one tagged) is that
    procedure or a kind of it (`scs_implant` for a question labelled `spinal_cord_stimulation`);
    a broader one is not enough (`epidural_steroid_injection` for a `caudal_esi` question);
  - labelled without one, on a procedure topic (`ask_relief`, `ask_pain_sedation` ...): no
    procedure may be tagged. The label says the text neither names nor clearly describes one,
    so an answer about a tagged procedure would be about something the patient never said;
  - labelled without one, on any other intent (journey, clinic, conversation): the intent alone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from bot.knowledge.models import PROCEDURE_CORE_TOPICS, PROCEDURE_EXTRA_TOPICS
from bot.question_sentences import sentence_spans
from bot.real_questions.questions import Prediction, Question

# Intents whose answer is about one procedure.
PROCEDURE_TOPIC_INTENTS = frozenset(
    {f"ask_{topic}" for topic in PROCEDURE_CORE_TOPICS + PROCEDURE_EXTRA_TOPICS}
    | {"ask_duration", "inform_procedure"}
)

ParentOf = Callable[[str], "str | None"]


@dataclass(frozen=True)
class Verdict:
    intent_right: bool
    procedure_right: bool
    tagged_unnamed_procedure: bool  # a procedure topic labelled without one, yet one was tagged

    @property
    def right(self) -> bool:
        return self.intent_right and self.procedure_right


def is_kind_of(procedure_id: str, labelled: str, parent_of: ParentOf) -> bool:
    """True when procedure_id is the labelled procedure or one of its kinds (children)."""
    current: str | None = procedure_id
    while current is not None:
        if current == labelled:
            return True
        current = parent_of(current)
    return False


def judge(question: Question, prediction: Prediction, parent_of: ParentOf) -> Verdict:
    """Score one answer by the rules in the module docstring."""
    intent_right = prediction.intent == question.intent
    answered_about = prediction.procedures[0] if prediction.procedures else None
    tagged_unnamed = False
    if question.procedure:
        procedure_right = answered_about is not None and is_kind_of(
            answered_about, question.procedure, parent_of
        )
    elif question.intent in PROCEDURE_TOPIC_INTENTS:
        tagged_unnamed = answered_about is not None
        procedure_right = not tagged_unnamed
    else:
        procedure_right = True
    return Verdict(intent_right, procedure_right, tagged_unnamed)


@dataclass
class Tally:
    """Right answers out of questions, with the intent-only count beside it."""

    total: int = 0
    right: int = 0
    intent_right: int = 0

    def add(self, verdict: Verdict) -> None:
        self.total += 1
        self.right += verdict.right
        self.intent_right += verdict.intent_right

    @property
    def share(self) -> float:
        return self.right / self.total if self.total else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "total": self.total,
            "right": self.right,
            "intent_right": self.intent_right,
            "share_right": round(self.share, 4),
        }


@dataclass
class Scores:
    """Every tally the gate reports for one question file."""

    overall: Tally = field(default_factory=Tally)
    with_procedure: Tally = field(default_factory=Tally)
    on_known_intents: Tally = field(default_factory=Tally)
    by_kind: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_intent: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    tagged_unnamed_procedure: int = 0

    def as_dict(self) -> dict:
        return {
            "overall": self.overall.as_dict(),
            "labelled_with_a_procedure": self.with_procedure.as_dict(),
            "on_intents_this_model_has": self.on_known_intents.as_dict(),
            "by_kind": {kind: tally.as_dict() for kind, tally in sorted(self.by_kind.items())},
            "by_intent": {name: tally.as_dict() for name, tally in sorted(self.by_intent.items())},
            "procedure_topic_without_a_named_procedure_but_one_tagged": (
                self.tagged_unnamed_procedure
            ),
        }


def kinds_of(question: Question) -> tuple[str, str]:
    """Who wrote it, and whether it is one sentence or a longer message."""
    author = "written by patients" if question.written_by_patient else "clinic FAQ headings"
    length = "several sentences" if len(sentence_spans(question.text)) > 1 else "one sentence"
    return author, length


def score(
    questions: Iterable[Question],
    predictions: dict[str, Prediction],
    parent_of: ParentOf,
    known_intents: set[str],
) -> Scores:
    scores = Scores()
    for question in questions:
        verdict = judge(question, predictions[question.text], parent_of)
        scores.overall.add(verdict)
        scores.by_intent[question.intent].add(verdict)
        for kind in kinds_of(question):
            scores.by_kind[kind].add(verdict)
        if question.procedure:
            scores.with_procedure.add(verdict)
        if question.intent in known_intents:
            scores.on_known_intents.add(verdict)
        scores.tagged_unnamed_procedure += verdict.tagged_unnamed_procedure
    return scores


@dataclass
class Changes:
    """Question by question against a recorded run (the baseline)."""

    gained: list[str] = field(default_factory=list)  # right now, wrong then
    lost: list[str] = field(default_factory=list)  # wrong now, right then
    still_right: int = 0
    still_wrong: int = 0
    gained_by_intent: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    lost_by_intent: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def as_dict(self) -> dict:
        return {
            "now_right_used_to_be_wrong": len(self.gained),
            "now_wrong_used_to_be_right": len(self.lost),
            "right_in_both": self.still_right,
            "wrong_in_both": self.still_wrong,
            "gained_by_intent": dict(sorted(self.gained_by_intent.items())),
            "lost_by_intent": dict(sorted(self.lost_by_intent.items())),
        }


def compare(
    questions: Iterable[Question],
    now: dict[str, Prediction],
    then: dict[str, Prediction],
    parent_of: ParentOf,
) -> Changes:
    """Both runs scored by the same rules; questions the old run never saw are left out."""
    changes = Changes()
    for question in questions:
        if question.text not in then:
            continue
        right_now = judge(question, now[question.text], parent_of).right
        right_then = judge(question, then[question.text], parent_of).right
        if right_now and not right_then:
            changes.gained.append(question.text)
            changes.gained_by_intent[question.intent] += 1
        elif right_then and not right_now:
            changes.lost.append(question.text)
            changes.lost_by_intent[question.intent] += 1
        elif right_now:
            changes.still_right += 1
        else:
            changes.still_wrong += 1
    return changes


def format_scores(name: str, scores: Scores) -> list[str]:
    """Readable lines: overall, by kind, per intent (most asked first)."""
    overall = scores.overall
    lines = [
        f"{name}: right {_fraction(overall)} (intent right {overall.intent_right}/{overall.total})",
        f"  labelled with a procedure: intent+procedure right {_fraction(scores.with_procedure)}",
        f"  on intents this model has: right {_fraction(scores.on_known_intents)}",
        "  procedure topics labelled without a procedure where one was tagged anyway: "
        f"{scores.tagged_unnamed_procedure}",
    ]
    for kind, tally in sorted(scores.by_kind.items()):
        lines.append(f"  {kind}: right {_fraction(tally)}")
    lines.append("  per intent: right / intent right / questions")
    by_size = sorted(scores.by_intent.items(), key=lambda item: (-item[1].total, item[0]))
    for intent, tally in by_size:
        counts = f"{tally.right:3d} / {tally.intent_right:3d} / {tally.total:3d}"
        lines.append(f"    {intent:28s} {counts}")
    return lines


def format_changes(name: str, commit: str, changes: Changes) -> list[str]:
    gained = ", ".join(f"{k} {v}" for k, v in sorted(changes.gained_by_intent.items()))
    lost = ", ".join(f"{k} {v}" for k, v in sorted(changes.lost_by_intent.items()))
    return [
        f"{name} against the baseline (model of {commit}), same rules:",
        f"  now right, used to be wrong: {len(changes.gained)}{_listed(gained)}",
        f"  now wrong, used to be right: {len(changes.lost)}{_listed(lost)}",
        f"  right in both: {changes.still_right}; wrong in both: {changes.still_wrong}",
    ]


def _listed(counts: str) -> str:
    return f" ({counts})" if counts else ""


def _fraction(tally: Tally) -> str:
    return f"{tally.right}/{tally.total} = {tally.share:.1%}"
