"""`make bench`: PainPath against a stock `rasa init` bot on this machine, side by side.

Training time, REST latency one message at a time, latency and throughput with 1, 10 and 50
concurrent conversations, server memory, a memory soak, and the issue's targets marked met or not.
The bots run at the same time and take the load in interleaved rounds (bench/measure.py says why).
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
from contextlib import ExitStack
from importlib.metadata import version
from pathlib import Path

from bench.chart import draw_chart
from bench.conversations import PAINPATH, STOCK
from bench.measure import BotUnderLoad, Plan, measure_side_by_side, soak
from bench.painpath_bot import painpath_running, painpath_scaled_running
from bench.report import comparison_rows, format_table
from bench.stock_bot import ensure_stock_project, stock_running
from bench.targets import evaluate_targets
from bench.training import PAINPATH_TRAIN_OPTIONS, time_training
from bot.paths import REPO_ROOT

OUT_DIR = REPO_ROOT / "bench" / "out"
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
        default=600,
        help="messages sent to each bot at each concurrency level (10, 50)",
    )
    parser.add_argument("--soak-seconds", type=int, default=120, help="0 turns the soak off")
    parser.add_argument(
        "--replicas", type=int, default=2, help="Rasa replicas in the scaled run (tools.scale)"
    )
    parser.add_argument(
        "--sanic-workers", type=int, default=1, help="Sanic workers per replica in the scaled run"
    )
    parser.add_argument(
        "--compare-model",
        type=Path,
        help="also serve PainPath with this model (e.g. trained without the sentence encoder), "
        "measured in the same interleaved rounds as `painpath_compare`",
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


def scaled_description(replicas: int, sanic_workers: int) -> str:
    return (
        f"{replicas} Rasa replicas x {sanic_workers} Sanic worker(s), 2 action servers, "
        "nginx, PostgreSQL, Redis (tools.scale)"
    )


def start_bots(
    args: argparse.Namespace, scratch: Path, running: ExitStack, run: Run
) -> list[BotUnderLoad]:
    """Start every bot of this run; one that fails to start is reported and left out."""
    wanted = [
        (
            "start PainPath, one Sanic worker",
            "painpath",
            lambda: painpath_running(scratch / "single", LOG_DIR / "painpath"),
            PAINPATH,
        )
    ]
    if args.compare_model:
        wanted.append(
            (
                f"start PainPath with {args.compare_model}, one Sanic worker",
                "painpath_compare",
                lambda: painpath_running(
                    scratch / "compare",
                    LOG_DIR / "painpath-compare",
                    args.compare_model.resolve(),
                    f"PainPath ({args.compare_model.name})",
                ),
                PAINPATH,
            )
        )
    if not args.skip_stock:
        wanted.append(
            (
                "start the stock bot, one Sanic worker",
                "stock",
                lambda: stock_running(STOCK_DIR, LOG_DIR / "stock", READY_TIMEOUT_S),
                STOCK,
            )
        )
    if not args.skip_scaled:
        wanted.append(
            (
                f"start PainPath scale-out, {args.replicas} replicas",
                "painpath_scaled",
                lambda: painpath_scaled_running(
                    LOG_DIR / "scaled", args.replicas, args.sanic_workers
                ),
                PAINPATH,
            )
        )
    bots: list[BotUnderLoad] = []
    for step_name, key, starting, conversations in wanted:
        endpoints = run.step(step_name, lambda starting=starting: running.enter_context(starting()))
        if endpoints is not None:
            # The scale-out is for throughput: its single-user latency is not a target.
            single_user = key != "painpath_scaled"
            bots.append(BotUnderLoad(key, endpoints, conversations, single_user))
    return bots


def time_both_trainings(args: argparse.Namespace, scratch: Path, run: Run) -> dict[str, float]:
    """Seconds each bot takes to train from scratch (a bot whose training failed is left out)."""
    projects = [("PainPath", "painpath", REPO_ROOT, PAINPATH_TRAIN_OPTIONS)]
    if not args.skip_stock:
        projects.append(("the stock bot", "stock", STOCK_DIR, ()))
    seconds = {}
    for label, key, project, options in projects:
        trained = run.step(
            f"training {label} from scratch",
            lambda key=key, project=project, options=options: time_training(
                project, scratch / f"{key}-models", LOG_DIR / f"train-{key}.log", options
            ),
        )
        if trained is not None:
            seconds[key] = round(trained, 1)
    return seconds


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
            results["training_seconds"] = time_both_trainings(args, scratch, run)
        with ExitStack() as running:
            bots = start_bots(args, scratch, running, run)
            measured = run.step(
                "load, side by side in interleaved rounds",
                lambda: measure_side_by_side(bots, plan),
            )
            results["bots"].update(measured or {})
            if "painpath_scaled" in results["bots"]:
                results["bots"]["painpath_scaled"].update(
                    how=scaled_description(args.replicas, args.sanic_workers),
                    replicas=args.replicas,
                    sanic_workers=args.sanic_workers,
                )
            painpath = next((bot for bot in bots if bot.key == "painpath"), None)
            if plan.soak_seconds and painpath is not None:
                soaked = run.step(
                    f"soak: {plan.soak_seconds} s at {plan.soak_concurrency} users",
                    lambda: soak(painpath.endpoints, PAINPATH, plan),
                )
                if soaked is not None:
                    results["soak"] = soaked
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
