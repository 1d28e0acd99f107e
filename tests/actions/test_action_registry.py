"""The action server registers every action in the package, as `rasa run actions` does."""

from __future__ import annotations

from rasa_sdk.executor import ActionExecutor


def test_every_action_registers_under_its_domain_name() -> None:
    executor = ActionExecutor()
    executor.register_package("actions")  # raises if a base class can be instantiated
    for name in (
        "action_default_ask_affirmation",
        "action_default_ask_rephrase",
        "action_default_fallback",
        "action_reply_out_of_scope",
        "action_respond_red_flag",
        "action_safety_check_in",
    ):
        assert name in executor.actions
