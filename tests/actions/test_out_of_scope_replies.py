"""Out of scope, kindly: "I can't help with that" and where to turn for that kind of question."""

from __future__ import annotations

import pytest

from actions.fallback import ActionReplyOutOfScope
from tests.actions.conftest import make_tracker
from tests.actions.test_safety_lines import mark, tracker_with, user_event

ACTION = ActionReplyOutOfScope()


@pytest.mark.parametrize(
    ("text", "response"),
    [
        ("can I sue my surgeon for my failed back surgery", "utter_out_of_scope_legal"),
        ("what are the hours of the urgent care on main street", "utter_out_of_scope_other_clinic"),
        ("can you help me with my diabetes", "utter_out_of_scope_other_condition"),
        ("my dog hurt his back", "utter_out_of_scope_pet"),
        ("what's the weather tomorrow", "utter_out_of_scope"),
    ],
)
async def test_each_kind_gets_its_place_to_turn(run, text: str, response: str) -> None:
    outcome = await run(ACTION, make_tracker(text, "out_of_scope"))
    assert outcome.responses == [response]


async def test_another_clinic_reply_names_this_clinic(run) -> None:
    outcome = await run(ACTION, make_tracker("is the hospital across town open", "out_of_scope"))
    reply = outcome.message_for("utter_out_of_scope_other_clinic")
    assert reply["clinic_name"] == "Riverside Pain Management Center"


async def test_the_safety_line_still_follows_a_kind_reply(run) -> None:
    tracker = make_tracker("I need a lawyer, I feel hopeless", "out_of_scope", [mark("distress")])
    outcome = await run(ACTION, tracker)
    assert outcome.responses == ["utter_out_of_scope_legal", "utter_safety_line_distress"]


async def test_something_else_after_an_unclear_message_reads_that_message(run) -> None:
    tracker = tracker_with(
        [
            user_event(
                "my attorney says I should get my records for the lawsuit", "nlu_fallback", []
            ),
            user_event("/out_of_scope", "out_of_scope", []),
        ]
    )
    outcome = await run(ACTION, tracker)
    assert outcome.responses == ["utter_out_of_scope_legal"]
