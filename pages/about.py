"""About (/about): metric definitions, glossary, sources, the release served, demo notice."""

from dashboard import specs
from dashboard.ui import frame, panels
from dashboard.ui.render import show

view = frame.start("about")
panels.about_intro(view)
show(specs.about.METRIC_DEFINITIONS, view)
show(specs.about.GLOSSARY, view)
show(specs.hearing.RULE_SETTINGS, view)
show(specs.hearing.VERDICTS, view)
panels.about_disclosure(view)
panels.about_sources(view)
show(specs.about.RELEASES, view)
panels.about_demo(view)
