"""The house's import contract: each room imports only what its runtime allows, and no
module imports itself back through others (function-level imports count too).

Why a test of its own rather than import-linter: the rules are few, and this reads
every ``import`` statement, inside functions included (where the cycles used to hide),
with only ``if TYPE_CHECKING:`` blocks excepted. docs/ARCHITECTURE.md states the same
rules in words.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import REPO_ROOT

PACKAGES = ("dashboard", "data_access", "pages")

# Room -> what it must never import (a module or a package prefix).
RULES: dict[str, tuple[str, ...]] = {
    # Streamlit-free core: URL parameters, view, reads and cache, formatting, strings.
    "dashboard.core": (
        "streamlit",
        "starlette",
        "dashboard.ui",
        "dashboard.web",
        "dashboard.renderers",
        "dashboard.specs",
    ),
    # Chart declarations: every renderer can use them, so they use none.
    "dashboard.specs": (
        "streamlit",
        "starlette",
        "dashboard.ui",
        "dashboard.web",
        "dashboard.renderers",
    ),
    # Renderers outside Streamlit: embed HTML, SVG, files, maps, the brief.
    "dashboard.renderers": ("streamlit", "starlette", "dashboard.ui", "dashboard.web"),
    # The Streamlit side never serves plain HTTP.
    "dashboard.ui": ("starlette", "dashboard.web"),
    # Plain HTTP routes never open a Streamlit session.
    "dashboard.web": ("streamlit", "dashboard.ui"),
    # The data layer knows nothing of the dashboard.
    "data_access": ("dashboard", "streamlit", "starlette", "plotly", "pydeck"),
    # Thin pages: they lay out what dashboard.ui and the declarations give them.
    "pages": ("data_access", "sqlalchemy", "starlette"),
}

# Known breaches of RULES, each to be removed by the change that mends it; a breach not
# listed fails, and so does a listed one that no longer exists (the list only shrinks).
KNOWN_BREACHES: set[tuple[str, str]] = set()
# Known import cycles (strongly connected groups of modules), likewise only to shrink.
KNOWN_CYCLES: set[frozenset[str]] = set()


def _modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in (REPO_ROOT / package).rglob("*.py"):
            parts = path.relative_to(REPO_ROOT).with_suffix("").parts
            name = ".".join(parts).removesuffix(".__init__")
            found[name] = path
    return found


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(sub) for sub in ast.walk(node))
    return skipped


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """Every module ``name`` imports, at any depth of the file (TYPE_CHECKING aside);
    ``from package import submodule`` counts as importing the submodule."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _type_checking_nodes(tree)
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".")
                if not is_package:
                    base = base[:-1]
                base = base[: len(base) - (node.level - 1)]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            subs = [f"{module}.{alias.name}" for alias in node.names]
            named = [sub for sub in subs if sub in modules]
            found.update(named)
            if len(named) < len(subs):
                found.add(module)
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def _own(target: str, modules: set[str]) -> str | None:
    """The project module ``target`` names (a module, or the package of a name)."""
    while target and target not in modules:
        target = target.rpartition(".")[0]
    return target or None


def _room(name: str) -> str | None:
    matching = [room for room in RULES if name == room or name.startswith(room + ".")]
    return max(matching, key=len) if matching else None


def _breaches(graph: dict[str, set[str]]) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for name, targets in graph.items():
        room = _room(name)
        if room is None:
            continue
        for target in targets:
            for banned in RULES[room]:
                if target == banned or target.startswith(banned + "."):
                    # Name the banned module itself, not an attribute imported from it.
                    owner = _own(target, set(graph)) or ".".join(target.split(".")[:2])
                    found.add((name, owner))
    return found


def _cycles(graph: dict[str, set[str]]) -> set[frozenset[str]]:
    """Strongly connected groups of more than one module (Tarjan's algorithm)."""
    modules = set(graph)
    edges = {
        name: {own for t in targets if (own := _own(t, modules)) and own != name}
        for name, targets in graph.items()
    }
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: set[frozenset[str]] = set()
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in edges[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.add(frozenset(group))

    for node in sorted(modules):
        if node not in index:
            visit(node)
    return groups


def test_each_room_imports_only_what_its_runtime_allows() -> None:
    breaches = _breaches(_graph())
    new = sorted(breaches - KNOWN_BREACHES)
    mended = sorted(KNOWN_BREACHES - breaches)
    assert not new, f"imports a room must not make: {new}"
    assert not mended, f"mended, remove from KNOWN_BREACHES: {mended}"


def test_no_import_cycles_counting_imports_inside_functions() -> None:
    cycles = _cycles(_graph())
    new = [sorted(group) for group in cycles - KNOWN_CYCLES]
    mended = [sorted(group) for group in KNOWN_CYCLES - cycles]
    assert not new, f"import cycles: {new}"
    assert not mended, f"no longer cycles, remove from KNOWN_CYCLES: {mended}"


def test_the_checker_sees_imports_inside_functions_and_skips_type_checking(
    tmp_path: Path,
) -> None:
    source = tmp_path / "sample.py"
    source.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    import dashboard.ui.frame\n"
        "def f():\n    from dashboard.core import view\n",
        encoding="utf-8",
    )
    found = _imports("data_access.sample", source, {"dashboard.core.view": source})
    assert "dashboard.core.view" in found
    assert "dashboard.ui.frame" not in found
