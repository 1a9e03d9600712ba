"""Headless Chromium (Debian's /usr/bin/chromium) driven by Playwright, and what the browser tests read
off a rendered page."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

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
WAIT_MS = 180_000

# Visible texts and tooltips with no Hangul but an English word: Streamlit's own words left untranslated.
# The document texts shown (quotes, answers, code) are data and not looked at; an icon's name is no text.
_ENGLISH_JS = """() => {
  const data = '[translate="no"], code, pre, .gj-context, [data-testid="stChatMessageContent"], ' +
               '[data-testid="stExpanderDetails"], [data-testid="stCode"], style, script, noscript';
  const english = (t) => /[A-Za-z]{3,}/.test(t) && !/[\\uac00-\\ud7a3]/.test(t);
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    const text = walker.currentNode.nodeValue.trim();
    if (el && text && !el.closest(data) && el.checkVisibility() && english(text)) out.push(text);
  }
  for (const el of document.querySelectorAll('[title], [placeholder], [aria-label]')) {
    if (!el.checkVisibility() || el.getAttribute('role') === 'img') continue;
    for (const name of ['title', 'placeholder', 'aria-label']) {
      const value = el.getAttribute(name);
      if (value && english(value) && !value.endsWith(' icon')) out.push(`${name}=${value}`);
    }
  }
  return out;
}"""


def require_chromium() -> None:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM}가 없습니다: `apt-get install -y chromium`으로 설치해야 브라우저 시험을 할 수 있습니다."
        )
    if (
        shutil.which("fc-list")
        and not subprocess.run(
            ["fc-list", ":lang=ko"], capture_output=True, text=True, check=False
        ).stdout.strip()
    ):
        pytest.fail("한글 글꼴이 없습니다: `apt-get install -y fonts-nanum`으로 설치해야 캡처가 읽힙니다.")


@contextmanager
def chromium() -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    require_chromium()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


ENGLISH_LOOKS = 3


def english_texts(page: Page) -> list[str]:
    """Streamlit's words left in English, once the page's Korean-words script has run over the latest changes."""
    page.wait_for_function("() => document.__giljabiKorean === true", timeout=30_000)
    found: list[str] = []
    for _ in range(ENGLISH_LOOKS):
        # an element Streamlit adds during a re-render (a heading's link) is English until the script's next
        # pass over the changes: only what stays English after a few frames is a finding
        page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
        found = list(page.evaluate(_ENGLISH_JS))
        if not found:
            break
        page.wait_for_timeout(200)
    return found


def scroll_main(page: Page, top: int) -> None:
    """Streamlit scrolls its main area, not the document."""
    page.evaluate(f"document.querySelector('[data-testid=stMain]').scrollTop = {top}")


def capture(page: Page, path: Path, max_height: int = 2400) -> None:
    """A screenshot of the whole page (Streamlit's main area grown to its content, up to ``max_height``)."""
    viewport = page.viewport_size
    assert viewport is not None
    height = page.evaluate("document.querySelector('[data-testid=stMain]').scrollHeight")
    page.set_viewport_size(
        {"width": viewport["width"], "height": min(max(height, viewport["height"]), max_height)}
    )
    page.wait_for_timeout(500)
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path))
    page.set_viewport_size(viewport)
