"""Hearing (/hearing): presenter mode for a region or a department, one screen per step
(headline, trend, flags, the result-application ledger, the lagging regions and
departments, each flagged project, the questions asked so far), the question outline
and the brief.

In presenter mode (``present=1``) the screen is all there is, its step links on top: on
a 1024x768 projector every screen shows without scrolling. When preparing, the page
title comes first, then the same screen and its step links, then the pickers, the
question outline and the brief.
"""

from dashboard.ui import frame, hearing

view = hearing.start()
content = hearing.content(view)
if view.present:
    hearing.step_nav(view, content)
hearing.screen(view, content)
if not view.present:
    hearing.step_nav(view, content)
    hearing.controls(view)
    hearing.question_outline(view, content)
    hearing.downloads(view, content)
    frame.footer(view)
