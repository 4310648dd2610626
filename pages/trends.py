"""Trends (/trends): evaluated funds, coverage, scores and grades over all years."""

from dashboard import charts, frame, panels
from dashboard.chartspec import show

view = frame.start("trends")
frame.heading(view, "trends.title", all_years=True)
frame.controls(view, year=False)
show(charts.EVALUATED_FUNDS_TREND, view, with_year=False)
left, right = panels.two_columns()
with left:
    show(charts.COVERAGE_TREND, view, with_year=False)
with right:
    show(charts.SCORES_TREND, view, with_year=False)
show(charts.GRADES_TREND, view, with_year=False)
frame.footer(view)
