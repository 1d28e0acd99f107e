"""Only `bot/paths.py` works out where the repository is; everything else imports from it.

A second computation of the root drifts the first time a module moves (`parents[2]` silently
becomes the wrong folder). The check reads the code, so a new `parents[...]`, `.parent.parent`,
nested `os.path.dirname` or `/ ".."` step anywhere in the product fails here.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from bot import paths
from bot.paths import REPO_ROOT

CHECKED_FOLDERS = ("bot", "actions", "tools", "bench")
THE_ONE_PLACE = REPO_ROOT / "bot" / "paths.py"


def root_climbs(source: str) -> list[str]:
    """The expressions in `source` that climb more than one folder up from a file."""
    found = []
    for node in ast.walk(ast.parse(source)):
        climbs = (
            (isinstance(node, ast.Subscript) and _attribute_named(node.value, "parents"))
            or (_attribute_named(node, "parent") and _attribute_named(node.value, "parent"))
            or (_call_named(node, "dirname") and any(_call_named(a, "dirname") for a in node.args))
            or (isinstance(node, ast.BinOp) and any(map(_is_up_a_folder, (node.left, node.right))))
        )
        if climbs:
            found.append(ast.unparse(node))
    return found


def _is_up_a_folder(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value in ("..", "../")


def _attribute_named(node: ast.AST, name: str) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == name


def _call_named(node: ast.AST, name: str) -> bool:
    if not isinstance(node, ast.Call):
        return False
    function = node.func
    return _attribute_named(function, name) or (
        isinstance(function, ast.Name) and function.id == name
    )


def product_files() -> list[Path]:
    files = [path for folder in CHECKED_FOLDERS for path in (REPO_ROOT / folder).rglob("*.py")]
    return sorted(path for path in files if path != THE_ONE_PLACE)


def test_no_module_but_bot_paths_computes_the_repo_root() -> None:
    offenders = {
        str(path.relative_to(REPO_ROOT)): climbs
        for path in product_files()
        if (climbs := root_climbs(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}, "import the folder from bot/paths.py instead"


def test_the_check_covers_every_product_folder() -> None:
    checked = {path.relative_to(REPO_ROOT).parts[0] for path in product_files()}
    assert checked == set(CHECKED_FOLDERS)


@pytest.mark.parametrize(
    "climb",
    [
        'ROOT = Path(__file__).resolve().parents[2] / "content"',
        "ROOT = Path(__file__).resolve().parent.parent",
        "ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))",
        'ROOT = Path(__file__).parent / ".." / "content"',
    ],
)
def test_the_check_catches_each_way_of_climbing_to_the_root(climb: str) -> None:
    assert root_climbs(climb)


@pytest.mark.parametrize(
    "harmless",
    [
        'REPLIES = Path(__file__).resolve().parent / "replies.yml"',
        'STATIC = Path(__file__).with_name("static")',
        "parents[pid] = parent_pid",
    ],
)
def test_the_check_leaves_a_modules_own_folder_alone(harmless: str) -> None:
    assert root_climbs(harmless) == []


def test_the_standard_places_are_in_the_repository() -> None:
    assert (REPO_ROOT / "pyproject.toml").is_file()
    for place in (paths.CONTENT_DIR, paths.DATA_DIR, paths.ACTIONS_DIR, paths.TESTS_DIR):
        assert place.is_dir(), place
    for file in (paths.CONFIG_FILE, paths.DOMAIN_FILE, paths.CLINIC_FILE):
        assert file.is_file(), file


def test_a_relative_path_is_taken_from_the_repo_root_not_the_cwd(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert paths.from_repo_root("content/terms.yml") == paths.CONTENT_DIR / "terms.yml"
    assert paths.from_repo_root(tmp_path / "x.yml") == tmp_path / "x.yml"
