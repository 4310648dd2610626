"""A page run draws a chart's figure and table once per view (issue #8: "no figure is
rebuilt when only an unrelated widget changed").

Why a test of its own: ``render.drawn`` keeps what a chart draws (its Plotly spec, its
map's JSON, its table view and HTML) in the read cache, keyed by the view. It must be
built once for a view, again for any other view (another language, another release
stamp), and what later runs send must be what the builders made.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import plotly.io as pio
import pytest

from dashboard import specs
from dashboard.core import reads
from dashboard.core.view import View
from dashboard.specs import ChartSpec
from dashboard.ui import render


def _view(url: str, page: str, **values: Any) -> View:
    return View(url=url, stamp=reads.release_stamp(url), page_name=page, lang="zh",
                year=2017, region="360000", **values)


def _counting(spec: ChartSpec, built: list[str]) -> ChartSpec:
    """``spec`` under a key of its own, noting every call of its figure builder."""
    assert spec.figure is not None
    figure = spec.figure

    def counted(df: Any, view: View) -> Any:
        built.append(view.lang)
        return figure(df, view)

    return dataclasses.replace(spec, key=f"counting-{spec.key}", figure=counted)


@pytest.fixture(autouse=True)
def _fresh_cache() -> Any:
    reads.clear()
    yield
    reads.clear()


def test_the_figure_is_built_once_per_view(mini_url: str) -> None:
    built: list[str] = []
    spec = _counting(specs.trends.SCORES_TREND, built)
    view = _view(mini_url, "trends")
    rows = render.rows(spec, view)
    first = render.drawn(spec, view, rows)
    again = render.drawn(spec, view, render.rows(spec, view))
    assert built == ["zh"]
    assert again.plotly == first.plotly and again.html == first.html
    assert again.table is not None and again.table.equals(first.table)
    render.drawn(spec, view.replace(lang="en"), rows)
    render.drawn(spec, view.replace(stamp=view.stamp + "-next"), rows)
    assert built == ["zh", "en", "zh"]


def _built_and_kept(spec: ChartSpec, url: str) -> tuple[Any, render.Drawn]:
    """The figure ``spec`` builds for the province's 2017 view, built afresh, and what
    the renderer keeps of it for that view."""
    view = _view(url, spec.page)
    rows = spec.data(view)
    assert spec.figure is not None
    return spec.figure(rows, view), render.drawn(spec, view, rows)


def test_the_kept_plotly_spec_is_the_figure_built(mini_url: str) -> None:
    fresh, kept = _built_and_kept(specs.overview.LOOP, mini_url)
    assert kept.plotly is not None
    wrapped = render.go.Figure(kept.plotly, _validate=False)
    assert json.loads(pio.to_json(wrapped, validate=False)) == json.loads(
        pio.to_json(fresh, validate=False)
    )


def test_the_kept_map_sends_the_json_the_map_built(mini_url: str) -> None:
    deck, kept = _built_and_kept(specs.regions.REGION_MAP, mini_url)
    assert kept.deck is not None
    sent = render.BuiltDeck(*kept.deck)
    assert sent.to_json() == deck.to_json()
    assert sent._tooltip == deck._tooltip and sent.layers == []


def test_the_kept_table_view_is_the_specs(mini_url: str) -> None:
    spec = specs.explore.CHILDREN_TABLE
    view = _view(mini_url, "explore")
    rows = spec.data(view)
    kept = render.drawn(spec, view, rows)
    assert kept.table is not None
    # The grid's name column holds each row's link (shown as the name, ``kept.links``);
    # with the names put back, the kept table is the spec's.
    [(header, pairs)] = kept.links
    assert list(kept.table[header]) == [href for href, _ in pairs]
    names = kept.table.assign(**{header: [text for _, text in pairs]})
    assert names.equals(spec.table(rows, "zh"))
    assert kept.html == render.table_html(spec, rows, view)
    kept_grid = render._style(names, kept.formats).set_uuid("grid")
    assert kept_grid.to_html() == render.styled(spec, rows, "zh").set_uuid("grid").to_html()
