"""`make test` installs the Debian packages before the first test that needs them, by construction.

A check that passes on a machine that already has nginx or Chromium can fail on a clean one.
These tests read the Makefile, scripts/run-checks and pyproject.toml and prove that the order
of the steps does not depend on what the machine has: the `unit` step leaves out every test
marked as needing a system package, and every step that runs such tests installs them first.
tests/conftest.py makes sure a test that starts one of those programs carries the marker.
"""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path

import pytest
import tomli

from bot.paths import REPO_ROOT
from tests.system_programs import AFTER_SYSTEM_DEPS, started_program

MAKEFILE = (REPO_ROOT / "Makefile").read_text(encoding="utf-8")
RUN_CHECKS = (REPO_ROOT / "scripts" / "run-checks").read_text(encoding="utf-8")
PYTEST_OPTIONS = tomli.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
    "pytest"
]["ini_options"]
INSTALL_STEP = "system-test-deps"


def make_rules() -> dict[str, tuple[set[str], list[str]]]:
    """Each Makefile target: its prerequisites and its recipe lines."""
    rules: dict[str, tuple[set[str], list[str]]] = {}
    current: str | None = None
    for line in MAKEFILE.splitlines():
        rule = re.match(r"^([A-Za-z0-9_.$()/-]+):(?!=)\s*([^#]*)", line)
        if rule and not line.startswith("\t"):
            current = rule.group(1)
            rules[current] = (set(rule.group(2).split()), [])
        elif line.startswith("\t") and current is not None:
            rules[current][1].append(line.strip())
        elif line.strip() and not line.startswith("#"):
            current = None
    return rules


def depends_on(target: str, wanted: str, rules: dict[str, tuple[set[str], list[str]]]) -> bool:
    seen: set[str] = set()
    pending = [target]
    while pending:
        name = pending.pop()
        if name == wanted:
            return True
        if name in seen or name not in rules:
            continue
        seen.add(name)
        pending.extend(rules[name][0])
    return False


def selected_markers(recipe: list[str]) -> set[str]:
    """Markers a recipe's pytest run selects with `-m <marker>`."""
    markers: set[str] = set()
    for line in recipe:
        if "pytest" not in line:
            continue
        words = shlex.split(line.replace("$(VENV)/bin/", ""))
        if words and words[0].endswith("pytest") and "-m" in words:
            markers.add(words[words.index("-m") + 1])
    return markers


def run_checks_steps() -> list[str]:
    return re.search(r"^steps=\(([^)]*)\)", RUN_CHECKS, re.MULTILINE).group(1).split()


def test_the_unit_step_leaves_out_every_test_that_needs_a_system_package() -> None:
    unit_recipe = make_rules()["unit"][1]
    assert unit_recipe == ["$(VENV)/bin/pytest -q"], "unit selects tests only through addopts"
    marker_expression = shlex.split(PYTEST_OPTIONS["addopts"])[1]
    for marker in AFTER_SYSTEM_DEPS:
        assert f"not {marker}" in marker_expression, marker


def test_every_step_that_runs_those_tests_installs_the_packages_first() -> None:
    rules = make_rules()
    runners = {
        target: markers & set(AFTER_SYSTEM_DEPS)
        for target, (_, recipe) in rules.items()
        if (markers := selected_markers(recipe))
    }
    covered = set().union(*runners.values())
    assert covered == set(AFTER_SYSTEM_DEPS), f"no step runs the tests marked {runners}"
    for target, markers in runners.items():
        if markers:
            assert depends_on(target, INSTALL_STEP, rules), f"make {target} runs {markers} tests"
            recipe = rules[target][1]
            assert not any(" tests/" in line for line in recipe), (
                f"make {target} must run every test so marked, wherever it lives"
            )


def test_make_test_runs_every_step_and_those_steps_come_after_unit() -> None:
    steps = run_checks_steps()
    assert {"lint", "unit", "browser-test", "scale-test"} <= set(steps)
    rules = make_rules()
    for step in steps:
        assert step in rules, f"scripts/run-checks runs `make {step}`, which does not exist"
    needing = [s for s in steps if selected_markers(rules[s][1]) & set(AFTER_SYSTEM_DEPS)]
    assert needing and all(depends_on(step, INSTALL_STEP, rules) for step in needing)


def test_markers_say_that_they_run_after_the_install_step() -> None:
    declared = {line.split(":")[0]: line for line in PYTEST_OPTIONS["markers"]}
    for marker in AFTER_SYSTEM_DEPS:
        assert INSTALL_STEP in declared[marker], declared[marker]


@pytest.mark.parametrize(
    ("args", "program"),
    [
        (["/usr/sbin/nginx", "-t"], "nginx"),
        ("redis-server --port 0", "redis-server"),
        ([Path("/usr/lib/postgresql/15/bin/initdb"), "-D", "x"], "initdb"),
        (["/usr/bin/chromium", "--headless"], "chromium"),
    ],
)
def test_an_unmarked_test_cannot_start_a_system_program(args: object, program: str) -> None:
    assert started_program(args) == program
    with pytest.raises(RuntimeError, match=rf"starts {program}.*mark it @pytest.mark.scale"):
        subprocess.Popen(args)


def test_other_programs_still_start() -> None:
    assert subprocess.run(["true"], check=False).returncode == 0
