"""The real app in a real browser: `streamlit run` on a free port, headless Chromium via Playwright.

Asks a question in the chat, waits for the streamed answer and its citations, opens the first citation
and saves ``chat.png`` (laptop width) and ``chat-narrow.png`` (phone) into a temporary folder, so the test
suite leaves tracked files alone. ``GILJABI_REFRESH_SCREENSHOTS=1`` saves them into ``docs/screenshots/``
instead (the pictures the README shows).
Needs Debian's ``chromium`` at /usr/bin/chromium and a Korean font (``fonts-nanum``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from assistant.commands.ui import streamlit_args
from tests.processes import free_port, running

REPO = Path(__file__).resolve().parents[2]
DOC_SHOTS = REPO / "docs" / "screenshots"
REFRESH_ENV = "GILJABI_REFRESH_SCREENSHOTS"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]
QUESTION = "시군구연고산업육성사업 접수 마감이 언제예요?"
WAIT_MS = 180_000

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def app_url(built_home: Path, sample_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM}가 없습니다: `apt-get install -y chromium`으로 설치해야 화면 캡처 시험을 할 수 있습니다."
        )
    if (
        shutil.which("fc-list")
        and not subprocess.run(
            ["fc-list", ":lang=ko"], capture_output=True, text=True, check=False
        ).stdout.strip()
    ):
        pytest.fail("한글 글꼴이 없습니다: `apt-get install -y fonts-nanum`으로 설치해야 캡처가 읽힙니다.")
    home, corpus = built_home, sample_corpus
    port = free_port()
    env = {
        **os.environ,
        "GILJABI_HOME": str(home),
        "GILJABI_CORPUS": str(corpus),
        "GILJABI_TODAY": "2024-12-23",
        "GILJABI_LLM_BASE_URL": "",
    }
    env.pop("GILJABI_API_URL", None)
    url = f"http://127.0.0.1:{port}"
    with running(
        streamlit_args(port, "127.0.0.1"),
        ready=lambda: httpx.get(f"{url}/_stcore/health", timeout=2).text == "ok",
        log_path=tmp_path_factory.mktemp("streamlit") / "streamlit.log",
        name="streamlit",
        env=env,
        cwd=REPO,
        timeout=90,
    ):
        yield url


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    """Where screenshots go: docs/screenshots/ when refreshing them on purpose, a temporary folder otherwise."""
    return DOC_SHOTS if os.environ.get(REFRESH_ENV) == "1" else tmp_path


def ask_and_capture(url: str, width: int, height: int, shot: Path) -> tuple[str, str]:
    """Ask QUESTION, open citation [1], save a screenshot; return (answer text, highlighted quote)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": height}, locale="ko-KR")
            page.goto(url, wait_until="domcontentloaded")
            box = page.locator('[data-testid="stChatInputTextArea"]')
            box.wait_for(timeout=WAIT_MS)
            box.fill(QUESTION)
            box.press("Enter")
            first_citation = page.locator('[data-testid="stExpander"] summary', has_text="[1]").first
            first_citation.wait_for(timeout=WAIT_MS)
            answer = page.locator('[data-testid="stChatMessage"]').nth(1)
            answer_text = answer.inner_text()
            first_citation.click()
            quote = page.locator("mark.gj-quote").first
            quote.wait_for(state="visible", timeout=30_000)
            quote.scroll_into_view_if_needed()
            shot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(shot), full_page=True)
            return answer_text, quote.inner_text()
        finally:
            browser.close()


def test_chat_screenshot_laptop(app_url: str, shots: Path) -> None:
    shot = shots / "chat.png"
    answer, quote = ask_and_capture(app_url, 1280, 1000, shot)
    assert "12월 27일" in answer
    assert "[1]" in answer  # citation label under the answer
    assert "접수" in quote or "2024" in quote
    assert shot.stat().st_size > 20_000


def test_chat_screenshot_narrow(app_url: str, shots: Path) -> None:
    shot = shots / "chat-narrow.png"
    answer, quote = ask_and_capture(app_url, 390, 844, shot)
    assert "12월 27일" in answer and quote
    assert shot.stat().st_size > 10_000
