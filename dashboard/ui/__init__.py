"""The Streamlit side: page frame, navigation, URL state, the Streamlit renderer of chart
declarations and the page parts.
"""
