"""Many patients at once through nginx: every turn answered in context, stored exactly once."""

from __future__ import annotations

import asyncio
import re

import httpx
import pytest

from bot.knowledge import KnowledgeBase

pytestmark = pytest.mark.scale

KNOWLEDGE = KnowledgeBase.load()
CONVERSATIONS = 20
AT_ONCE = 6  # conversations in flight together: enough to interleave, bounded for 2 cores
PROCEDURES = {
    "epidural_steroid_injection": "what is an epidural steroid injection",
    "radiofrequency_ablation": "tell me about radiofrequency ablation",
    "spinal_cord_stimulation": "what is spinal cord stimulation",
    "nerve_block": "what is a nerve block",
}


def script(procedure: str) -> list[str]:
    """Five turns; the third only makes sense with the second's procedure in context."""
    return ["hi", PROCEDURES[procedure], "how long does it last?", "what are the risks?", "thanks"]


async def converse(client: httpx.AsyncClient, url: str, sender: str, turns: list[str]) -> list[str]:
    replies = []
    for text in turns:
        response = await client.post(url, json={"sender": sender, "message": text})
        response.raise_for_status()
        replies.append("\n".join(message.get("text", "") for message in response.json()))
    return replies


async def run_all(url: str, plans: dict[str, list[str]]) -> dict[str, list[str]]:
    limit = asyncio.Semaphore(AT_ONCE)

    async def one(client: httpx.AsyncClient, sender: str) -> tuple[str, list[str]]:
        async with limit:
            return sender, await converse(client, url, sender, plans[sender])

    async with httpx.AsyncClient(timeout=120) as client:
        results = await asyncio.gather(*(one(client, sender) for sender in plans))
    return dict(results)


def test_concurrent_conversations_lose_and_duplicate_nothing(stack, conversations, sender):
    procedures = list(PROCEDURES)
    chosen = {f"{sender}-{n}": procedures[n % len(procedures)] for n in range(CONVERSATIONS)}
    plans = {conversation: script(procedure) for conversation, procedure in chosen.items()}

    replies = asyncio.run(run_all(f"{stack.public_url}/webhooks/rest/webhook", plans))

    for conversation, procedure in chosen.items():
        assert all(replies[conversation]), f"{conversation}: a turn got no reply"
        relief = KNOWLEDGE.answer(procedure, "relief").text
        assert relief in replies[conversation][2], f"{conversation} lost its procedure"
        assert conversations.stored_user_texts(conversation) == plans[conversation]
    access_log = stack.nginx.access_log.read_text()
    replicas_used = set(re.findall(r"upstream=127\.0\.0\.1:(\d+)", access_log))
    assert {str(port) for port in stack.replica_ports} <= replicas_used, "nginx used one replica"


def test_two_turns_sent_at_once_to_two_replicas_are_both_kept(stack, conversations, sender):
    """The Redis lock makes replicas take turns on one conversation instead of overwriting."""

    async def both_at_once(conversation: str) -> None:
        async with httpx.AsyncClient(timeout=120) as client:
            responses = await asyncio.gather(
                *(
                    client.post(
                        f"{stack.replica_url(index)}/webhooks/rest/webhook",
                        json={"sender": conversation, "message": text},
                    )
                    for index, text in enumerate(["hi", "what is a nerve block"])
                )
            )
        for response in responses:
            assert response.status_code == 200 and response.json(), f"{conversation}: no reply"

    async def many() -> None:
        await asyncio.gather(*(both_at_once(f"{sender}-{n}") for n in range(8)))

    asyncio.run(many())
    for n in range(8):
        stored = conversations.stored_user_texts(f"{sender}-{n}")
        assert sorted(stored) == ["hi", "what is a nerve block"], f"conversation {n}: {stored}"
