"""Renderers of chart declarations outside Streamlit: the HTML embed, SVG maps,
downloadable files and the brief. No Streamlit import. (The page's pydeck map is the
region map declaration's figure: ``dashboard.specs.maps`` builds it.)
"""
