"""Hearing (/hearing): presenter mode for a region or a department, one screen per step
(headline, trend, flags, the lagging regions and departments, each flagged item), the
question outline and the brief.

The screen comes first, before the title and the pickers: on a 1024x768 projector the
subject's name, its headline figures and its first flag must show without scrolling,
and the pickers are for preparing the hearing, not for presenting it.
"""

from dashboard import frame, hearing

view = hearing.start()
content = hearing.content(view)
hearing.screen(view, content)
hearing.step_nav(view, content)
if not view.present:
    hearing.controls(view)
    hearing.question_outline(view, content)
    hearing.downloads(view, content)
    frame.footer(view)
