"""The bare page of ``python -m bench``: Plotly charts, deck.gl maps and tables of static
data, no query, no database; the floor that Streamlit, Plotly, deck.gl and the grid allow
on this machine for a page with as many of each as a dashboard page.

Why a file that is copied, not imported: the bench serves it with its own Streamlit
process (``streamlit run`` on a copy in a temporary folder, see
:func:`bench.browser.bare_server`); nothing of the dashboard is loaded in that process.

The URL says what to draw: ``c`` Plotly bar charts, ``m`` deck.gl maps, ``d``
``st.dataframe`` grids and ``t`` ``st.table`` tables, shown; ``hc``, ``hm``, ``hd``, ``ht``
as many again inside a collapsed expander (mounted, never drawn, as the dashboard's
"table" expanders under each chart); the same names prefixed with ``n`` are the counts of
the view a click opens. Every chart, map and grid is selectable, and a
selection goes to the next view with ``st.switch_page`` and new query parameters, as a
drill-down of the dashboard does (one run for the selection, one for the new view).
"""

import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk
import streamlit as st

ROWS = 12
KINDS = ("c", "m", "d", "t", "hc", "hm", "hd", "ht")
MAX_PER_KIND = 40
CODES = [f"R{i:02d}" for i in range(ROWS)]
NAMES = [f"region {i}" for i in range(ROWS)]
VALUES = [round(((i * 7) % ROWS + 1) / ROWS, 3) for i in range(ROWS)]
FRAME = pd.DataFrame(
    {
        "name": NAMES,
        "code": CODES,
        "value": VALUES,
        "budget": [1_000_000 + 12_345 * i for i in range(ROWS)],
        "projects": [10 + 3 * i for i in range(ROWS)],
    }
)
# Streamlit's deck.gl component draws no basemap (and fetches no tiles) for this style,
# as on the dashboard's map.
NO_BASEMAP = "__MAP_STYLE__"


def counts(prefix: str = "") -> dict[str, int]:
    """How many of each kind the URL asks for (bounded)."""
    found = {}
    for kind in KINDS:
        raw = st.query_params.get(prefix + kind, "0")
        found[kind] = max(0, min(int(raw), MAX_PER_KIND)) if raw.isdigit() else 0
    return found


def bar_figure() -> go.Figure:
    figure = go.Figure(go.Bar(x=VALUES, y=NAMES, orientation="h", customdata=CODES))
    figure.update_layout(height=420, margin={"l": 10, "r": 10, "t": 10, "b": 10})
    return figure


def deck() -> pdk.Deck:
    """A grid of pickable squares larger than the canvas: any click picks one."""
    features = [
        {
            "type": "Feature",
            "geometry": {
                "type": "Polygon",
                "coordinates": [[[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]]],
            },
            "properties": {"code": CODES[(x * 6 + y) % ROWS]},
        }
        for x in range(-4, 4)
        for y in range(-3, 3)
    ]
    layer = pdk.Layer(
        "GeoJsonLayer",
        id="cells",
        data={"type": "FeatureCollection", "features": features},
        pickable=True,
        filled=True,
        stroked=True,
        get_fill_color=[0, 114, 178, 180],
        get_line_color=[255, 255, 255],
        line_width_min_pixels=1,
    )
    view = pdk.ViewState(latitude=0, longitude=0, zoom=7)
    result = pdk.Deck(layers=[layer], initial_view_state=view, map_provider=None,
                      map_style=None)
    result.map_style = NO_BASEMAP
    return result


def draw(counts: dict[str, int], prefix: str, step: int) -> bool:
    """The charts, maps, grids and tables of ``counts`` (keys ``prefix`` + kind); True
    when one of them holds a selection."""
    chosen = False
    for index in range(counts[prefix + "c"]):
        event = st.plotly_chart(bar_figure(), key=f"{prefix}c{index}-{step}",
                                on_select="rerun", selection_mode="points")
        chosen = chosen or bool(event.selection.points)
    for index in range(counts[prefix + "m"]):
        event = st.pydeck_chart(deck(), height=450, key=f"{prefix}m{index}-{step}",
                                on_select="rerun", selection_mode="single-object")
        chosen = chosen or bool(event.selection.objects)
    for index in range(counts[prefix + "d"]):
        event = st.dataframe(FRAME, hide_index=True, key=f"{prefix}d{index}-{step}",
                             on_select="rerun", selection_mode="single-row")
        chosen = chosen or bool(event.selection.rows)
    for _index in range(counts[prefix + "t"]):
        st.table(FRAME.head(5), hide_index=True)
    return chosen


def bare() -> None:
    st.title("bare")
    now, after = counts(), counts("n")
    raw_step = st.query_params.get("s", "0")
    step = int(raw_step) if raw_step.isdigit() else 0
    chosen = draw(now, "", step)
    if any(now["h" + kind] for kind in "cmdt"):
        with st.expander("hidden", expanded=False):
            draw(now, "h", step)
    if chosen:
        query = {kind: str(after[kind]) for kind in KINDS}
        query.update({f"n{kind}": str(after[kind]) for kind in KINDS})
        query["s"] = str(step + 1)
        st.switch_page(PAGE, query_params=query)


PAGE = st.Page(bare, title="bare", default=True)
st.navigation([PAGE], position="hidden").run()
