"""No import cycles inside `bot/`: each module's dependencies form a strict order.

A cycle works only while one side imports lazily, inside a function, and breaks in confusing ways
when someone moves that import. Every import counts here, at module level or inside a function;
only those under `if TYPE_CHECKING:` (never run) do not.
"""

from __future__ import annotations

import ast
from pathlib import Path

from bot.paths import REPO_ROOT

PACKAGE = "bot"


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO_ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def all_modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted((REPO_ROOT / PACKAGE).rglob("*.py"))}


def _is_type_checking_block(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def imported_names(tree: ast.AST, importer: str, is_package: bool) -> list[str]:
    """Every module name an import statement names (outside `if TYPE_CHECKING:` blocks)."""
    names: list[str] = []
    pending = [tree]
    while pending:
        node = pending.pop()
        if _is_type_checking_block(node):
            pending.extend(node.orelse)
            continue
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = importer if is_package else importer.rpartition(".")[0]
                for _ in range(node.level - 1):
                    package = package.rpartition(".")[0]
                base = f"{package}.{base}".rstrip(".")
            names.append(base)
            names.extend(f"{base}.{alias.name}" for alias in node.names)
        pending.extend(ast.iter_child_nodes(node))
    return names


def import_graph() -> dict[str, set[str]]:
    modules = all_modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(), filename=str(path))
        targets = imported_names(tree, name, path.name == "__init__.py")
        graph[name] = {target for target in targets if target in modules and target != name}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a path that ends where it starts, or None."""
    done: set[str] = set()
    for start in sorted(graph):
        path: list[str] = []
        on_path: set[str] = set()
        stack = [(start, iter(sorted(graph[start])))]
        if start in done:
            continue
        path.append(start)
        on_path.add(start)
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                path.pop()
                on_path.discard(node)
                done.add(node)
            elif child in on_path:
                return path[path.index(child) :] + [child]
            elif child not in done:
                stack.append((child, iter(sorted(graph[child]))))
                path.append(child)
                on_path.add(child)
    return None


def test_bot_has_no_import_cycles() -> None:
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_the_product_imports_no_tooling() -> None:
    """The runtime image leaves tests/, tools/ and bench/ out, so bot/ and actions/ must not
    import them, even inside a function."""
    tooling = ("tests", "tools", "bench")
    found = []
    for folder in ("bot", "actions"):
        for path in sorted((REPO_ROOT / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(), filename=str(path))
            names = imported_names(tree, module_name(path), path.name == "__init__.py")
            found += [
                f"{path.relative_to(REPO_ROOT)}: {name}"
                for name in names
                if name.split(".")[0] in tooling
            ]
    assert not found


def test_the_check_finds_a_cycle_through_a_lazy_import() -> None:
    lazy = ast.parse("def make():\n    from bot.a import thing\n")
    graph = {"bot.a": {"bot.b"}, "bot.b": set(imported_names(lazy, "bot.b", False)) & {"bot.a"}}
    assert find_cycle(graph) == ["bot.a", "bot.b", "bot.a"]


def test_the_check_ignores_type_checking_imports() -> None:
    source = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from bot.a import x\n"
    tree = ast.parse(source)
    assert "bot.a" not in imported_names(tree, "bot.b", False)


def test_the_graph_sees_the_package() -> None:
    graph = import_graph()
    assert "bot.server" in graph["bot.privacy.tracker_store"]
    assert len(graph) > 50
