"""Every relative link of the Markdown documentation reaches a file, and its heading.

Why: the README's chapters moved to ``docs/`` (security, open data, operations,
benchmarks), and a link written as ``README.md#security`` or ``#benchmarks`` keeps
rendering as a link after its target moved, only to land nowhere. This test reads every
relative link of README.md, SECURITY.md, docs/*.md and examples/README.md, and fails
naming the file, the line and the target when the file does not exist or the ``#anchor``
is not a heading of the target (anchors computed as GitHub computes them). It also keeps
the README's test command equal to the one CI runs.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from urllib.parse import unquote

import pytest

from tests.conftest import REPO_ROOT

FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
CODE_SPAN = re.compile(r"(`+)(.+?)\1")
# [text](target) or ![alt](target), optional "title"; text may hold one level of [...].
INLINE_LINK = re.compile(
    r"!?\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*<?([^()\s<>]+)>?(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)"
)
REFERENCE_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.MULTILINE)
HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
HTML_ANCHOR = re.compile(r"<a\s[^>]*(?:id|name)=[\"']([^\"']+)[\"']", re.IGNORECASE)
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def documentation_files() -> list[Path]:
    """The Markdown files a reader follows links through."""
    files = [REPO_ROOT / "README.md", REPO_ROOT / "SECURITY.md"]
    files.append(REPO_ROOT / "examples" / "README.md")
    files += sorted((REPO_ROOT / "docs").glob("*.md"))
    return [f for f in files if f.exists()]


def _prose(text: str) -> str:
    """``text`` with fenced code blocks blanked and inline code removed, lines kept in place
    (a link shown as code is an example, not a link)."""
    lines, fence = [], ""
    for line in text.split("\n"):
        opened = FENCE.match(line)
        if fence:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = ""
            lines.append("")
        elif opened:
            fence = opened.group(1)
            lines.append("")
        else:
            lines.append(CODE_SPAN.sub("", line))
    return "\n".join(lines)


def github_anchor(heading: str) -> str:
    """The ``id`` GitHub gives a heading: its text lowercased, every character that is not
    a letter, a mark, a digit, ``_``, a space or ``-`` dropped, spaces turned to ``-``."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link counts by its text
    text = re.sub(r"<[^>]+>", "", text).replace("`", "").replace("*", "").lower()
    kept = (
        ch
        for ch in text
        if ch in " -" or unicodedata.category(ch)[0] in "LMN" or unicodedata.category(ch) == "Pc"
    )
    return "".join(kept).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    """Every anchor of a Markdown file: its headings (repeats numbered ``-1``, ``-2`` as
    GitHub numbers them) and explicit ``<a id=…>`` / ``<a name=…>``."""
    text = path.read_text(encoding="utf-8")
    found: set[str] = set(HTML_ANCHOR.findall(text))
    seen: dict[str, int] = {}
    for line in _prose(text).split("\n"):
        heading = HEADING.match(line)
        if not heading:
            continue
        slug = github_anchor(heading.group(2))
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        found.add(slug if count == 0 else f"{slug}-{count}")
    return found


def dead_links(path: Path) -> list[str]:
    """``file:line: target (why)`` for every relative link of ``path`` that leads nowhere."""
    text = _prose(path.read_text(encoding="utf-8"))
    targets = [(m.start(1), m.group(1)) for m in INLINE_LINK.finditer(text)]
    targets += [(m.start(1), m.group(1)) for m in REFERENCE_DEFINITION.finditer(text)]
    problems = []
    for start, target in sorted(targets):
        if SCHEME.match(target) or target.startswith("//"):
            continue  # an external address: not this repository's to check
        file_part, _, anchor = target.partition("#")
        where = f"{path.relative_to(REPO_ROOT)}:{text.count(chr(10), 0, start) + 1}: {target}"
        resolved = (path.parent / unquote(file_part)).resolve() if file_part else path
        if not resolved.exists():
            problems.append(f"{where} (no such file)")
        elif anchor and resolved.suffix == ".md" and unquote(anchor) not in anchors(resolved):
            problems.append(f"{where} (no heading with this anchor in {resolved.name})")
    return problems


@pytest.mark.parametrize("path", documentation_files(), ids=lambda p: str(p.relative_to(REPO_ROOT)))
def test_every_relative_link_reaches_its_file_and_heading(path: Path) -> None:
    assert dead_links(path) == []


def test_the_documentation_set_is_the_one_the_readme_links() -> None:
    """The chapters moved out of the README exist and the README links each of them."""
    names = {p.name for p in documentation_files() if p.parent == REPO_ROOT / "docs"}
    assert {"security.md", "operations.md", "benchmarks.md", "open-data.md"} <= names
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    for name in names:
        assert f"](docs/{name})" in readme, f"README.md does not link docs/{name}"


@pytest.mark.parametrize(
    ("heading", "anchor"),
    [
        # GitHub's rule (github-slugger): lowercase, punctuation and symbols dropped
        # ("·", "（", ".", "/"), "_" and "-" kept, each space a "-", nothing collapsed.
        ("Read-only public side", "read-only-public-side"),
        ("Withheld projects (disclosure control)", "withheld-projects-disclosure-control"),
        ("Measured here (2026-11-28)", "measured-here-2026-11-28"),
        ("限制与拒收 Limits and what is refused", "限制与拒收-limits-and-what-is-refused"),
        (
            "预算绩效公开看板 · Budget-performance transparency dashboard",
            "预算绩效公开看板--budget-performance-transparency-dashboard",
        ),
        ("4. 各表及其列 Tables and columns", "4-各表及其列-tables-and-columns"),
        ("`departments.csv` 部门（必需）", "departmentscsv-部门必需"),
        (
            "data_access.db.schema / engine / money / domain",
            "data_accessdbschema--engine--money--domain",
        ),
        ("See [the guide](docs/publishing.md)", "see-the-guide"),
    ],
)
def test_anchors_are_computed_as_github_computes_them(heading: str, anchor: str) -> None:
    assert github_anchor(heading) == anchor


def test_a_dead_file_or_anchor_is_reported_and_nothing_else(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(f"{__name__}.REPO_ROOT", tmp_path)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "guide.md").write_text(
        '# Guide\n\n## Notes\n\n## Notes\n\n<a id="here"></a>\n', encoding="utf-8"
    )
    (tmp_path / "README.md").write_text(
        "\n".join(
            [
                "# Title",
                "[ok](docs/guide.md) [ok](docs/guide.md#notes-1) [ok](docs/guide.md#here)",
                "[ok](#title) [ok](https://example.org/missing.md) [ok](docs/)",
                "`[not a link](gone.md)`",
                "```",
                "[not a link](gone.md)",
                "```",
                "[moved](README.md#security)",
                "[gone](docs/old.md)",
                "[ref]: docs/guide.md#notes-2",
            ]
        ),
        encoding="utf-8",
    )
    assert dead_links(tmp_path / "README.md") == [
        "README.md:8: README.md#security (no heading with this anchor in README.md)",
        "README.md:9: docs/old.md (no such file)",
        "README.md:10: docs/guide.md#notes-2 (no heading with this anchor in guide.md)",
    ]


def test_the_readme_shows_the_test_command_ci_runs() -> None:
    """``.ci/run`` runs "the README's test command": the README must show that very line."""
    ci = (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    command = [line.strip() for line in ci if "-m pytest" in line and not line.startswith("#")]
    assert len(command) == 1, command
    readme_lines = (REPO_ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert command[0] in [line.strip() for line in readme_lines]
