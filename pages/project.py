"""Project (/project): budget and execution, indicators, monitoring, evaluations, what the
results did, and the project's other years. A withheld project shows only "not disclosed"."""

from dashboard import charts, frame, panels
from dashboard.chartspec import show

view = frame.start("project")
record = panels.project_record_or_stop(view)
detail = record.detail
panels.project_title(view, detail.project_name)
panels.project_facts(view, detail)
panels.status_badges(view, detail.indicators)
show(charts.INDICATORS_TABLE, view)
show(charts.MONITORING_TABLE, view)
show(charts.EVALUATIONS_TABLE, view)
show(charts.APPLICATIONS_TABLE, view)
panels.other_years(view, record.project_code, record.public_years)
panels.back_to_list(view, detail)
frame.footer(view)
