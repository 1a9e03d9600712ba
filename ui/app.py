"""길잡이 Streamlit app: 상담 (SME chat), 상담원 (1357 agent lookup), 문서, 평가.

Run with ``giljabi ui`` (or ``streamlit run ui/app.py``). Uses the Assistant in-process, or the HTTP
API when ``GILJABI_API_URL`` is set (see ``ui.backend``).
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from pathlib import Path

if importlib.util.find_spec("ui") is None:  # `streamlit run ui/app.py` from a source checkout
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import streamlit as st

from assistant.index_progress import read_progress
from assistant.settings import Settings
from ui import chrome_ko
from ui.agent import render_agent
from ui.backend import Backend, BackendError, make_backend
from ui.chat import render_chat
from ui.documents import render_documents
from ui.first_run import render_first_run

CSS = Path(__file__).with_name("style.css")


@st.cache_resource(show_spinner="색인을 여는 중…")
def _backend_for(settings_json: str) -> Backend:
    return make_backend(Settings.model_validate_json(settings_json))


def get_backend(settings: Settings | None = None) -> Backend:
    """One backend per distinct configuration (environment and ``.env``), shared by all sessions."""
    return _backend_for((settings or Settings()).model_dump_json())


def _eval_page() -> object | None:
    """``ui.eval_page.render_eval_page`` when that optional module is present."""
    if importlib.util.find_spec("ui.eval_page") is None:
        return None
    return getattr(importlib.import_module("ui.eval_page"), "render_eval_page", None)


def main() -> None:
    st.set_page_config(
        page_title="길잡이 — 중소기업 지원사업 도우미", page_icon=":material/explore:", layout="centered"
    )
    if CSS.exists():
        st.html(f"<style>{CSS.read_text(encoding='utf-8')}</style>")
    chrome_ko.install()  # first, so that Streamlit's words are Korean from the start
    render_page()


def render_page() -> None:
    st.title(":material/explore: 길잡이")
    st.caption("중소기업 지원사업 공고문에 근거해 답하고, 출처 문장을 함께 보여 드립니다.")
    settings = Settings()
    progress = None if settings.api_url else read_progress(settings.home)
    if progress is not None and progress.active():  # `giljabi ui` is still indexing the corpus
        render_first_run(settings.home, progress)
        return
    backend = get_backend(settings)
    try:
        documents, chunks = backend.stats()
    except BackendError as exc:
        st.error(exc.reason)
        return
    if documents == 0:
        st.warning(
            "색인된 문서가 없습니다. `giljabi ingest`로 공고문을 먼저 색인해 주세요.",
            icon=":material/warning:",
        )
    render_eval = _eval_page()
    labels = [":material/chat: 상담", ":material/support_agent: 상담원", ":material/description: 문서"]
    labels += [":material/analytics: 평가"] if render_eval else []
    tabs = st.tabs(labels)
    with tabs[0]:
        render_chat(backend)
    with tabs[1]:
        render_agent(backend)
    with tabs[2]:
        render_documents(backend)
    if render_eval:
        with tabs[3]:
            render_eval(backend)  # type: ignore[operator]
    st.caption(
        f"문서 {documents}개 · 구절 {chunks}개 · 기준일 {backend.today:%Y-%m-%d} · 중소기업 통합콜센터 1357"
    )


main()
