"""Streamlit UI components shared by the pages (the only layer that imports streamlit)."""
