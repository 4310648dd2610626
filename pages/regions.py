"""Regions (/regions): the chosen metric on a map of the child regions, and a ranking;
clicking a region or its bar goes one level down. 全辖 / 本级 compares the children's
whole areas or their own governments. A region without lower levels (a county) is
summarised: headline figures, its departments ranked by the metric (a bar opens the
department's projects) and its flags."""

from dashboard import specs
from dashboard.ui import frame, panels
from dashboard.ui.render import rows as rows_of
from dashboard.ui.render import show

view = frame.start("regions")
frame.heading(view, "regions.title")
frame.succession(view)
frame.controls(view, more=panels.metric_picker)
frame.region_trail(view, "regions")
if panels.has_children(view):
    panels.hint("regions.click_hint", view)
    rows = rows_of(specs.regions.REGION_MAP, view)
    left, right = panels.two_columns()
    with left:
        # The ranking beside it says the same sentence: said once.
        clicked_map = show(specs.regions.REGION_MAP, view, df=rows, on_select="rerun", said=False)
    with right:
        clicked_bar = show(specs.regions.REGION_RANKING, view, df=rows, on_select="rerun")
    panels.drill_to_region(view, panels.map_selection(clicked_map), "regions")
    panels.drill_to_region(view, panels.plotly_selection(clicked_bar), "regions")
else:
    # A county: its own figures, its departments ranked by the metric, its flags.
    panels.no_children(view)
    show(specs.overview.HEADLINE, view)
    clicked_department = show(specs.regions.DEPARTMENT_RANKING, view, on_select="rerun")
    panels.drill_to_department(view, panels.plotly_selection(clicked_department))
    show(specs.hearing.FLAG_RULES, view)
frame.footer(view)
