"""Text from a package or a URL is shown literally on every page (issue 9, item 2).

Two kinds of test:

- a static scan of ``dashboard/`` and ``pages/``: every argument of a Streamlit call that
  renders Markdown (bodies, labels, ``help=``) must be built only from constant text,
  i18n look-ups ``t(...)`` whose filled-in values are themselves safe, number formatters,
  or ``fmt.literal(...)``. A function parameter that reaches such an argument makes the
  function itself a Markdown sink, and its callers are checked in turn (so ``state.link``
  checks every link label). It names file, line and expression of each offender;
- pages run with hostile URL parameters and a hostile package (links, images, formulas,
  ``<script>`` in names, titles and publisher), asserting that no element's Markdown
  holds a live link, image or formula pointing at ``evil``.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from dashboard.core import formatting as fmt
from data_access.reads.selection import ViewFilter
from tests.conftest import REPO_ROOT
from tests.package_builders import copy_package, edit_cell, read_rows
from tests.pages_support import app_at

# ----------------------------------------------------------------------- the helper


HOSTILE = (
    "[请点此核验身份](http://evil.example/login)",
    "![x](http://evil.example/i.png)",
    r"$\Huge\text{网站已关闭}$",
    "<script>alert(1)</script>",
    "**bold** _it_ `code` # head",
    ":red[red] :material/home: :smile:",
    "http://evil.example www.evil.example a@evil.example",
    "HTTPS://EVIL.EXAMPLE/x WWW.EVIL.EXAMPLE mailto:a@evil.example",
    "见 https://xn--vil-8cd.example 或 http://еvil.example（看似 evil）",
    "(https://evil.example/a)【www.evil.example】",
    "&lt;b&gt; &#x41;",
    "line one\n\n# heading\n- item",
    "\\[escaped\\](http://evil.example)",
)
EVIL = "evil.example"


def _unescaped(markdown: str) -> str:
    """``markdown`` with every backslash-escaped character replaced by ``•``: what is
    left is what a Markdown renderer interprets."""
    out: list[str] = []
    index = 0
    while index < len(markdown):
        char = markdown[index]
        if char == "\\" and index + 1 < len(markdown):
            out.append("•")
            index += 2
            continue
        out.append(char)
        index += 1
    return "".join(out)


def _unescape(markdown: str) -> str:
    """What a renderer shows for fully escaped text: the escaped characters themselves."""
    return re.sub(r"\\(.)", r"\1", markdown)


def _is_live(markdown: str) -> list[str]:
    """What in ``markdown`` Streamlit would render as something other than text: links,
    images, formulas, HTML, autolinks, directives (checked on the unescaped part)."""
    bare = _unescaped(markdown)
    found: list[str] = []
    for pattern, what in (
        (r"\]\(|\]\[|^\[[^\]]*\]:", "link"),
        (r"!\[", "image"),
        (r"\$", "formula"),
        (r"<[A-Za-z/!?]", "html"),
        (r"&[#A-Za-z0-9]+;", "entity"),
        (r":[a-z]+(-background|-badge)?\[", "directive"),
        (EVIL.replace(".", r"\."), "evil host"),
    ):
        if re.search(pattern, bare, re.MULTILINE):
            found.append(what)
    # GFM autolink literals are found in the text as shown (escapes resolved), so
    # escaping cannot stop them; these are the renderer's own patterns
    # (mdast-util-gfm-autolink-literal, as bundled in streamlit/static; JS ``\w`` is
    # ASCII).
    shown = _unescape(markdown)
    if _AUTOLINK_URL.search(shown) or _AUTOLINK_EMAIL.search(shown):
        found.append("autolink")
    return found


_AUTOLINK_URL = re.compile(r"(https?://|www(?=\.))([-.\w]+)([^ \t\r\n]*)", re.I | re.A)
_AUTOLINK_EMAIL = re.compile(r"([-.\w+]+)@([-\w]+(?:\.[-\w]+)+)", re.A)


@pytest.mark.parametrize("text", HOSTILE)
def test_literal_disarms_markdown(text: str) -> None:
    shown = fmt.literal(text)
    bare = _unescaped(shown)
    # No ASCII punctuation is left for a renderer to interpret (but the hard breaks);
    # the only invisible character is the word joiner that breaks autolinks.
    assert re.sub(r"  \n", "", bare).replace(fmt.WORD_JOINER, "").isprintable()
    assert not re.search(r"[!-/:-@\[-`{-~]", bare), bare
    assert _is_live(shown) == []
    # Shown as written: line by line, the text itself (the joiners are invisible).
    assert _unescape(shown).replace(fmt.WORD_JOINER, "").split("  \n") == [
        line.strip() for line in text.strip().splitlines() if line.strip()
    ]


def test_hostile_text_is_live_without_the_helper() -> None:
    """The check itself can fail: raw hostile text is live Markdown."""
    assert "link" in _is_live(HOSTILE[0])
    assert "image" in _is_live(HOSTILE[1])
    assert "formula" in _is_live(HOSTILE[2])
    assert "html" in _is_live(HOSTILE[3])
    for text in HOSTILE[6:10]:
        assert "autolink" in _is_live(text), text
    # Backslash escapes alone do not stop them (what the word joiner is for).
    assert "autolink" in _is_live("http\\:\\/\\/evil\\.example")


def test_badge_label_is_literal() -> None:
    badge = fmt.badge_markdown("a](http://evil.example)[b", "green", ":material/check:")
    assert badge.startswith(":green-badge[:material/check: ")
    inner = badge[len(":green-badge[:material/check: ") : -1]
    assert _is_live(inner) == []
    assert fmt.badge_markdown("x", "javascript", "<b>").startswith(":gray-badge[x")


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://czt.jiangxi.gov.cn/report.pdf", True),
        ("http://example.org/a?b=1", True),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        ("data:text/html,<script>", False),
        ("//evil.example/x", False),
        ("/relative", False),
        ("https://", False),
        ("https://a.b/\nx", False),
        (None, False),
    ],
)
def test_package_links_only_when_http(url: Any, kept: bool) -> None:
    assert (fmt.safe_link(url) is not None) is kept


# ------------------------------------------------------------------- static scan

SCANNED = [
    *sorted((REPO_ROOT / "dashboard").rglob("*.py")),
    *sorted((REPO_ROOT / "pages").glob("*.py")),
]

# st.<name>: positions and keywords that Streamlit renders as Markdown.
_BODY_FIRST = {
    "markdown", "caption", "warning", "info", "error", "success", "title", "header",
    "subheader", "toast", "badge", "selectbox", "text_input", "number_input", "checkbox",
    "segmented_control", "pills", "radio", "multiselect", "slider", "select_slider",
    "toggle", "button", "download_button", "link_button", "expander", "popover",
    "text_area", "date_input", "time_input", "color_picker", "file_uploader", "write",
}
STREAMLIT_SINKS: dict[str, tuple[tuple[int, ...], tuple[str, ...]]] = {
    **{name: ((0,), ("body", "label")) for name in _BODY_FIRST},
    "metric": ((0, 1, 2), ("label", "value", "delta")),
    "page_link": ((1,), ("label",)),
    "tabs": ((0,), ("tabs",)),
    "progress": ((), ("text",)),
}
# Functions whose result is made only of i18n text and numbers (their inputs are codes,
# keys or numbers); ``t`` is checked argument by argument.
SAFE_FUNCTIONS = {
    "literal", "badge_markdown", "problem_text", "metric_label", "definition",
    "help_text", "footnote_text", "money", "money_delta", "percent", "percent_points",
    "score", "score_delta", "count", "count_delta", "grade", "year", "date", "datetime",
    "yes_no", "vocabulary", "metric_value", "metric_delta", "metric", "int", "float",
    "len", "round", "max", "min", "year_span", "headline_cards", "site_link",
}
# Attributes that hold parsed integers or codes from a fixed list (state.read_view
# checks them), never free text.
# Integers parsed from the URL (release: digits only, checked against the database).
SAFE_ATTRIBUTES = {
    "year", "fiscal_year", "page", "step", "steps", "lang", "id", "release", "NO_DATA"
}


@dataclass
class Finding:
    path: str
    line: int
    call: str
    expression: str


@dataclass
class Scope:
    """Assignments of one function: name -> expressions assigned to it."""

    params: set[str]
    assigned: dict[str, list[ast.expr]] = field(default_factory=dict)
    unsafe_names: set[str] = field(default_factory=set)
    # loop (and comprehension) variables -> what they iterate over
    loops: dict[str, list[ast.expr]] = field(default_factory=dict)


def _scope_of(function: ast.FunctionDef | ast.Module) -> Scope:
    params: set[str] = set()
    if isinstance(function, ast.FunctionDef):
        a = function.args
        params = {x.arg for x in [*a.posonlyargs, *a.args, *a.kwonlyargs]}
        params |= {x.arg for x in (a.vararg, a.kwarg) if x is not None}
    scope = Scope(params)
    for node in ast.walk(function):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    scope.assigned.setdefault(target.id, []).append(node.value)
                else:
                    for name in ast.walk(target):
                        if isinstance(name, ast.Name):
                            scope.unsafe_names.add(name.id)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            if node.value is not None:
                scope.assigned.setdefault(node.target.id, []).append(node.value)
        elif isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
            scope.assigned.setdefault(node.target.id, []).append(node.value)
        elif isinstance(node, ast.For | ast.comprehension):
            for name in ast.walk(node.target):
                if isinstance(name, ast.Name):
                    scope.loops.setdefault(name.id, []).append(node.iter)
        elif isinstance(node, ast.withitem) and node.optional_vars is not None:
            for name in ast.walk(node.optional_vars):
                if isinstance(name, ast.Name):
                    scope.unsafe_names.add(name.id)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("append", "extend", "insert")
            and isinstance(node.func.value, ast.Name)
        ):
            # ``facts.append(x)``: x becomes part of ``facts``
            scope.assigned.setdefault(node.func.value.id, []).extend(node.args)
    return scope


def _name_of(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


class Checker:
    """Taint check: ``taint(expr)`` is the set of reasons an expression is not safe
    text (``param:<name>`` for a parameter of the enclosing function)."""

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self._resolving: set[str] = set()

    def taint(self, node: ast.expr | None) -> set[str]:
        if node is None:
            return set()
        if isinstance(node, ast.Constant):
            return set()
        if isinstance(node, ast.JoinedStr):
            return set().union(*(self.taint(v) for v in node.values))
        if isinstance(node, ast.FormattedValue):
            return self.taint(node.value)
        if isinstance(node, ast.BinOp):
            return self.taint(node.left) | self.taint(node.right)
        if isinstance(node, ast.IfExp):
            return self.taint(node.body) | self.taint(node.orelse)
        if isinstance(node, ast.BoolOp):
            return set().union(*(self.taint(v) for v in node.values))
        if isinstance(node, ast.List | ast.Tuple):
            return set().union(set(), *(self.taint(v) for v in node.elts))
        if isinstance(node, ast.GeneratorExp | ast.ListComp):
            return self.taint(node.elt)
        if isinstance(node, ast.Subscript):
            return self.taint(node.value)
        if isinstance(node, ast.Starred):
            return self.taint(node.value)
        if isinstance(node, ast.Attribute):
            if node.attr in SAFE_ATTRIBUTES or node.attr.isupper():
                return set()
            # A field of what a safe function built (a headline card's label) is safe.
            if not isinstance(node.value, ast.Name | ast.Attribute | ast.Subscript):
                return {f"attribute .{node.attr}"}
            if self.taint(node.value):
                return {f"attribute .{node.attr}"}
            return set()
        if isinstance(node, ast.Name):
            return self._name(node.id)
        if isinstance(node, ast.Call):
            return self._call(node)
        return {f"expression {type(node).__name__}"}

    def _name(self, name: str) -> set[str]:
        if name.isupper():
            return set()
        if name in self.scope.unsafe_names:
            return {f"name {name}"}
        sources = [*self.scope.assigned.get(name, []), *self.scope.loops.get(name, [])]
        if sources:
            if name in self._resolving:
                return set()
            self._resolving.add(name)
            try:
                return set().union(*(self.taint(v) for v in sources))
            finally:
                self._resolving.discard(name)
        if name in self.scope.params:
            return {f"param:{name}"}
        return {f"name {name}"}

    def _call(self, node: ast.Call) -> set[str]:
        func = node.func
        name = _name_of(func)
        if name == "join" and isinstance(func, ast.Attribute):
            return self.taint(func.value) | set().union(set(), *(self.taint(a) for a in node.args))
        if name == "str" and node.args:
            return self.taint(node.args[0])
        if name in ("enumerate", "zip", "sorted", "reversed", "list", "tuple", "next"):
            return set().union(set(), *(self.taint(a) for a in node.args))
        if name in ("upper", "lower", "strip") and isinstance(func, ast.Attribute):
            return self.taint(func.value)
        if name in ("title", "explanation") and len(node.args) == 1 and not node.keywords:
            # A flag rule's own words in a language (data_access/flags/rules.toml);
            # ``str.title()`` takes no argument and stays unsafe.
            return set()
        if name == "t":
            reasons: set[str] = set()
            for keyword in node.keywords:
                if keyword.arg is None:
                    value = keyword.value
                    if isinstance(value, ast.DictComp):
                        reasons |= self.taint(value.value)
                    else:
                        reasons |= {"t(**values) not built by a dict comprehension"}
                else:
                    reasons |= self.taint(keyword.value)
            return reasons
        if name in SAFE_FUNCTIONS:
            return set()
        return {f"call {ast.unparse(func)}()"}


def _is_streamlit(func: ast.expr) -> str | None:
    """``st.name`` (or ``st.sidebar.name``) -> name."""
    if isinstance(func, ast.Attribute):
        base = func.value
        while isinstance(base, ast.Attribute):
            base = base.value
        if isinstance(base, ast.Name) and base.id == "st":
            return func.attr
    return None


def _sink_arguments(
    call: ast.Call, sinks: dict[str, tuple[tuple[int, ...], tuple[str, ...]]]
) -> Iterator[ast.expr]:
    name = _is_streamlit(call.func)
    spec = None
    if name is not None:
        spec = STREAMLIT_SINKS.get(name)
        keywords_always: tuple[str, ...] = ("help",)
    else:
        local = _name_of(call.func)
        spec = sinks.get(local or "") if local and local in sinks else None
        keywords_always = ()
    if spec is None:
        for keyword in call.keywords:
            if name is not None and keyword.arg in keywords_always:
                yield keyword.value
        return
    positions, keywords = spec
    for index in positions:
        if index < len(call.args):
            yield call.args[index]
    for keyword in call.keywords:
        if keyword.arg in keywords or keyword.arg in keywords_always:
            yield keyword.value


def _functions(tree: ast.Module) -> Iterator[ast.FunctionDef | ast.Module]:
    yield tree
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            yield node


def _parameter_position(function: ast.FunctionDef, name: str) -> tuple[int | None, str]:
    names = [a.arg for a in [*function.args.posonlyargs, *function.args.args]]
    return (names.index(name) if name in names else None), name


def _shown_path(path: Path) -> str:
    try:
        return str(path.relative_to(REPO_ROOT))
    except ValueError:
        return str(path)


def scan(paths: list[Path]) -> list[Finding]:
    """Every Markdown-rendering argument built from text that is not known to be safe."""
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in paths}
    sinks: dict[str, tuple[tuple[int, ...], tuple[str, ...]]] = {}
    for _ in range(6):  # a parameter reaching a sink makes its function a sink: fixpoint
        findings: list[Finding] = []
        grown = False
        for path, tree in trees.items():
            for function in _functions(tree):
                scope = _scope_of(function)
                checker = Checker(scope)
                body = function.body if isinstance(function, ast.FunctionDef) else [
                    n for n in function.body if not isinstance(n, ast.FunctionDef | ast.ClassDef)
                ]
                for statement in body:
                    for node in ast.walk(statement):
                        if not isinstance(node, ast.Call):
                            continue
                        for argument in _sink_arguments(node, sinks):
                            reasons = checker.taint(argument)
                            params = {r[6:] for r in reasons if r.startswith("param:")}
                            others = {r for r in reasons if not r.startswith("param:")}
                            if params and isinstance(function, ast.FunctionDef):
                                positions, keywords = sinks.get(function.name, ((), ()))
                                for param in params:
                                    index, keyword = _parameter_position(function, param)
                                    new_positions = tuple(
                                        sorted({*positions, *(() if index is None else (index,))})
                                    )
                                    new_keywords = tuple(sorted({*keywords, keyword}))
                                    if (new_positions, new_keywords) != (positions, keywords):
                                        sinks[function.name] = (new_positions, new_keywords)
                                        positions, keywords = new_positions, new_keywords
                                        grown = True
                            if others:
                                findings.append(
                                    Finding(
                                        _shown_path(path),
                                        node.lineno,
                                        ast.unparse(node.func),
                                        f"{ast.unparse(argument)}  <- {sorted(others)}",
                                    )
                                )
        if not grown:
            break
    # Nested function bodies are scanned twice (inside the module walk too): dedupe.
    unique = {(f.path, f.line, f.expression): f for f in findings}
    return sorted(unique.values(), key=lambda f: (f.path, f.line))


def test_no_package_or_url_text_reaches_markdown_unescaped() -> None:
    findings = scan(SCANNED)
    assert findings == [], "\n".join(
        f"{f.path}:{f.line}: {f.call}({f.expression})" for f in findings
    )


def test_the_scan_catches_the_old_explain(tmp_path: Path) -> None:
    """The scan fails on the ``frame._explain`` of before issue 9, and on a link label
    passed through a helper."""
    old = tmp_path / "old_frame.py"
    old.write_text(
        "import streamlit as st\n"
        "def _explain(reading, lang):\n"
        "    st.warning(\n"
        "        f\"**{t('bad.title', lang)}**\\n\\n\" + \"\\n\\n\".join("
        "p.text(lang) for p in reading.problems),\n"
        "    )\n"
        "def link(view, page, label):\n"
        "    st.page_link(page, label=label)\n"
        "def trail(view, record):\n"
        "    link(view, 'explore', record.name)\n"
        "    link(view, 'explore', fmt.literal(record.name))\n"
        "    st.caption(t('release.served', 'zh', title=info.title))\n"
        "    st.caption(t('release.served', 'zh', title=fmt.literal(info.title)))\n",
        encoding="utf-8",
    )
    findings = scan([old])
    lines = sorted(f.line for f in findings)
    assert lines == [3, 9, 11], findings


# ------------------------------------------------------------ pages, hostile input

HOSTILE_NAME = (
    f"[点此](http://{EVIL}/a) ![i](http://{EVIL}/i.png) $\\Huge x$ <script>x</script>"
    f" https://{EVIL} www.{EVIL} a@{EVIL}"
)


MARKDOWN_FIELDS = ("body", "label", "help", "value", "delta", "caption")
# Elements that show their text as plain text (no Markdown): st.text, st.code, st.json.
PLAIN_ELEMENTS = frozenset(("text", "code", "json"))


def _element_texts(at: Any, *, html: bool = False) -> list[str]:
    """Every Markdown-rendered string of the page's element protos: bodies, labels,
    help texts (whatever the element type); with ``html``, the bodies of ``st.html``
    instead (HTML, not Markdown)."""
    out: list[str] = []

    def visit(node: Any) -> None:
        proto = getattr(node, "proto", None)
        kind = getattr(node, "type", None)
        is_html = kind == "html"
        if proto is not None and is_html == html and kind not in PLAIN_ELEMENTS:
            for descriptor, value in proto.ListFields():
                if descriptor.name in MARKDOWN_FIELDS and isinstance(value, str):
                    out.append(value)
        for child in getattr(node, "children", {}).values() if hasattr(node, "children") else []:
            visit(child)

    visit(at._tree)
    return out


def _assert_inert(at: Any) -> None:
    assert not at.exception, [e.value for e in at.exception]
    for text in _element_texts(at):
        # Our own badge directive around the label (fmt.badge_markdown) is no injection.
        text = re.sub(r"^:[a-z]+-badge\[(:material/[a-z_]+: )?(.*)\]$", r"\2", text, flags=re.S)
        if EVIL in text or "Huge" in text or "script" in text:
            assert _is_live(text) == [], text
    for body in _element_texts(at, html=True):
        # st.html: package text only ever inside text nodes, escaped.
        assert not re.search(r"<[^>]*" + re.escape(EVIL), body), body
        assert "<script>x</script>" not in body and "<script>p</script>" not in body


def _run(page: str, **params: str) -> Any:
    at = app_at(page, **params)
    at.run()
    return at


HOSTILE_PARAMS = [
    {"year": f"[请点此核验身份](http://{EVIL}/login)"},
    {"region": f"![x](http://{EVIL}/x.png)"},
    {"scope": r"$\Huge\text{网站已关闭}$"},
    {"dept": f"<script>alert(1)</script>[x](http://{EVIL})"},
    {"sort": f"http://{EVIL}/a"},
    {"year": f"https://{EVIL}/bare www.{EVIL} admin@{EVIL}"},
]


@pytest.mark.parametrize("params", HOSTILE_PARAMS, ids=lambda p: next(iter(p)))
@pytest.mark.parametrize("page", ["explore", "project"])
def test_hostile_url_parameters_are_shown_literally(
    page: str, params: dict[str, str], mini_url: str, use_db: Any
) -> None:
    use_db(mini_url)
    query = dict(params)
    if page == "project":
        query.setdefault("project", f"[p](http://{EVIL}/p)")
    at = _run(page, **query)
    _assert_inert(at)
    shown = _unescape("\n".join(_element_texts(at)))
    assert EVIL in shown or "Huge" in shown or "script" in shown  # the value is named


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_hostile_database(tmp_path_factory.mktemp("hostile"))


def build_hostile_database(root: Path) -> str:
    """mini-jiangxi with links, images, formulas, script tags, bare addresses and
    e-mail addresses in its names, titles, publisher, sector, targets and indicator
    names, imported into a SQLite database under ``root``; its URL."""
    from data_access.db.engine import make_engine
    from data_access.ingest.importer import import_package

    package = copy_package(root)
    descriptor = package / "datapackage.json"
    text = descriptor.read_text(encoding="utf-8")
    import json

    meta = json.loads(text)
    meta["title"] = f"标题 [x](http://{EVIL}/t) $\\Huge T$"
    meta.setdefault("publisher", {})
    if isinstance(meta.get("publisher"), dict):
        meta["publisher"]["name"] = f"发布者 ![i](http://{EVIL}/p.png) <script>p</script>"
    else:
        meta["publisher"] = f"发布者 ![i](http://{EVIL}/p.png) <script>p</script>"
    descriptor.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    rows = read_rows(package, "projects.csv")
    header = rows[0]
    for row in range(2, len(rows) + 1):
        for column in ("project_name", "sector", "overall_target", "overall_result"):
            if column in header:  # a sector holds at most 100 characters
                text = HOSTILE_NAME if column != "sector" else f"https://{EVIL} www.{EVIL}"
                edit_cell(package, "projects.csv", row, column, f"{column} {text}")
    for row in range(2, len(read_rows(package, "departments.csv")) + 1):
        edit_cell(package, "departments.csv", row, "name", f"部门 {HOSTILE_NAME}")
    if (package / "regions.csv").is_file():
        regions = read_rows(package, "regions.csv")
        for row in range(2, len(regions) + 1):
            edit_cell(package, "regions.csv", row, "name", f"地区{row} {HOSTILE_NAME}")
    indicators = read_rows(package, "indicators.csv")
    name_column = "name" if "name" in indicators[0] else "indicator_name"
    for row in range(2, len(indicators) + 1):
        edit_cell(package, "indicators.csv", row, name_column, f"指标 {HOSTILE_NAME}")
    url = f"sqlite:///{root / 'hostile.db'}"
    engine = make_engine(url)
    report = import_package(engine, package)
    engine.dispose()
    assert report.ok, report.render()
    return url


def public_project(url: str) -> tuple[str, str]:
    from data_access.db.engine import make_engine
    from data_access.reads.queries import project_list

    engine = make_engine(url, create=False)
    row = project_list(engine, ViewFilter(2017, "360000", "all")).rows[0]
    engine.dispose()
    return row.project_code, str(row.fiscal_year)


@pytest.mark.parametrize(
    ("page", "params"),
    [
        ("overview", {"year": "2017", "region": "360000"}),
        ("explore", {"year": "2017", "region": "360000"}),
        ("explore", {"year": "2017", "region": "360000", "dept": "D001"}),
        ("regions", {"year": "2017", "region": "360000"}),
        ("trends", {"region": "360000"}),
        ("about", {}),
        ("data", {"year": "2017", "region": "360000"}),
        ("hearing", {"year": "2017", "region": "360000"}),
        ("project", {}),
    ],
)
def test_hostile_package_text_is_shown_literally(
    page: str, params: dict[str, str], hostile_url: str, use_db: Any
) -> None:
    use_db(hostile_url)
    query = dict(params)
    if page == "project":
        query["project"], query["year"] = public_project(hostile_url)
    at = _run(page, **query)
    _assert_inert(at)
    shown = _unescape("\n".join(_element_texts(at)))
    if page in ("overview", "explore", "project", "trends", "data", "hearing"):
        assert EVIL in shown, "the hostile text is shown (escaped), not dropped"

