"""Kind-specific lines said right after a red-flag reply ("If you have naloxone, give it now").

They live in content/safety/red_flags.yml (`follow_ups:` and each rule's `follow_up:`), so a
clinician edits them with the rules. This module reads them with plain YAML: the action server
imports it and must not load spaCy.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from bot.safety.errors import RedFlagRulesError
from bot.safety.files import DEFAULT_RULES_FILE
from bot.yaml_files import WHOLE_FILE, read_yaml

RULE_SECTIONS = ("red_flags",)


@dataclass(frozen=True)
class FollowUps:
    """The follow-up line of each rule that has one, by rule id."""

    by_rule: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def for_rule(self, rule_id: str | None) -> str | None:
        """The line to add after the reply to this rule, or None."""
        return self.by_rule.get(rule_id or "")


def follow_ups_from(raw: Mapping[str, Any], path: Path) -> FollowUps:
    """Check the `follow_ups` section and every rule's `follow_up` name; map rule id -> line."""
    lines = raw.get("follow_ups") or {}
    if not isinstance(lines, Mapping):
        raise RedFlagRulesError(path, "follow_ups", "must map a follow-up name to one line of text")
    for name, text in lines.items():
        if not isinstance(text, str) or not text.strip():
            raise RedFlagRulesError(path, f"follow_ups.{name}", "give one plain line of text")
    by_rule: dict[str, str] = {}
    for category, rules in _rule_lists(raw):
        for index, rule in enumerate(rules):
            if not isinstance(rule, Mapping) or "follow_up" not in rule:
                continue
            name = rule["follow_up"]
            if name not in lines:
                known = ", ".join(sorted(map(str, lines))) or "none defined"
                raise RedFlagRulesError(
                    path,
                    f"red_flags.{category}[{index}].follow_up",
                    f"'{name}' is not in follow_ups (known: {known})",
                )
            by_rule[str(rule.get("id"))] = " ".join(lines[name].split())
    return FollowUps(MappingProxyType(by_rule))


def load_follow_ups(path: Path | None = None) -> FollowUps:
    """Read the follow-up lines of the rules file (default content/safety/red_flags.yml)."""
    path = Path(path) if path is not None else DEFAULT_RULES_FILE
    raw = read_yaml(path, RedFlagRulesError)
    if not isinstance(raw, Mapping):
        raise RedFlagRulesError(path, WHOLE_FILE, "must be a mapping with a 'red_flags:' section")
    return follow_ups_from(raw, path)


def _rule_lists(raw: Mapping[str, Any]) -> list[tuple[str, list[Any]]]:
    section = raw.get("red_flags")
    if not isinstance(section, Mapping):
        return []
    return [(str(cat), rules) for cat, rules in section.items() if isinstance(rules, list)]
