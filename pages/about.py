"""About (/about): metric definitions, glossary, sources, the release served, demo notice."""

from dashboard import charts, frame, panels
from dashboard.chartspec import show

view = frame.start("about")
panels.about_intro(view)
show(charts.METRIC_DEFINITIONS, view)
show(charts.GLOSSARY, view)
panels.about_sources(view)
show(charts.RELEASES, view)
panels.about_demo(view)
