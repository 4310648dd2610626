"""Explorer (/explore): breadcrumb, the region split into its own level and children (or
a county's departments), then the paged project list; selecting a row drills down."""

from dashboard import charts, frame, panels
from dashboard.chartspec import show

view = frame.start("explore")
frame.heading(view, "explore.title")
frame.controls(view)
frame.region_trail(view, "explore", dept_name=panels.department_name(view))
panels.hint("explore.select_hint", view)
if not view.dept:
    if panels.has_children(view):
        rows = charts.CHILDREN_TABLE.data(view)
        picked = show(charts.CHILDREN_TABLE, view, df=rows, on_select="rerun")
        panels.drill_to_region(view, panels.table_selection(picked, rows, "code"), "explore")
    rows = charts.DEPARTMENTS_TABLE.data(view)
    picked = show(charts.DEPARTMENTS_TABLE, view, df=rows, on_select="rerun")
    panels.drill_to_department(view, panels.table_selection(picked, rows, "code"))
panels.project_list_controls(view)
rows = charts.PROJECTS_TABLE.data(view)
picked = show(charts.PROJECTS_TABLE, view, df=rows, on_select="rerun")
panels.project_list_pager(view, rows)
panels.open_project(view, panels.table_selection(picked, rows, "code"))
frame.footer(view)
