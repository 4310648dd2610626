"""Project (/project): budget and execution, indicators, monitoring, evaluations, what the
results did, and the project's other years. A withheld project shows only "not disclosed"."""

from dashboard import specs
from dashboard.ui import frame, panels
from dashboard.ui.render import show

view = frame.start("project")
record = panels.project_record_or_stop(view)
detail = record.detail
panels.project_title(view, detail.project_name)
panels.project_facts(view, detail)
panels.status_badges(view, detail.indicators)
show(specs.project.INDICATORS_TABLE, view)
show(specs.project.MONITORING_TABLE, view)
show(specs.project.EVALUATIONS_TABLE, view)
show(specs.project.LEDGER_TABLE, view)
show(specs.project.APPLICATIONS_TABLE, view)
panels.other_years(view, record.project_code, record.public_years)
panels.back_to_list(view, detail)
frame.footer(view)
