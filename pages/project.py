"""Project (/project): a breadcrumb up to its department and regions, budget and
execution, indicators, monitoring, evaluations, what the results did, and the project's
other years with their figures. A withheld project shows only "not disclosed"."""

from dashboard import specs
from dashboard.ui import frame, panels
from dashboard.ui.render import phone_lists, show, show_listed

view = frame.start("project")
phone_lists()
record = panels.project_record_or_stop(view)
detail = record.detail
frame.project_trail(view, detail)
panels.project_title(view, detail.project_name)
panels.project_facts(view, detail)
panels.status_badges(view, detail.indicators)
show_listed(specs.project.INDICATORS_TABLE, view)
show_listed(specs.project.MONITORING_TABLE, view)
show_listed(specs.project.EVALUATIONS_TABLE, view)
show_listed(specs.project.LEDGER_TABLE, view)
show_listed(specs.project.APPLICATIONS_TABLE, view)
show(specs.project.YEARS_TABLE, view)
panels.back_to_list(view, detail)
frame.footer(view)
