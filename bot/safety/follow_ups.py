"""Kind-specific lines said right after a red-flag reply ("If you have naloxone, give it now").

They live in content/safety/red_flags.yml (`follow_ups:` and each rule's `follow_up:`), so a
clinician edits them with the rules. This module reads them through the spaCy-free rules model
(bot/safety/rule_model.py): the action server imports it and must not load spaCy.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from bot.safety.errors import RedFlagRulesError
from bot.safety.files import DEFAULT_RULES_FILE
from bot.safety.rule_model import RuleFile, read_rule_file


@dataclass(frozen=True)
class FollowUps:
    """The follow-up line of each rule that has one, by rule id."""

    by_rule: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def for_rule(self, rule_id: str | None) -> str | None:
        """The line to add after the reply to this rule, or None."""
        return self.by_rule.get(rule_id or "")


def follow_ups_from(rules: RuleFile, path: Path) -> FollowUps:
    """Check that every rule's `follow_up` names a line of `follow_ups`; map rule id -> line."""
    by_rule: dict[str, str] = {}
    for category, index, rule in rules.red_flag_rules():
        if rule.follow_up is None:
            continue
        if rule.follow_up not in rules.follow_ups:
            known = ", ".join(sorted(rules.follow_ups)) or "none defined"
            raise RedFlagRulesError(
                path,
                f"red_flags.{category}[{index}].follow_up",
                f"'{rule.follow_up}' is not in follow_ups (known: {known})",
            )
        by_rule[rule.id] = " ".join(rules.follow_ups[rule.follow_up].split())
    return FollowUps(MappingProxyType(by_rule))


def load_follow_ups(path: Path | None = None) -> FollowUps:
    """Read the follow-up lines of the rules file (default content/safety/red_flags.yml)."""
    path = Path(path) if path is not None else DEFAULT_RULES_FILE
    return follow_ups_from(read_rule_file(path), path)
