"""The multi-turn conversation set: patients' conversations, checked turn by turn in e2e, and
the stories the dialogue learns from (data/stories/<area>.yml), written from them.

Each file in tests/e2e/conversations/ holds the conversations of one area. A turn says what the
patient types and what a good reply needs: the intent the real NLU must find (the first one
listed is the one the stories learn), the procedure it must tag, knowledge answers and words
the reply must hold or must not hold, and buttons it must offer. The actions of each turn are
those the rules in data/rules/ give the intent, so a story can never contradict a rule.

`python -m tests.e2e.conversation_set` rewrites data/stories/ from these files (training copies,
kept apart from these test copies); tests/e2e/test_conversation_stories.py checks they agree.
A conversation may name `needs_intents` that another branch adds: it is skipped (and left out
of the stories) until the domain has them.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.paths import REPO_ROOT

CONVERSATIONS_DIR = REPO_ROOT / "tests" / "e2e" / "conversations"
STORIES_DIR = REPO_ROOT / "data" / "stories"
RULES_DIR = REPO_ROOT / "data" / "rules"
DOMAIN_FILE = REPO_ROOT / "domain.yml"
TURN_KEYS = {"say", "intent", "procedure", "answers", "has", "lacks", "buttons"}
CONVERSATION_KEYS = {"name", "persona", "turns", "needs_intents"}
MIN_TURNS, MAX_TURNS = 4, 8
HEADER = (
    "# Written by `python -m tests.e2e.conversation_set` from tests/e2e/conversations/{area}.yml;"
    " do not edit by hand.\n# Training copies of the test conversations: intents and actions"
    " only, no patient text.\n"
)


@dataclass(frozen=True)
class Turn:
    say: str
    intents: tuple[str, ...]
    procedure: str | None = None
    answers: tuple[tuple[str, str], ...] = ()
    has: tuple[str, ...] = ()
    lacks: tuple[str, ...] = ()
    buttons: tuple[str, ...] = ()

    @property
    def intent(self) -> str:
        """The intent the stories learn (the first acceptable one)."""
        return self.intents[0]


@dataclass(frozen=True)
class Conversation:
    area: str
    name: str
    persona: str
    turns: tuple[Turn, ...]
    needs_intents: tuple[str, ...] = ()

    def missing_intents(self, known: set[str]) -> list[str]:
        return [intent for intent in self.needs_intents if intent not in known]


class ConversationFileError(ValueError):
    """A conversation file is malformed; the message names the file and the conversation."""


def _texts(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(str(v) for v in value)


def _turn(where: str, raw: Any) -> Turn:
    if not isinstance(raw, dict) or not raw.get("say") or not raw.get("intent"):
        raise ConversationFileError(f"{where}: each turn needs 'say' and 'intent'")
    unknown = set(raw) - TURN_KEYS
    if unknown:
        raise ConversationFileError(f"{where}: unknown keys {sorted(unknown)}")
    answers = tuple(tuple(a.split("/", 1)) for a in _texts(raw.get("answers")))
    if any(len(a) != 2 for a in answers):
        raise ConversationFileError(f"{where}: write answers as subject/topic")
    return Turn(
        say=str(raw["say"]),
        intents=_texts(raw["intent"]),
        procedure=raw.get("procedure"),
        answers=answers,  # type: ignore[arg-type]
        has=_texts(raw.get("has")),
        lacks=_texts(raw.get("lacks")),
        buttons=_texts(raw.get("buttons")),
    )


def load_conversations(directory: Path = CONVERSATIONS_DIR) -> list[Conversation]:
    """Every conversation, area by area (file name order), in the order written."""
    found: list[Conversation] = []
    for path in sorted(directory.glob("*.yml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for raw in document.get("conversations") or []:
            name = raw.get("name", "?")
            where = f"{path.name}: '{name}'"
            if set(raw) - CONVERSATION_KEYS or not raw.get("persona"):
                raise ConversationFileError(f"{where}: give name, persona, turns (needs_intents)")
            turns = tuple(_turn(f"{where} turn {i + 1}", t) for i, t in enumerate(raw["turns"]))
            if not MIN_TURNS <= len(turns) <= MAX_TURNS:
                raise ConversationFileError(f"{where}: {len(turns)} turns; write 4 to 8")
            found.append(
                Conversation(
                    path.stem, name, raw["persona"], turns, _texts(raw.get("needs_intents"))
                )
            )
    return found


def domain_intents(domain_file: Path = DOMAIN_FILE) -> set[str]:
    return set(yaml.safe_load(domain_file.read_text(encoding="utf-8"))["intents"])


def actions_by_intent(rules_dir: Path = RULES_DIR) -> dict[str, tuple[str, ...]]:
    """What the rules do for each intent on its own (rules with a condition or a form left out)."""
    found: dict[str, tuple[str, ...]] = {}
    for path in sorted(rules_dir.glob("*.yml")):
        for rule in yaml.safe_load(path.read_text(encoding="utf-8")).get("rules") or []:
            steps = rule.get("steps") or []
            if rule.get("condition") or not steps or "intent" not in steps[0]:
                continue
            if not all(set(step) == {"action"} for step in steps[1:]):
                continue
            found[steps[0]["intent"]] = tuple(step["action"] for step in steps[1:])
    return found


def story(conversation: Conversation, actions: dict[str, tuple[str, ...]]) -> dict[str, Any]:
    steps: list[dict[str, Any]] = []
    for turn in conversation.turns:
        step: dict[str, Any] = {"intent": turn.intent}
        if turn.procedure:
            step["entities"] = [{"procedure": turn.procedure}]
        steps.append(step)
        steps += [{"action": action} for action in actions[turn.intent]]
    return {"story": f"{conversation.name} ({conversation.persona})", "steps": steps}


def stories_by_area(conversations: list[Conversation], known_intents: set[str]) -> dict[str, str]:
    """The text of data/stories/<area>.yml for every area, from the runnable conversations."""
    actions = actions_by_intent()
    areas: dict[str, list[dict[str, Any]]] = {}
    for conversation in conversations:
        if not conversation.missing_intents(known_intents):
            areas.setdefault(conversation.area, []).append(story(conversation, actions))
    return {
        area: HEADER.format(area=area)
        + yaml.safe_dump(
            {"version": "3.1", "stories": stories}, sort_keys=False, width=100, allow_unicode=True
        )
        for area, stories in areas.items()
    }


def write_stories() -> list[Path]:
    written = []
    STORIES_DIR.mkdir(parents=True, exist_ok=True)
    for area, text in stories_by_area(load_conversations(), domain_intents()).items():
        path = STORIES_DIR / f"{area}.yml"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write_stories():
        print(f"wrote {path.relative_to(REPO_ROOT)}")
    sys.exit(0)
