"""Overview (/): headline figures with their change, the closed loop, reported vs computed."""

from dashboard import charts, frame, panels
from dashboard.chartspec import show

view = frame.start("overview")
frame.heading(view, "overview.title")
frame.controls(view)
show(charts.HEADLINE, view)
panels.withheld_line(view)
show(charts.LOOP, view)
show(charts.REPORTED, view)
panels.more_links(view, ("trends", "regions", "explore"))
frame.footer(view)
