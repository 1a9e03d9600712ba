"""The page shown while ``giljabi ui`` indexes the bundled corpus on a first start.

It reads the progress file (``assistant.index_progress``) every few seconds and turns into the app
when the index is ready.
"""

from __future__ import annotations

import time
from pathlib import Path

import streamlit as st

from assistant.index_progress import IndexProgress, read_progress
from ui.citations import md_escape

POLL_SECONDS = 2.0


def duration_text(seconds: float) -> str:
    """``125`` → ``2분 5초``; ``3725`` → ``1시간 2분``."""
    total = int(round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}시간 {minutes}분"
    if minutes:
        return f"{minutes}분 {secs}초"
    return f"{secs}초"


def progress_lines(progress: IndexProgress, now: float | None = None) -> tuple[str, str]:
    """(bar text, timing caption) for a running snapshot."""
    if progress.total == 0 and not progress.file:
        bar = "색인을 준비하는 중…"
    elif progress.file:
        bar = f"파일 {progress.done + 1}/{progress.total} 읽는 중: {progress.file}"
    else:
        bar = f"파일 {progress.done}/{progress.total} 완료 — 검색 색인을 저장하는 중…"
    timing = f"경과 {duration_text(progress.elapsed(now))}"
    left = progress.remaining(now)
    if left is not None:
        timing += f" · 남은 시간 약 {duration_text(left)} (지금까지의 속도로 예상)"
    return bar, timing


def render_first_run(home: Path, progress: IndexProgress) -> None:
    """The waiting page: what is indexed, how far along, how long it has taken."""
    if progress.state == "failed":
        st.error(md_escape(progress.error or "색인하지 못했습니다."), icon=":material/error:")
        st.caption("터미널의 메시지를 확인한 뒤 `giljabi ui`를 다시 실행해 주세요.")
        return
    st.subheader("처음 실행: 공고문을 색인하는 중입니다")
    st.markdown(
        "동봉된 공고문을 한 번 읽어 검색 색인을 만들고 있습니다. 끝나면 이 화면이 **상담** 화면으로 "
        "바뀝니다. 다음 실행부터는 몇 초 안에 열립니다."
    )
    _live(home)


@st.fragment(run_every=POLL_SECONDS)
def _live(home: Path) -> None:
    progress = read_progress(home)
    if progress is None or not progress.active() or progress.state != "running":
        st.rerun(scope="app")  # ready (or the indexer stopped): show the app
        return
    bar, timing = progress_lines(progress, time.time())
    st.progress(progress.fraction(), text=bar)
    st.caption(timing)
