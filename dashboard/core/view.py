"""One view of the dashboard as plain values, and the URL parameters it is written as.

Why apart from ``state``: a chart declaration is a function of a ``View``, and the same
declarations are rendered outside any Streamlit session (embeds, downloads, the JSON
API, the hearing brief). So ``View`` holds only plain values (safe as cache keys) and
this module never imports Streamlit; ``params`` parses a URL into a ``View``, and
``links.view_query`` writes one back out (so this module needs neither).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from dashboard.core.i18n import t
from data_access.flags.rules import ITEM_RULES, SORTS
from data_access.reads.ledger import VERDICTS
from data_access.reads.queries import GRADES, SORT_KEYS
from data_access.reads.selection import ListFilter, ViewFilter

SCOPES: tuple[str, ...] = ("all", "own")
MAP_METRICS: tuple[str, ...] = (
    "evaluation_coverage_rate",
    "evaluated_funds",
    "project_spending",
    "target_coverage_rate",
    "monitoring_coverage_rate",
    "execution_rate",
    "target_achievement_rate",
    "average_score",
    "projects",
)
DEFAULT_METRIC = MAP_METRICS[0]
# Every sort the project list knows (the API's too: one list of URL values).
LIST_SORTS: tuple[str, ...] = SORT_KEYS
ORDERS: tuple[str, ...] = ("desc", "asc")
# The explorer's filters: final grades (优/良/中/差) and the item rules of data_access.flags.rules.
LIST_GRADES: tuple[str, ...] = GRADES
LIST_FLAGS: tuple[str, ...] = ITEM_RULES
# The result-application ledger's verdicts (data_access.reads.ledger), the explorer's
# ledger filter beside the flag filter.
LIST_VERDICTS: tuple[str, ...] = VERDICTS
SCORE_RANGE: tuple[int, int] = (0, 100)
# The hearing's orders of its flagged projects (data_access.flags.rules.SORTS).
RANKS: tuple[str, ...] = SORTS
LIST_FILTER_KEYS: tuple[str, ...] = (
    "grade", "flag", "verdict", "score_min", "score_max", "order"
)
PAGE_SIZE = 25
# Which parameters belong to which page: ``dashboard.core.params`` (one declared table).

def default_order(sort: str) -> str:
    """The natural direction of a sort: names and codes A to Z, every figure largest
    first."""
    return "asc" if sort in ("name", "code") else "desc"


def score_text(value: float | None) -> str | None:
    """A score bound as written in a URL: ``60``, ``59.5`` (no trailing ``.0``)."""
    return None if value is None else f"{value:g}"


@dataclass(frozen=True)
class View:
    """One view of the dashboard, as plain values (safe as cache keys).

    ``release`` pins the figures of one release (its id); None serves the latest.
    """

    url: str
    stamp: str
    page_name: str
    lang: str
    year: int
    region: str
    scope: str = "all"
    dept: str | None = None
    department_id: int | None = None
    project: str | None = None
    metric: str = DEFAULT_METRIC
    q: str | None = None
    sort: str = "budget"
    page: int = 1
    # The explorer's filters and direction (``order`` "" = the sort's natural one).
    grade: tuple[str, ...] = ()
    flag: str | None = None
    verdict: str | None = None
    score_min: float | None = None
    score_max: float | None = None
    order: str = ""
    release: int | None = None
    # /hearing: the presenter's screen, presenter mode, and the questions ticked (ids).
    step: int = 0
    present: bool = False
    ask: tuple[str, ...] = ()
    rank: str = "severity"

    @property
    def descending(self) -> bool:
        """Whether the project list runs largest (or Z) first."""
        return (self.order or default_order(self.sort)) == "desc"

    def filter(self, **changes: object) -> ViewFilter:
        """Which project-years this view's figures cover (year, region, scope, department,
        release), the one value every read of ``core.reads`` takes; ``changes`` for a
        neighbouring view (``department_id=None``: the whole government's)."""
        return ViewFilter(
            self.year,
            self.region,
            self.scope,
            self.department_id,
            release=self.release,
        ).replace(**changes)

    def list_filter(self) -> ListFilter:
        """The explorer's own filters of the project list (search, grades, flag rule,
        score range, verdict), the value its reads take beside :meth:`filter`."""
        return ListFilter(
            self.q, self.grade, self.flag, self.score_min, self.score_max, self.verdict
        )

    def t(self, key: str, **values: object) -> str:
        """Shorthand for ``i18n.t`` in this view's language."""
        return t(key, self.lang, **values)

    def replace(self, **changes: object) -> View:
        """A copy with some fields changed."""
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]
