"""The real app in a real browser: `streamlit run` on a free port, headless Chromium via Playwright.

Walks the four pages as a user would, at laptop width (1280 px) and on a phone (390 px): asks a question
in 상담 and opens its first citation, looks a program up in 상담원, reads 문서, runs a small evaluation in
평가. On every page: no English left from Streamlit, no line turned into a list, nothing cut off at the
side. Saves ``chat.png``, ``agent.png``, ``documents.png``, ``eval.png`` (and ``-narrow`` versions) into a
temporary folder, so the test suite leaves tracked files alone; ``GILJABI_REFRESH_SCREENSHOTS=1`` saves
them into ``docs/screenshots/`` instead (the pictures the README shows).
Needs Debian's ``chromium`` at /usr/bin/chromium and a Korean font (``fonts-nanum``).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest

from assistant.commands.ui import streamlit_args
from tests.processes import free_port, running
from tests.ui.browser import WAIT_MS, capture, chromium, english_texts, require_chromium, scroll_main

if TYPE_CHECKING:
    from playwright.sync_api import Page

REPO = Path(__file__).resolve().parents[2]
DOC_SHOTS = REPO / "docs" / "screenshots"
REFRESH_ENV = "GILJABI_REFRESH_SCREENSHOTS"
QUESTION = "시군구연고산업육성사업 접수 마감이 언제예요?"
EVAL_QUESTIONS = 30

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def app_url(built_home: Path, sample_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    require_chromium()
    port = free_port()
    env = {
        **os.environ,
        "GILJABI_HOME": str(built_home),
        "GILJABI_CORPUS": str(sample_corpus),
        "GILJABI_TODAY": "2024-12-23",
        "GILJABI_LLM_BASE_URL": "",
        "GILJABI_ADMIN_TOKEN": "",
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


@pytest.fixture(scope="module")
def eval_set(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small dataset written here (enough questions that the run lasts while the test looks)."""
    path = tmp_path_factory.mktemp("eval") / "질문모음.jsonl"
    rows = [
        {"id": f"q{i}", "doc": "연고산업", "type": "deadline", "question": QUESTION, "facts": [["12월 27일"]]}
        for i in range(EVAL_QUESTIONS)
    ]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def in_width(page: Page, selector: str, width: int) -> None:
    box = page.locator(selector).first.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width + 1, (selector, box)


def assert_distinct_labels(page: Page) -> None:
    """No two citation labels read alike (without their numbers)."""
    summaries = page.locator('[role="tabpanel"]:visible [data-testid="stExpander"] summary')
    summaries.first.wait_for(timeout=WAIT_MS)
    texts = summaries.all_inner_texts()
    labels = [re.sub(r"^\[\d+\]\s*", "", t.strip().splitlines()[-1]) for t in texts]
    assert labels and len(set(labels)) == len(labels), labels


def open_tab(page: Page, name: str) -> None:
    page.get_by_role("tab", name=re.compile(name)).click()
    page.wait_for_timeout(500)


def chat_page(page: Page, width: int, height: int, shot: Path) -> None:
    box = page.locator('[data-testid="stChatInputTextArea"]')
    box.wait_for(timeout=WAIT_MS)
    assert english_texts(page) == []
    box.fill(QUESTION)
    box.press("Enter")
    summaries = page.locator('[data-testid="stExpander"] summary')
    first = summaries.filter(has_text="[1]").first
    first.wait_for(timeout=WAIT_MS)
    assert "12월 27일" in page.locator('[data-testid="stChatMessage"]').nth(1).inner_text()
    assert_distinct_labels(page)

    first.click()
    quote = page.locator("mark.gj-quote").first
    quote.wait_for(state="visible", timeout=30_000)
    # the highlighted quote shows in the top half of its box, not below the box's visible part
    offset, visible = quote.evaluate(
        "m => { const box = m.closest('.gj-context');"
        " return [m.getBoundingClientRect().top - box.getBoundingClientRect().top, box.clientHeight]; }"
    )
    assert 0 <= offset < visible / 2, (offset, visible)
    # the chat input stays pinned at the bottom of the screen, wherever the conversation is scrolled
    scroll_main(page, 0)
    page.wait_for_timeout(300)
    input_box = page.locator('[data-testid="stChatInput"]').bounding_box()
    assert input_box is not None and input_box["y"] + input_box["height"] <= height, input_box
    in_width(page, '[data-testid="stChatInput"]', width)
    assert english_texts(page) == []
    quote.scroll_into_view_if_needed()
    capture(page, shot)


def agent_page(page: Page, width: int, shot: Path) -> None:
    open_tab(page, "상담원")
    page.get_by_label("질문 또는 사업명").fill("시군구연고산업육성사업 마감일")
    page.get_by_role("button", name="찾기").click()
    page.get_by_text("낭독용 안내문").wait_for(timeout=WAIT_MS)
    panel = page.locator('[role="tabpanel"]:visible')
    assert panel.locator("ol").count() == 0  # dates at a line's start are not list numbers
    assert_distinct_labels(page)
    period = panel.get_by_text(re.compile(r"^2024\. 12\. 16\.")).first
    period.wait_for()
    box = period.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width + 1
    assert english_texts(page) == []
    capture(page, shot)


def documents_page(page: Page, width: int, shot: Path) -> None:
    open_tab(page, "문서")
    refused = page.locator('[data-testid="stAlert"]', has_text="DRM").first
    refused.wait_for()
    in_width(page, '[data-testid="stAlert"]:has-text("DRM")', width)
    assert page.get_by_text("업로드가 꺼져 있습니다").is_visible()  # said before any token or file
    assert english_texts(page) == []
    capture(page, shot)


def eval_page(page: Page, dataset: Path, shot: Path) -> None:
    open_tab(page, "평가")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(dataset))
    page.get_by_text(dataset.name).wait_for()
    assert english_texts(page) == []
    page.get_by_role("button", name="평가 실행").click()
    page.locator('[data-testid="stProgress"]').wait_for(timeout=WAIT_MS)
    chat = page.locator('[data-testid="stChatInputTextArea"]')
    assert chat.is_disabled()  # a question now would cancel the run
    page.get_by_text("유형별").wait_for(timeout=WAIT_MS)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=stChatInputTextArea]').disabled", timeout=30_000
    )
    assert english_texts(page) == []
    capture(page, shot)


def walk(url: str, width: int, height: int, shots: Path, dataset: Path, suffix: str) -> None:
    with chromium() as browser:
        page = browser.new_page(viewport={"width": width, "height": height}, locale="ko-KR")
        page.goto(url, wait_until="domcontentloaded")
        chat_page(page, width, height, shots / f"chat{suffix}.png")
        agent_page(page, width, shots / f"agent{suffix}.png")
        documents_page(page, width, shots / f"documents{suffix}.png")
        eval_page(page, dataset, shots / f"eval{suffix}.png")
    for name in ("chat", "agent", "documents", "eval"):
        assert (shots / f"{name}{suffix}.png").stat().st_size > 10_000


def test_four_pages_on_a_laptop(app_url: str, shots: Path, eval_set: Path) -> None:
    walk(app_url, 1280, 1000, shots, eval_set, "")


def test_four_pages_on_a_phone(app_url: str, shots: Path, eval_set: Path) -> None:
    walk(app_url, 390, 844, shots, eval_set, "-narrow")
