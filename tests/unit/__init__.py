"""Unit tests of the Streamlit-free core, the chart declarations and the renderers: no
database server, no browser.
"""
