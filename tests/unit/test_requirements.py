"""Every third-party module the code and the tests import is listed in a requirements file.

Why: a package installed by hand on one machine once hid a missing test requirement
(``hypothesis``) until a fresh clone stopped at collection. CI now installs into a new
virtual environment, and this test names the missing requirement before that.
"""

from __future__ import annotations

import ast
import re
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

from tests.conftest import REPO_ROOT

SCANNED = ("dashboard", "data_access", "pages", "tests", "bench")
LOCAL = {*SCANNED, "tests"}


def _top_level_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def _listed() -> set[str]:
    names: set[str] = set()
    for file in ("requirements.txt", "requirements-dev.txt"):
        for line in (REPO_ROOT / file).read_text(encoding="utf-8").splitlines():
            line = line.split("#", 1)[0].strip()
            if not line or line.startswith("-"):
                continue
            names.add(_normalise(re.split(r"[\[<>=!~ ;]", line, maxsplit=1)[0]))
    return names


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_imported_distribution_is_a_requirement() -> None:
    modules: dict[str, set[str]] = {}
    for folder in SCANNED:
        for path in (REPO_ROOT / folder).rglob("*.py"):
            for module in _top_level_imports(path):
                modules.setdefault(module, set()).add(str(path.relative_to(REPO_ROOT)))
    third_party = {
        module: files
        for module, files in modules.items()
        if module not in sys.stdlib_module_names and module not in LOCAL
        and module != "__future__"
    }
    providers = packages_distributions()
    listed = _listed()
    missing = {}
    for module, files in sorted(third_party.items()):
        dists = {_normalise(d) for d in providers.get(module, [])}
        if not dists & listed:
            missing[module] = (sorted(dists) or ["not installed"], sorted(files)[:3])
    assert not missing, f"imported but not in requirements*.txt: {missing}"
