"""Whether an evaluation runs in the browser tab's current script run.

An eval run is one long script run: any other input (a chat question, a lookup) would start a new run
and silently cancel it. While it runs, the other inputs are disabled and the page is locked (``lock``).
"""

from __future__ import annotations

import streamlit as st

EVAL_RUN_KEY = "eval_run"  # the key of the eval page's "평가 실행" button
LOCK_CSS = (
    "<style>[data-testid='stTabs'] [role='tabpanel'] { pointer-events: none; cursor: progress; }"
    " [data-testid='stChatInput'] { pointer-events: none; opacity: 0.5; }</style>"
)


def eval_running() -> bool:
    """True during the run that the "평가 실행" click started (a button is True for that one run)."""
    return bool(st.session_state.get(EVAL_RUN_KEY))


def lock() -> None:
    """Block clicks in every tab until the run ends (the style goes away with the next run)."""
    st.html(LOCK_CSS)
