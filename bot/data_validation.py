"""`rasa data validate --fail-on-warnings`, aware that custom actions send responses by name.

Rasa's validator warns about every response no story or rule uses, so responses that only our
actions send would fail the build. This validator counts a response as used when the actions'
source names it, and fails when an action names a response the domain lacks.
"""

from __future__ import annotations

import re
import sys
import warnings
from pathlib import Path

from rasa.cli.utils import _validate_domain
from rasa.shared.core.domain import Domain
from rasa.shared.importers.importer import TrainingDataImporter
from rasa.validator import Validator

from bot.nlu.language_check import OTHER_LANGUAGE_INTENT
from bot.paths import ACTIONS_DIR
from bot.safety.marks import RED_FLAG_CHECK_IN_INTENT

RESPONSE_NAME = re.compile(r"""["'](utter_[a-z0-9_]+)["']""")
# Responses Rasa's own fallback actions send by name.
BUILT_IN_RESPONSES = {"utter_ask_rephrase", "utter_default"}
# Rasa's metadata key that names the response a bot message came from: not a response itself.
NOT_RESPONSE_NAMES = {"utter_action"}
# Intents an NLU component sets by rule, never learned from examples.
INTENTS_SET_BY_RULE = {OTHER_LANGUAGE_INTENT, RED_FLAG_CHECK_IN_INTENT}
# Rasa 3.6 prints this on every domain load, whatever the domain says.
ALWAYS_RAISED = ("Slot auto-fill has been removed",)


def responses_named_in_actions(actions_dir: Path = ACTIONS_DIR) -> set[str]:
    """Every `utter_...` string literal in the action server's source."""
    names: set[str] = set()
    for source in actions_dir.rglob("*.py"):
        names.update(RESPONSE_NAME.findall(source.read_text(encoding="utf-8")))
    return names - NOT_RESPONSE_NAMES


def form_question_responses(domain: Domain) -> set[str]:
    """`utter_ask_<slot>` responses that forms send for their required slots."""
    names = set()
    for form in domain.form_names:
        for slot in domain.required_slots_for_form(form):
            names |= {f"utter_ask_{slot}", f"utter_ask_{form}_{slot}"}
    return names


class ProjectValidator(Validator):
    """Rasa's validator, with responses sent by custom actions or forms counted as used, and
    intents that an NLU component sets by rule excused from having training examples."""

    action_responses: set[str] = set()

    def _gather_utterance_actions(self) -> set[str]:
        used_elsewhere = self.action_responses | form_question_responses(self.domain)
        return super()._gather_utterance_actions() - used_elsewhere

    def _non_default_intents(self) -> list[str]:
        return [i for i in super()._non_default_intents() if i not in INTENTS_SET_BY_RULE]

    def verify_action_responses_exist(self) -> bool:
        missing = sorted(self.action_responses - set(self.domain.responses))
        for name in missing:
            print(f"actions/ sends the response '{name}', which domain.yml does not define.")
        return not missing


def validate(config: str = "config.yml", domain: str = "domain.yml", data: str = "data") -> bool:
    """Rasa's checks, failing on any warning they raise (as --fail-on-warnings promises)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        importer = TrainingDataImporter.load_from_config(config, domain, [data])
        validator = ProjectValidator.from_importer(importer)
        validator.action_responses = responses_named_in_actions() | BUILT_IN_RESPONSES
        results = [
            validator.verify_action_responses_exist(),
            _validate_domain(validator),
            validator.verify_nlu(ignore_warnings=False),
            validator.verify_story_structure(ignore_warnings=False),
        ]
    problems = [
        str(warning.message)
        for warning in caught
        if issubclass(warning.category, UserWarning)
        and not str(warning.message).startswith(ALWAYS_RAISED)
    ]
    for problem in problems:
        print(f"warning: {problem}")
    return all(results) and not problems


if __name__ == "__main__":
    ok = validate()
    print("data validation: " + ("passed" if ok else "FAILED (see warnings above)"))
    sys.exit(0 if ok else 1)
