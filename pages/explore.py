"""Explorer (/explore): breadcrumb, the region split into its own level and children (or
a county's departments), then the paged project list; selecting a row drills down."""

from dashboard import frame, panels, specs
from dashboard.render import show

view = frame.start("explore")
frame.heading(view, "explore.title")
frame.controls(view)
frame.region_trail(view, "explore", dept_name=panels.department_name(view))
panels.hint("explore.select_hint", view)
if not view.dept:
    if panels.has_children(view):
        rows = specs.explore.CHILDREN_TABLE.data(view)
        picked = show(specs.explore.CHILDREN_TABLE, view, df=rows, on_select="rerun")
        panels.drill_to_region(view, panels.table_selection(picked, rows, "code"), "explore")
    rows = specs.explore.DEPARTMENTS_TABLE.data(view)
    picked = show(specs.explore.DEPARTMENTS_TABLE, view, df=rows, on_select="rerun")
    panels.drill_to_department(view, panels.table_selection(picked, rows, "code"))
panels.project_list_controls(view)
rows = specs.explore.PROJECTS_TABLE.data(view)
picked = show(specs.explore.PROJECTS_TABLE, view, df=rows, on_select="rerun")
panels.project_list_pager(view, rows)
panels.open_project(view, panels.table_selection(picked, rows, "code"))
frame.footer(view)
