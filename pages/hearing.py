"""Hearing (/hearing): presenter mode for a region or a department, one screen per step
(headline, trend, flags, each flagged item), the question outline and the brief."""

from dashboard import frame, hearing

view = hearing.start()
content = hearing.content(view)
if not view.present:
    hearing.controls(view)
hearing.screen(view, content)
hearing.step_nav(view, content)
if not view.present:
    hearing.question_outline(view, content)
    hearing.downloads(view, content)
    frame.footer(view)
