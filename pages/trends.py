"""Trends (/trends): evaluated funds, coverage, scores and grades over all years."""

from dashboard import specs
from dashboard.ui import frame, panels
from dashboard.ui.render import show

view = frame.start("trends")
frame.heading(view, "trends.title", all_years=True)
frame.controls(view, year=False)
show(specs.trends.EVALUATED_FUNDS_TREND, view, with_year=False)
left, right = panels.two_columns()
with left:
    show(specs.trends.COVERAGE_TREND, view, with_year=False)
with right:
    show(specs.trends.SCORES_TREND, view, with_year=False)
show(specs.trends.GRADES_TREND, view, with_year=False)
frame.footer(view)
