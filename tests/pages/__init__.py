"""The Streamlit pages through Streamlit's AppTest: every page, URL parameters, literal
text.
"""
