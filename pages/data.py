"""Open data (/data): every dataset of the view as CSV, XLSX and JSON (the whole result
set, streamed), the whole release as a zip, the data dictionary, releases with their
checksums, the API and feed, licence and how to cite."""

from dashboard import specs
from dashboard.ui import datapage, frame
from dashboard.ui.render import show

view = frame.start("data")
frame.heading(view, "data.title")
frame.controls(view)
frame.region_trail(view, "data")
datapage.datasets(view)
datapage.bulk(view)
show(specs.data.DATA_DICTIONARY, view)
show(specs.about.RELEASES, view)
show(specs.data.CORRECTIONS, view)
datapage.api_and_feed(view)
datapage.how_to_cite(view)
frame.footer(view)
