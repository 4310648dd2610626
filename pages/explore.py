"""Explorer (/explore): breadcrumb, the region split into its own level and children (or
a county's departments), then the paged project list; selecting a row drills down.

A long department table is folded into an expander (``panels.department_fold``).

Each table is drawn twice in one keyed container: the grid, and a phone-wide list
(``specs.explore.phone_html``: name link, amount, grade or score, the rest on opening a
row) that replaces the grid below 640 px through ``specs.explore.PHONE_STYLE``.
"""

from typing import Any

import pandas as pd
import streamlit as st

from dashboard import specs
from dashboard.core.view import View
from dashboard.specs.base import ChartSpec
from dashboard.ui import frame, panels
from dashboard.ui.render import remembered, show
from dashboard.ui.render import rows as rows_of


# The grid (its selection drills down) and, for phones, the same rows as a list.
def table(spec: ChartSpec, rows: pd.DataFrame, view: View) -> Any:
    with st.container(key=specs.explore.phone_key(spec)):
        if not spec.is_empty(rows):
            # Worked out once per view, like the grid beside it (``render.drawn``).
            st.html(remembered(("phone", spec.key, view),
                               lambda: specs.explore.phone_html(spec, rows, view)))
        return show(spec, view, df=rows, on_select="rerun")


view = frame.start("explore")
st.html(specs.explore.PHONE_STYLE)
frame.heading(view, "explore.title")
frame.succession(view)
frame.controls(view)
frame.region_trail(view, "explore", dept_name=panels.department_name(view))
panels.hint("explore.select_hint", view)
if not view.dept:
    if panels.has_children(view):
        rows = rows_of(specs.explore.CHILDREN_TABLE, view)
        picked = table(specs.explore.CHILDREN_TABLE, rows, view)
        panels.drill_to_region(view, panels.table_selection(picked, rows, "code"), "explore")
    spec = specs.explore.DEPARTMENTS_TABLE
    rows = rows_of(spec, view)
    with panels.department_fold(view, spec, len(rows)):
        picked = table(spec, rows, view)
    panels.drill_to_department(view, panels.table_selection(picked, rows, "code"))
panels.project_list_controls(view)
rows = rows_of(specs.explore.PROJECTS_TABLE, view)
picked = table(specs.explore.PROJECTS_TABLE, rows, view)
panels.project_list_pager(view, rows)
panels.open_project(view, panels.table_selection(picked, rows, "code"))
frame.footer(view)
