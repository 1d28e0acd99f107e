"""Check the action server's replies against a JSON schema validator that is built once.

Rasa 3.6 checks each reply with `jsonschema.validate(reply, schema)`, which first checks the
schema itself against the JSON Schema meta-schema: about 20 ms of CPU on every custom-action
call here, 70% of the Rasa server's time per message in a profile of `make bench`. The schema
never changes, so one validator, checked once, gives the same answer in well under a
millisecond. A reply that fails goes through Rasa's own check, so the error is Rasa's.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from jsonschema.protocols import Validator
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction

_rasa_check: Callable[[RemoteAction, dict[str, Any]], bool] | None = None


@lru_cache(maxsize=1)
def action_reply_validator() -> Validator:
    """Rasa's schema for action-server replies, checked once and ready to validate."""
    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def _validate_action_result(action: RemoteAction, result: dict[str, Any]) -> bool:
    if action_reply_validator().is_valid(result):
        return True
    assert _rasa_check is not None  # set by check_action_results_with_one_validator
    return _rasa_check(action, result)  # raises Rasa's ValidationError, with its hint


def check_action_results_with_one_validator() -> None:
    """Make every RemoteAction use the prebuilt validator (idempotent; bot/server.py calls it
    after checking that this Rasa has the method)."""
    global _rasa_check
    current = RemoteAction._validate_action_result
    if current is _validate_action_result:
        return
    _rasa_check = current
    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]
