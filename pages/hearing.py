"""Hearing (/hearing): presenter mode for a region or a department, one screen per step
(headline, trend, flags, the lagging regions and departments, each flagged item), the
question outline and the brief.

In presenter mode (``present=1``) the screen is all there is: on a 1024x768 projector
the subject's name, its headline figures and its first flag must show without
scrolling. When preparing, the page title comes first, then the same screen, then the
pickers, the question outline and the brief.
"""

from dashboard.ui import frame, hearing

view = hearing.start()
content = hearing.content(view)
hearing.screen(view, content)
hearing.step_nav(view, content)
if not view.present:
    hearing.controls(view)
    hearing.question_outline(view, content)
    hearing.downloads(view, content)
    frame.footer(view)
