"""Overview (/): headline figures with their change, the closed loop, reported vs computed."""

from dashboard import specs
from dashboard.ui import frame, panels
from dashboard.ui.render import show

view = frame.start("overview")
frame.heading(view, "overview.title")
frame.controls(view)
show(specs.overview.HEADLINE, view)
panels.withheld_line(view)
show(specs.overview.LOOP, view)
show(specs.overview.REPORTED, view)
panels.more_links(view, ("trends", "regions", "explore"))
frame.footer(view)
