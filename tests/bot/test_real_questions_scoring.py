"""How answers to real patient questions are scored, and the tally against the baseline."""

from __future__ import annotations

import pytest

from bot.real_questions.questions import (
    BASELINE_FILE,
    BLIND_FILE,
    DEV_FILE,
    Prediction,
    Question,
    load_questions,
    load_recorded_predictions,
)
from bot.real_questions.scoring import compare, format_scores, judge, score
from bot.terms import ProcedureTerms

PARENT_OF = ProcedureTerms.load().parent


def q(intent: str, procedure: str | None = None, text: str = "t", source: str = "qa") -> Question:
    return Question(text=text, source=source, intent=intent, procedure=procedure)


def p(intent: str | None, *procedures: str) -> Prediction:
    return Prediction(intent=intent, confidence=0.9, procedures=procedures)


@pytest.mark.parametrize(
    ("question", "prediction", "right"),
    [
        (
            q("ask_relief", "radiofrequency_ablation"),
            p("ask_relief", "radiofrequency_ablation"),
            True,
        ),
        # a kind of the labelled procedure answers it; a broader one does not
        (q("ask_mri", "spinal_cord_stimulation"), p("ask_mri", "scs_implant"), True),
        (q("ask_what_is", "caudal_esi"), p("ask_what_is", "epidural_steroid_injection"), False),
        # the answer is about the first procedure tagged
        (
            q("ask_risks", "nerve_block"),
            p("ask_risks", "epidural_steroid_injection", "nerve_block"),
            False,
        ),
        (q("ask_risks", "nerve_block"), p("ask_risks"), False),
        (q("ask_risks", "nerve_block"), p("nlu_fallback", "nerve_block"), False),
        # no procedure labelled on a procedure topic: none may be tagged
        (q("ask_duration"), p("ask_duration"), True),
        (q("ask_duration"), p("ask_duration", "epidural_steroid_injection"), False),
        (q("ask_pain_sedation"), p("ask_pain_sedation", "nerve_block"), False),
        # other intents: the intent alone
        (q("ask_first_visit"), p("ask_first_visit", "nerve_block"), True),
        (q("ask_first_visit"), p("ask_pain_clinic"), False),
    ],
)
def test_judge(question: Question, prediction: Prediction, right: bool) -> None:
    assert judge(question, prediction, PARENT_OF).right is right


def test_scores_by_kind_intent_and_known_intents() -> None:
    questions = [
        q("ask_relief", "nerve_block", "How long does a nerve block last?", "clinic_faq"),
        q("ask_cost", None, "My husband has Medicare. Will it pay for the shot?", "forum"),
        q("ask_relief", None, "When does it start working?", "qa"),
    ]
    predictions = {
        questions[0].text: p("ask_relief", "nerve_block"),
        questions[1].text: p("ask_prior_authorization"),
        questions[2].text: p("ask_recovery"),
    }
    scores = score(questions, predictions, PARENT_OF, known_intents={"ask_relief"})
    assert (scores.overall.right, scores.overall.total) == (1, 3)
    assert (scores.on_known_intents.right, scores.on_known_intents.total) == (1, 2)
    assert (scores.with_procedure.right, scores.with_procedure.total) == (1, 1)
    assert scores.by_kind["clinic FAQ headings"].right == 1
    assert scores.by_kind["written by patients"].total == 2
    assert scores.by_kind["several sentences"].total == 1
    assert scores.by_intent["ask_relief"].intent_right == 1
    assert format_scores("test", scores)[0].startswith("test: right 1/3 = 33.3%")


def test_compare_counts_both_directions_by_the_same_rules() -> None:
    questions = [q("ask_relief", text="a"), q("ask_risks", text="b"), q("ask_mri", text="c")]
    then = {"a": p("nlu_fallback"), "b": p("ask_risks"), "c": p("ask_mri")}
    now = {"a": p("ask_relief"), "b": p("ask_during"), "c": p("ask_mri")}
    changes = compare(questions, now, then, PARENT_OF)
    assert (changes.gained, changes.lost) == (["a"], ["b"])
    assert (changes.still_right, changes.still_wrong) == (1, 0)
    assert changes.gained_by_intent == {"ask_relief": 1}


def test_the_baseline_covers_every_question_of_both_files() -> None:
    commit, recorded = load_recorded_predictions(BASELINE_FILE)
    texts = {question.text for path in (BLIND_FILE, DEV_FILE) for question in load_questions(path)}
    assert commit and texts <= set(recorded)
