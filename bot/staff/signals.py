"""What the console counts, read from the events Rasa 3.6 stores for each turn.

A turn is one user event (a patient message) and the events after it until that conversation's
next user event. Rasa stores, per turn: the `user` event (its `intent_name` column and, in
`data`, `input_channel`, the redacted `text` and `parse_data`), one `action` event per action
run (`action_name` column), `slot` events, and one `bot` event per bubble, whose
`data.metadata.utter_action` names the domain response a custom action sent (Rasa's
`RemoteAction._utter_responses` records it). When a patient rephrases after "did you mean",
Rasa's two-stage fallback rewinds and stores the same message again (same
`parse_data.message_id`): still one turn. Response names are the robust signal for a
fallback: the actions that send them may change, the responses patients read do not.
"""

from __future__ import annotations

# Replies that did not answer the question (actions/fallback.py, actions/safety_lines.py):
# the last-resort fallback, "did you mean", "say it another way", out of scope (every kind), and
# the honest "I don't have that" for a topic, a procedure's topic or a clinic detail. A test
# ties this list to domain.yml.
FALLBACK_RESPONSES = frozenset(
    {
        "utter_default",
        "utter_did_you_mean",
        "utter_ask_rephrase",
        "utter_out_of_scope",
        "utter_out_of_scope_legal",
        "utter_out_of_scope_other_clinic",
        "utter_out_of_scope_other_condition",
        "utter_out_of_scope_pet",
        "utter_no_answer",
        "utter_no_topic_answer",
        "utter_effect_not_expected",
        "utter_topic_depends_on_procedure",
        "utter_clinic_missing_info",
    }
)

# The intent a red-flag message gets (RedFlagDetector and the semantic safety net override the
# model's intent) -> the kind's id, and the kind's name shown to staff.
RED_FLAG_KINDS = {
    "red_flag_emergency": "emergency",
    "red_flag_crisis": "crisis",
    "red_flag_urgent": "urgent",
    "red_flag_check_in": "check_in",
}
RED_FLAG_KIND_ORDER = tuple(RED_FLAG_KINDS.values())
RED_FLAG_KIND_NAMES = {
    "emergency": "emergency",
    "crisis": "crisis",
    "urgent": "urgent",
    "check_in": "safety check-in",
}

HAND_OFF_ACTION = "action_hand_off_to_person"
OTHER_LANGUAGE_INTENT = "other_language"
# A new Rasa session (a new conversation) starts with this action and this event.
SESSION_START_ACTION = "action_session_start"
SESSION_STARTED = "session_started"

# Slots the answering actions set for what they answered (actions/procedures.py, journey.py).
SUBJECT_SLOT = "subject"
PROCEDURE_SLOT = "procedure"
TOPIC_SLOT = "topic"
NO_PROCEDURE_NAMED = "(procedure not named)"


def is_button_payload(text: str) -> bool:
    """A quick-reply press ("/ask_prepare{...}"), not words a patient typed."""
    return text.startswith("/")
