"""The server settles its heap at start: the pages' modules imported, then frozen out of
full garbage collections (``dashboard.server.settle_heap``), and Streamlit's full
collection after every page run is off (``streamlit_config/config.toml``).

Why tested: under the soak test's load each full collection walked ~400,000 start-up
objects with the interpreter lock held, 1-4 s during which no request of the process
ran (docs/operations.md, "Under load").
"""

from __future__ import annotations

import gc
import sys

from dashboard.launch import build_argv


def test_streamlit_runs_no_full_collection_after_each_page_run() -> None:
    assert "--runner.postScriptGC=false" in build_argv([])


def test_settle_heap_freezes_what_the_pages_import() -> None:
    from dashboard.server import settle_heap  # builds the ASGI app: only when run

    gc.unfreeze()
    try:
        settle_heap()
        assert "dashboard.ui.panels" in sys.modules
        frozen = gc.get_freeze_count()
        # The objects alive before the freeze (a page module's functions among them) are
        # no longer among those a collection walks.
        panels = sys.modules["dashboard.ui.panels"]
        assert frozen > 100_000
        walked = {id(o) for o in gc.get_objects()}
        assert id(panels.__dict__) not in walked
        created_after = {"one": [1]}
        assert id(created_after) in {id(o) for o in gc.get_objects()}
    finally:
        gc.unfreeze()
