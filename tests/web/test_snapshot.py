"""One snapshot per answer: the release an answer names is the release its figures
come from, even at the instant an import commits (issue 23), on SQLite and PostgreSQL.

A writer thread imports the mini package again and again, each time with project
36000017001's 2017 budget changed and project 36000017002 public or withheld in turn, so
that every release has its own budget total and adjacent releases their own project
count. The expected figures of each release are computed here from the CSV file that
was imported (Σ budget_adjusted of 2017 × 10,000 元; public project-years of 2017),
never by the code under test. Meanwhile the main thread asks the API (its response
cache and stamp memo emptied before each call, so every answer is built) and the read
layer of the pages, charts and downloads (``dashboard.core.reads``, its cache emptied
too) for figures, and checks each answer's figures against its own release label.
"""

from __future__ import annotations

import csv
import shutil
import threading
import time
from decimal import Decimal
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from dashboard.core import reads as core_reads
from dashboard.web import http
from data_access.db.engine import make_engine
from data_access.ingest.importer import import_package
from data_access.reads.selection import ViewFilter
from tests.conftest import MINI_PACKAGE
from tests.package_builders import edit_cell, read_rows
from tests.web_support import client_for

# How long the reader asks (seconds), and how many answers it must at least check.
DURATION = 15.0
MIN_ANSWERS = 50
CHANGED_CODE = "36000017001"
TOGGLED_CODE = "36000017002"


def _row_of(package: Path, code: str, year: str = "2017") -> int:
    """The spreadsheet row number (header = 1) of a project-year in projects.csv."""
    rows = read_rows(package, "projects.csv")
    header = rows[0]
    for number, row in enumerate(rows[1:], start=2):
        if row[header.index("project_code")] == code and row[header.index("fiscal_year")] == year:
            return number
    raise AssertionError(f"{code}/{year} not in {package}/projects.csv")


def _expected(package: Path) -> tuple[Decimal, int]:
    """(Σ budget_adjusted of 2017 in 元, public project-years of 2017) of the package,
    read from its projects.csv (amounts in 万元; withheld rows count in money only)."""
    with (package / "projects.csv").open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["fiscal_year"] == "2017"]
    spending = sum(Decimal(r["budget_adjusted"]) for r in rows) * 10000
    public = sum(1 for r in rows if r["disclosure"] == "public")
    return spending, public


def _version(folder: Path, number: int) -> Path:
    """The mini package with 36000017001's 2017 budget 52000 + ``number`` 万元 and
    36000017002 withheld when ``number`` is odd."""
    package = folder / f"mini-{number}"
    shutil.copytree(MINI_PACKAGE, package)
    budget = str(52000 + number)
    edit_cell(package, "projects.csv", _row_of(package, CHANGED_CODE), "budget_adjusted", budget)
    disclosure = "withheld" if number % 2 else "public"
    edit_cell(package, "projects.csv", _row_of(package, TOGGLED_CODE), "disclosure", disclosure)
    return package


class Importer(threading.Thread):
    """Imports versions of the mini package until told to stop, recording what each
    release should show."""

    def __init__(self, url: str, folder: Path, expected: dict[int, tuple[Decimal, int]]):
        super().__init__(name="importer", daemon=True)
        self.url = url
        self.folder = folder
        self.expected = expected
        self.stop = threading.Event()
        self.imported = 0
        self.error: BaseException | None = None

    def run(self) -> None:
        engine = make_engine(self.url)
        try:
            number = 1
            while not self.stop.is_set():
                package = _version(self.folder, number)
                spending, public = _expected(package)
                # Record before the commit: a reader may see the release at once.
                report = import_package(engine, package)
                assert report.ok, report.render()
                assert report.release_id is not None
                self.expected[report.release_id] = (spending, public)
                self.imported += 1
                number += 1
                shutil.rmtree(package)
        except BaseException as error:  # reported by the main thread
            self.error = error
        finally:
            engine.dispose()


def _pending(expected: dict[int, tuple[Decimal, int]], release: int) -> tuple[Decimal, int]:
    """The expected figures of ``release``; a release whose import has just committed
    may be read before the writer thread recorded it: wait for it a moment."""
    deadline = time.monotonic() + 30
    while release not in expected:
        assert time.monotonic() < deadline, f"release {release} was never recorded"
        time.sleep(0.005)
    return expected[release]


def test_every_answer_names_the_release_its_figures_come_from(
    db_url: str, tmp_path: Path
) -> None:
    engine = make_engine(db_url)
    first = import_package(engine, MINI_PACKAGE)
    engine.dispose()
    assert first.ok and first.release_id is not None
    expected: dict[int, tuple[Decimal, int]] = {first.release_id: _expected(MINI_PACKAGE)}
    writer = Importer(db_url, tmp_path, expected)
    checked = {"metrics": 0, "projects": 0, "cached reads": 0}
    seen: set[int] = set()
    mismatches: list[str] = []
    with client_for(db_url) as client:
        writer.start()
        try:
            deadline = time.monotonic() + DURATION
            while time.monotonic() < deadline and writer.error is None:
                http.CACHE.clear()
                http.STAMPS.forget()
                core_reads.clear()

                answer = client.get("/api/v1/metrics?year=2017&region=360000")
                assert answer.status_code == 200, answer.text
                body = answer.json()
                release = body["release"]["id"]
                spending, _public = _pending(expected, release)
                got = Decimal(str(body["metrics"]["project_spending"]))
                if got != spending:
                    mismatches.append(f"/metrics: release {release} but spending {got}")
                checked["metrics"] += 1
                seen.add(release)

                answer = client.get("/api/v1/projects?year=2017&region=360000&limit=1")
                assert answer.status_code == 200, answer.text
                body = answer.json()
                release = body["release"]["id"]
                _spending, public = _pending(expected, release)
                if body["total"] != public:
                    mismatches.append(f"/projects: release {release} but total {body['total']}")
                pinned = parse_qs(urlsplit(body["links"]["next"]).query)["release"]
                if pinned != [str(release)]:
                    mismatches.append(f"/projects: release {release} but next pins {pinned}")
                checked["projects"] += 1

                # The read layer of the pages, charts, brief and downloads.
                stamp = core_reads.release_stamp(db_url)
                served = core_reads.served_release(db_url, stamp)
                assert served is not None
                figures = core_reads.metrics(db_url, stamp, ViewFilter(2017, "360000", "all"))
                spending, _public = _pending(expected, served.id)
                if figures["project_spending"] != spending:
                    mismatches.append(
                        f"reads: release {served.id} but spending {figures['project_spending']}"
                    )
                checked["cached reads"] += 1
        finally:
            writer.stop.set()
            writer.join(timeout=120)
    if writer.error is not None:
        raise writer.error
    assert not mismatches, f"{len(mismatches)} of {checked}: {mismatches[:10]}"
    # The check above means something only if imports did commit while answers were
    # being read.
    assert writer.imported >= 3, f"only {writer.imported} imports in {DURATION} s"
    assert len(seen) >= 3, seen
    assert min(checked.values()) >= MIN_ANSWERS, checked


@pytest.mark.parametrize("number", [1, 2])
def test_each_version_of_the_package_has_its_own_figures(tmp_path: Path, number: int) -> None:
    """The writer's packages really differ from the original (else the test above
    could not see a mixed answer)."""
    original = _expected(MINI_PACKAGE)
    changed = _expected(_version(tmp_path, number))
    assert changed[0] == original[0] + number * 10000
    assert changed[1] == original[1] - (number % 2)
