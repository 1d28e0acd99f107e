"""`make bench`: PainPath against a stock `rasa init` bot on this machine, side by side.

Training time, REST latency one message at a time, latency and throughput with 1, 10 and 50
concurrent conversations, server memory, a memory soak, and the issue's targets marked met or not.
Writes bench/out/results.json and bench/out/chart.png and prints a table with the ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

from bench.chart import draw_chart
from bench.conversations import PAINPATH, STOCK
from bench.measure import Plan, measure_bot, soak
from bench.painpath_bot import painpath_running, painpath_scaled_running
from bench.report import comparison_rows, format_table
from bench.stock_bot import StockStack, ensure_stock_project
from bench.targets import evaluate_targets
from bench.training import time_training
from bot.launcher import ROOT

OUT_DIR = ROOT / "bench" / "out"
LOG_DIR = OUT_DIR / "logs"
STOCK_DIR = OUT_DIR / "stock-bot"
READY_TIMEOUT_S = 240


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="development run: fewer messages, no training, no soak"
    )
    parser.add_argument("--messages", type=int, default=200, help="single-user messages")
    parser.add_argument(
        "--messages-per-level",
        type=int,
        default=300,
        help="messages sent at each concurrency level (10, 50)",
    )
    parser.add_argument("--soak-seconds", type=int, default=120, help="0 turns the soak off")
    parser.add_argument(
        "--replicas", type=int, default=2, help="Rasa replicas in the scaled run (bot.scale)"
    )
    parser.add_argument(
        "--sanic-workers", type=int, default=1, help="Sanic workers per replica in the scaled run"
    )
    parser.add_argument("--skip-training", action="store_true")
    parser.add_argument("--skip-stock", action="store_true")
    parser.add_argument("--skip-scaled", action="store_true")
    args = parser.parse_args(argv)
    if args.quick:
        args.messages, args.messages_per_level = (
            min(args.messages, 40),
            min(args.messages_per_level, 100),
        )
        args.soak_seconds, args.skip_training = 0, True
    return args


def machine_info(quick: bool) -> dict[str, object]:
    return {
        "cpus": os.cpu_count(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "rasa": version("rasa"),
        "started_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "quick": quick,
    }


class Run:
    """Runs each step, records a failure with its step name and goes on to the next."""

    def __init__(self) -> None:
        self.failures: list[str] = []

    def step(self, name: str, action: Callable[[], object]) -> object | None:
        print(f"== {name}", flush=True)
        started = time.perf_counter()
        try:
            value = action()
        except Exception as error:  # noqa: BLE001 - reported, and the exit code says it failed
            self.failures.append(f"{name}: {error}")
            print(f"   FAILED: {error}", file=sys.stderr, flush=True)
            return None
        print(f"   done in {time.perf_counter() - started:.0f} s", flush=True)
        return value


def measure_stock(plan: Plan) -> dict:
    stack = StockStack(STOCK_DIR, LOG_DIR / "stock")
    stack.start()
    try:
        stack.wait_until_ready(READY_TIMEOUT_S)
        return measure_bot(stack.endpoints(), STOCK, plan)
    finally:
        stack.stop()


def measure_painpath(scratch: Path, plan: Plan, results: dict) -> dict:
    with painpath_running(scratch, LOG_DIR / "painpath") as bot:
        measured = measure_bot(bot, PAINPATH, plan)
        if plan.soak_seconds:
            print(f"   soak: {plan.soak_seconds} s at {plan.soak_concurrency} users", flush=True)
            results["soak"] = soak(bot, PAINPATH, plan)
        return measured


def measure_scaled(plan: Plan, replicas: int, sanic_workers: int) -> dict:
    """The scale-out profile (bot.scale): replicas behind nginx, PostgreSQL and Redis."""
    with painpath_scaled_running(LOG_DIR / "scaled", replicas, sanic_workers) as bot:
        measured = measure_bot(bot, PAINPATH, plan, single_user=False)
    how = (
        f"{replicas} Rasa replicas x {sanic_workers} Sanic worker(s), 2 action servers, "
        "nginx, PostgreSQL, Redis (bot.scale)"
    )
    return {"how": how, "replicas": replicas, "sanic_workers": sanic_workers, **measured}


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    plan = Plan(
        single_user_messages=args.messages,
        messages_per_level=args.messages_per_level,
        soak_seconds=args.soak_seconds,
    )
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    run = Run()
    results: dict = {"machine": machine_info(args.quick), "training_seconds": {}, "bots": {}}
    with tempfile.TemporaryDirectory(prefix="painpath-bench-") as scratch_name:
        scratch = Path(scratch_name)
        if not args.skip_stock:
            run.step(
                "stock bot: rasa init (reused when already trained)",
                lambda: ensure_stock_project(STOCK_DIR, LOG_DIR / "stock-init.log"),
            )
        if not args.skip_training:
            trained = run.step(
                "training PainPath from scratch",
                lambda: time_training(
                    ROOT, scratch / "painpath-models", LOG_DIR / "train-painpath.log"
                ),
            )
            if trained is not None:
                results["training_seconds"]["painpath"] = round(trained, 1)
            if not args.skip_stock:
                trained = run.step(
                    "training the stock bot from scratch",
                    lambda: time_training(
                        STOCK_DIR, scratch / "stock-models", LOG_DIR / "train-stock.log"
                    ),
                )
                if trained is not None:
                    results["training_seconds"]["stock"] = round(trained, 1)
        measured = run.step(
            "PainPath, one Sanic worker",
            lambda: measure_painpath(scratch / "single", plan, results),
        )
        if measured:
            results["bots"]["painpath"] = measured
        if not args.skip_stock:
            measured = run.step("stock bot, one Sanic worker", lambda: measure_stock(plan))
            if measured:
                results["bots"]["stock"] = measured
        if not args.skip_scaled:
            measured = run.step(
                f"PainPath scale-out, {args.replicas} replicas",
                lambda: measure_scaled(plan, args.replicas, args.sanic_workers),
            )
            if measured:
                results["bots"]["painpath_scaled"] = measured
    results["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    results["comparison"] = comparison_rows(results)
    results["targets"] = evaluate_targets(results)
    results["failures"] = run.failures
    (OUT_DIR / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    run.step("chart", lambda: draw_chart(results, OUT_DIR / "chart.png"))
    print()
    print(format_table(results["comparison"], results["targets"]))
    print(f"\nWrote {OUT_DIR / 'results.json'} and {OUT_DIR / 'chart.png'}")
    for failure in run.failures:
        print(f"FAILED step {failure}", file=sys.stderr)
    return 1 if run.failures else 0


if __name__ == "__main__":
    sys.exit(main())
