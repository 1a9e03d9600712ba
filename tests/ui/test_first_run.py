"""The progress page while ``giljabi ui`` indexes the corpus on a first start (AppTest on the real app)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assistant.index_progress import IndexProgress, ProgressWriter, clear_progress, read_progress
from ui.first_run import duration_text, progress_lines

APP = Path(__file__).resolve().parents[2] / "ui" / "app.py"


def start_app() -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.fixture
def indexing_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty home whose indexer (this test process) has read 2 of 9 files."""
    home = tmp_path / "home"
    monkeypatch.setenv("GILJABI_HOME", str(home))
    monkeypatch.setenv("GILJABI_CORPUS", str(tmp_path / "corpus"))
    monkeypatch.delenv("GILJABI_API_URL", raising=False)
    return home


def test_the_progress_page_shows_the_file_how_far_and_how_long(indexing_home: Path) -> None:
    writer = ProgressWriter(indexing_home)
    writer.start(9)
    at = start_app()
    assert [s.value for s in at.subheader] == ["처음 실행: 공고문을 색인하는 중입니다"]
    assert not at.tabs  # the index is not opened while it is being built

    writer("2025년_공고문.hwp", 2, 9)
    at.run()
    bar = at.get("progress")[0].proto
    assert bar.text == "파일 3/9 읽는 중: 2025년_공고문.hwp" and bar.value == 22
    assert any(c.value.startswith("경과 ") and "남은 시간 약" in c.value for c in at.caption)

    writer.fail("색인하지 못했습니다: 문서 폴더가 없습니다")
    at.run()
    assert [e.value for e in at.error] == ["색인하지 못했습니다: 문서 폴더가 없습니다"]
    assert not at.get("progress")


@pytest.fixture
def stale_progress(app_env: dict[str, str]) -> Iterator[Path]:
    """The shared test index with a progress file left by an indexer that is gone."""
    home = Path(app_env["GILJABI_HOME"])
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    ProgressWriter(home, pid=int(done.stdout)).start(58)
    yield home
    clear_progress(home)


def test_a_finished_or_abandoned_indexer_leaves_the_app(stale_progress: Path) -> None:
    at = start_app()
    assert len(at.tabs) >= 3 and not at.get("progress")
    ProgressWriter(stale_progress).finish()  # a live writer that has finished: the app too
    at.run()
    assert len(at.tabs) >= 3 and not at.get("progress")


def test_times_read_as_korean_durations() -> None:
    assert [duration_text(s) for s in (4, 125, 3725)] == ["4초", "2분 5초", "1시간 2분"]
    preparing = IndexProgress("running", "", 0, 0, 100.0, 100.0, 1)
    assert progress_lines(preparing, now=103.0) == ("색인을 준비하는 중…", "경과 3초")
    saving = IndexProgress("running", "", 58, 58, 100.0, 100.0, 1)
    assert progress_lines(saving, now=700.0)[0] == "파일 58/58 완료 — 검색 색인을 저장하는 중…"


@pytest.mark.slow
def test_giljabi_ui_shows_the_progress_page_then_the_chat(tmp_path: Path) -> None:
    """`giljabi ui --server.port P` on an empty home: the app is up at once, shows how far the indexing has
    got (file, n of N, elapsed), then turns into the chat by itself."""
    import shutil

    import httpx

    from tests.conftest import SEEDS
    from tests.processes import free_port, running
    from tests.ui.browser import WAIT_MS, chromium, english_texts

    corpus, home = tmp_path / "corpus", tmp_path / "home"
    corpus.mkdir()
    for path in SEEDS.iterdir():
        shutil.copy(path, corpus / path.name)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "GILJABI_HOME": str(home),
        "GILJABI_CORPUS": str(corpus),
        "GILJABI_SPAN_VECTORS": "false",  # no background worker left behind
        "GILJABI_LLM_BASE_URL": "",
    }
    env.pop("GILJABI_API_URL", None)
    command = [sys.executable, "-m", "assistant.cli", "ui", "--server.port", str(port), "--host", "127.0.0.1"]
    with (
        running(
            command,
            ready=lambda: httpx.get(f"{url}/_stcore/health", timeout=2).text == "ok",
            log_path=tmp_path / "giljabi-ui.log",
            name="giljabi ui",
            env=env,
            cwd=Path(__file__).resolve().parents[2],
            timeout=120,
        ),
        chromium() as browser,
    ):
        page = browser.new_page(viewport={"width": 390, "height": 844}, locale="ko-KR")
        page.goto(url, wait_until="domcontentloaded")
        page.get_by_text("처음 실행: 공고문을 색인하는 중입니다").wait_for(timeout=60_000)
        page.get_by_text(re.compile(r"^경과 \d")).first.wait_for(
            timeout=WAIT_MS
        )  # drawn just after the heading
        page.get_by_text(re.compile(rf"^파일 \d/{len(list(corpus.iterdir()))} 읽는 중: ")).wait_for(
            timeout=WAIT_MS
        )
        assert english_texts(page) == []
        page.locator('[data-testid="stChatInputTextArea"]').wait_for(timeout=WAIT_MS)
        assert page.get_by_text("처음 실행").count() == 0
    progress = read_progress(home)
    assert progress is not None and progress.state == "done" and progress.done == progress.total == 4
