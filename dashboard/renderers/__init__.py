"""Renderers of chart declarations outside Streamlit: the HTML embed, SVG maps,
downloadable files, pydeck maps and the brief. No Streamlit import.
"""
