"""Streamlit UI (thin adapter over the assistant or the HTTP API). Entry point: ``ui/app.py``."""
