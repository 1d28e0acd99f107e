"""Run the load plan against running bots, side by side, and return numbers for results.json.

The CPU speed of this kind of machine drifts by up to ~40% within minutes, so bots measured one
after the other are not compared fairly. Every bot is started first; then each load level is
sent in rounds, every round giving each bot a slice in turn (the order rotating), so a slow
minute falls on all of them alike.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Sequence
from dataclasses import dataclass

from bench.growth import detect_growth
from bench.load import LoadResult, run_load
from bench.memory import sample_rss
from bench.processes import BotEndpoints
from bench.stats import latency_summary

Conversations = Sequence[Sequence[str]]


@dataclass(frozen=True)
class Plan:
    """How much load to send: fixed counts and time caps, so a run always ends."""

    single_user_messages: int = 200
    messages_per_level: int = 300
    concurrency_levels: tuple[int, ...] = (10, 50)
    level_max_seconds: float = 120.0
    warmup_messages: int = 10
    rounds: int = 5
    soak_seconds: int = 120
    soak_concurrency: int = 10
    soak_sample_every_s: float = 5.0


def level_report(result: LoadResult) -> dict[str, object]:
    """One load level as numbers: latency percentiles, throughput and errors by kind."""
    report: dict[str, object] = {
        "concurrency": result.concurrency,
        "ok": len(result.latencies_ms),
        "errors": result.error_count,
        "error_kinds": dict(result.errors),
        "wall_seconds": round(result.wall_seconds, 1),
        "throughput_per_s": round(result.throughput_per_s, 1),
    }
    if result.latencies_ms:
        report.update(latency_summary(result.latencies_ms))
    return report


def combined_rss(pids: Sequence[int]) -> dict[str, float]:
    """RSS of several servers (replicas) with their children: the sum and the largest process."""
    samples = [sample_rss(pid) for pid in pids]
    return {
        "total_mb": round(sum(s.total_mb for s in samples), 1),
        "largest_process_mb": max((s.largest_process_mb for s in samples), default=0.0),
        "processes": sum(s.processes for s in samples),
    }


def memory_report(bot: BotEndpoints) -> dict[str, dict[str, float]]:
    return {
        "rasa_server": combined_rss(bot.rasa_pids),
        "action_server": combined_rss(bot.action_pids),
    }


@dataclass(frozen=True)
class BotUnderLoad:
    """A running bot, what its patients say, and whether its single-user latency is wanted."""

    key: str
    endpoints: BotEndpoints
    conversations: Conversations
    single_user: bool = True


def _slices(total: int, rounds: int) -> list[int]:
    """`total` messages split over `rounds`, as evenly as whole messages allow."""
    base, extra = divmod(total, rounds)
    return [base + (1 if index < extra else 0) for index in range(rounds)]


def measure_side_by_side(bots: Sequence[BotUnderLoad], plan: Plan) -> dict[str, dict]:
    """Warm each bot up, then every level in interleaved rounds; memory after the load."""
    prefix = f"bench-{int(time.time())}"

    def load(bot: BotUnderLoad, concurrency: int, messages: int, tag: str) -> LoadResult:
        return asyncio.run(
            run_load(
                bot.endpoints.rest_url,
                bot.conversations,
                concurrency,
                messages,
                plan.level_max_seconds,
                f"{prefix}-{bot.key}-{tag}",
            )
        )

    for bot in bots:
        load(bot, 1, plan.warmup_messages, "warmup")  # model and caches warm; not counted
    levels: dict[str, dict[str, object]] = {bot.key: {} for bot in bots}
    wanted = [(1, plan.single_user_messages)] + [
        (concurrency, plan.messages_per_level) for concurrency in plan.concurrency_levels
    ]
    for concurrency, messages in wanted:
        taking_part = [bot for bot in bots if concurrency > 1 or bot.single_user]
        totals = {bot.key: LoadResult(concurrency) for bot in taking_part}
        for round_number, count in enumerate(_slices(messages, plan.rounds)):
            turn = round_number % len(taking_part)
            for bot in taking_part[turn:] + taking_part[:turn]:
                tag = f"c{concurrency}-r{round_number}"
                totals[bot.key].add(load(bot, concurrency, count, tag))
        for key, total in totals.items():
            levels[key][str(concurrency)] = level_report(total)
    measured = {}
    for bot in bots:
        line = ", ".join(_level_line(k, v) for k, v in levels[bot.key].items())
        print(f"  {bot.endpoints.name}: {line}", flush=True)
        measured[bot.key] = {"levels": levels[bot.key], "memory_mb": memory_report(bot.endpoints)}
    return measured


def _level_line(concurrency: str, level: dict) -> str:
    return (
        f"c={concurrency} p95 {level.get('p95', '-')} ms "
        f"{level['throughput_per_s']}/s errors {level['errors']}"
    )


async def _soak(bot: BotEndpoints, conversations: Conversations, plan: Plan) -> dict:
    samples: list[tuple[float, float]] = []
    start = time.monotonic()
    done = asyncio.Event()

    async def sampler() -> None:
        while not done.is_set():
            rss = await asyncio.to_thread(combined_rss, bot.rasa_pids)
            samples.append((round(time.monotonic() - start, 1), rss["total_mb"]))
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(done.wait(), timeout=plan.soak_sample_every_s)

    sampling = asyncio.create_task(sampler())
    result = await run_load(
        bot.rest_url,
        conversations,
        plan.soak_concurrency,
        total_messages=10**9,
        max_seconds=plan.soak_seconds,
        sender_prefix=f"soak-{int(time.time())}",
    )
    done.set()
    await sampling
    times, rss = [t for t, _ in samples], [m for _, m in samples]
    return {
        "seconds": plan.soak_seconds,
        "load": level_report(result),
        "rss_samples": samples,
        "growth": detect_growth(times, rss).as_dict(),
    }


def soak(bot: BotEndpoints, conversations: Conversations, plan: Plan) -> dict:
    """Steady load for plan.soak_seconds while the Rasa server's RSS is sampled."""
    return asyncio.run(_soak(bot, conversations, plan))
