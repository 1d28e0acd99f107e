"""Run the load plan against one running bot and return plain numbers for results.json."""

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


def measure_bot(
    bot: BotEndpoints, conversations: Conversations, plan: Plan, single_user: bool = True
) -> dict[str, object]:
    """Single-user latency, then each concurrency level, then memory after the load."""
    prefix = f"bench-{int(time.time())}"

    def load(concurrency: int, messages: int, tag: str) -> LoadResult:
        return asyncio.run(
            run_load(
                bot.rest_url,
                conversations,
                concurrency,
                messages,
                plan.level_max_seconds,
                f"{prefix}-{tag}",
            )
        )

    load(1, plan.warmup_messages, "warmup")  # model and caches warm; not counted
    levels: dict[str, object] = {}
    if single_user:
        levels["1"] = level_report(load(1, plan.single_user_messages, "c1"))
    for concurrency in plan.concurrency_levels:
        levels[str(concurrency)] = level_report(
            load(concurrency, plan.messages_per_level, f"c{concurrency}")
        )
    print(f"  {bot.name}: " + ", ".join(_level_line(k, v) for k, v in levels.items()), flush=True)
    return {"levels": levels, "memory_mb": memory_report(bot)}


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
