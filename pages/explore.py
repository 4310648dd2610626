"""Explorer (/explore): breadcrumb, the region split into its own level and children (or
a county's departments), then the paged project list; selecting a row drills down.

A long department table is folded into an expander (``panels.department_fold``).

Each table is drawn twice in one keyed container: the grid, and a phone-wide list
(``specs.phone``: name link, amount, grade or score, the rest on opening a row) that
replaces the grid below 640 px (``render.show_listed``).
"""

from dashboard import specs
from dashboard.ui import frame, panels
from dashboard.ui.render import phone_lists, show_listed
from dashboard.ui.render import rows as rows_of

view = frame.start("explore")
phone_lists()
frame.heading(view, "explore.title")
frame.succession(view)
frame.controls(view)
frame.region_trail(view, "explore", dept_name=panels.department_name(view))
panels.hint("explore.select_hint", view)
if not view.dept:
    if panels.has_children(view):
        rows = rows_of(specs.explore.CHILDREN_TABLE, view)
        picked = show_listed(specs.explore.CHILDREN_TABLE, view, rows, on_select="rerun")
        panels.drill_to_region(view, panels.table_selection(picked, rows, "code"), "explore")
    spec = specs.explore.DEPARTMENTS_TABLE
    rows = rows_of(spec, view)
    with panels.department_fold(view, spec, len(rows)):
        picked = show_listed(spec, view, rows, on_select="rerun")
    panels.drill_to_department(view, panels.table_selection(picked, rows, "code"))
panels.project_list_controls(view)
rows = rows_of(specs.explore.PROJECTS_TABLE, view)
picked = show_listed(specs.explore.PROJECTS_TABLE, view, rows, on_select="rerun")
panels.project_list_pager(view, rows)
panels.open_project(view, panels.table_selection(picked, rows, "code"))
frame.footer(view)
