"""Thin FastAPI route modules; the app factory lives in ``assistant.api``."""
