"""The data every action reads, loaded once per action-server process."""

from __future__ import annotations

from functools import cache

from bot.clinic.directory import ClinicDirectory
from bot.conversation import (
    Condition,
    Decision,
    Feeling,
    load_conditions,
    load_decisions,
    load_feelings,
)
from bot.knowledge import KnowledgeBase
from bot.knowledge.expected_effects import ExpectedEffects
from bot.out_of_scope import OutOfScopeKinds
from bot.safety.follow_ups import FollowUps, load_follow_ups
from bot.terms import ProcedureTerms
from bot.topics import TopicCatalog


@cache
def knowledge() -> KnowledgeBase:
    return KnowledgeBase.load()


@cache
def expected_effects() -> ExpectedEffects:
    """The "is this normal?" effects (content/expected_effects.yml)."""
    return ExpectedEffects.load()


@cache
def out_of_scope_kinds() -> OutOfScopeKinds:
    """Kinds of out-of-scope question and where to turn (content/out_of_scope.yml)."""
    return OutOfScopeKinds.load()


@cache
def procedure_terms() -> ProcedureTerms:
    return ProcedureTerms.load()


@cache
def topics() -> TopicCatalog:
    return TopicCatalog.load()


@cache
def clinic_directory() -> ClinicDirectory:
    """The clinic's details, from PAINPATH_CLINIC_URL or PAINPATH_CLINIC_FILE (hot-reloaded)."""
    return ClinicDirectory.from_env()


@cache
def red_flag_follow_ups() -> FollowUps:
    """The kind-specific lines said after a red-flag reply (spaCy-free reader)."""
    return load_follow_ups()


@cache
def feelings() -> tuple[Feeling, ...]:
    """Feelings patients share and the warm line said first (content/conversation)."""
    return load_feelings()


@cache
def decisions() -> tuple[Decision, ...]:
    """Kinds of personal decision and how each is handed back (content/conversation)."""
    return load_decisions()


@cache
def conditions() -> tuple[Condition, ...]:
    """Conditions patients name and what a pain clinic offers for each (content/conversation)."""
    return load_conditions()
