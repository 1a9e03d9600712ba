"""Citation context and answer Markdown, on a real seed notice."""

from __future__ import annotations

from pathlib import Path

from ui.citations import context_html, locate, quote_context, to_markdown

SEED = next((Path(__file__).resolve().parents[2] / "corpus" / "seeds").glob("*시군구연고산업육성사업*.txt"))
TEXT = SEED.read_text(encoding="utf-8")
QUOTE = next(line.strip() for line in TEXT.splitlines() if "온라인 접수기간" in line)


def test_locate_prefers_the_given_offsets_and_falls_back_to_search() -> None:
    start = TEXT.index(QUOTE)
    assert locate(TEXT, QUOTE, start, start + len(QUOTE)) == (start, start + len(QUOTE))
    assert locate(TEXT, QUOTE, 0, len(QUOTE)) == (start, start + len(QUOTE))  # stale offsets
    assert locate(TEXT, "이 문장은 공고문에 없습니다") is None


def test_quote_context_cuts_at_lines_and_keeps_the_quote_verbatim() -> None:
    before, quote, after = quote_context(TEXT, QUOTE, radius=120)
    assert quote == QUOTE
    assert before.startswith("…") and after.endswith("…")
    assert (before.lstrip("…") + quote + after.rstrip("…")) in TEXT
    assert len(before) <= 121 and len(after) <= 121


def test_context_html_escapes_and_marks() -> None:
    html = context_html("<b>앞\n", "마감 ~ 18:00", "뒤")
    assert html.count('<mark class="gj-quote">') == 1
    assert "&lt;b&gt;앞<br>" in html and "<b>" not in html


def test_to_markdown_escapes_and_lists_bullets() -> None:
    answer = f"마감은 2024년 12월 27일입니다 [1].\n「공고」의 접수기간 관련 원문입니다:\n• {QUOTE} [1]\n• *주의* [2]"
    md = to_markdown(answer).splitlines()
    assert md[0] == "마감은 2024년 12월 27일입니다 \\[1\\].  "
    assert md[2].startswith("- ") and "\\~" in md[2] and "◦" not in md[2]
    assert md[3] == "- \\*주의\\* \\[2\\]"
