"""Citation context and answer Markdown, on a real seed notice."""

from __future__ import annotations

import re
from pathlib import Path

from assistant.types import Citation
from ui.citations import (
    BEFORE_CHARS,
    BEFORE_LINES,
    citation_labels,
    context_html,
    locate,
    md_escape,
    quote_context,
    to_markdown,
)

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


def test_lines_that_look_like_lists_stay_text() -> None:
    """A date or numbered heading at the start of a line would become an ordered list (outside a card's
    border, its number cut off on a phone); a leading dash a bullet or a rule."""
    for text in ("2025. 4. 17.(목) 18:00", "1. 신청자격", "3) 제출서류", "- 부칙", "---"):
        escaped = md_escape(text)
        assert not re.match(r"\s*\d+[.)]\s", escaped) and not escaped.startswith(("- ", "---"))
        assert escaped.replace("\\", "") == text
    assert md_escape("마감 2025. 4. 17.") == "마감 2025. 4. 17."  # inside a line nothing changes


def test_answer_bullets_drop_the_notices_own_markers() -> None:
    answer = "• ◦ 온라인 접수 [1]\n• * 중소기업 재직자 대상 [2]\n• 1. 지원대상 [1]\n• - * (현행) 2+2 [3]"
    lines = to_markdown(answer).splitlines()
    assert lines == [
        "- 온라인 접수 \\[1\\]",
        "- 중소기업 재직자 대상 \\[2\\]",
        "- 1\\. 지원대상 \\[1\\]",  # no list nested in the bullet
        "- (현행) 2+2 \\[3\\]",
    ]


def test_citations_of_one_place_get_distinct_labels() -> None:
    start = TEXT.index(QUOTE)
    other = next(line.strip() for line in TEXT.splitlines() if "공고기간" in line)
    same = dict(doc_id="d", source="a.txt", title="공고", page=17, section="3. 환수금 등")
    cites = [
        Citation(n=1, quote=QUOTE, start=start, end=start + len(QUOTE), **same),
        Citation(n=2, quote=other, **same),
        Citation(n=3, doc_id="d", source="a.txt", title="공고", page=18, section="4. 기타", quote="기타"),
    ]
    longer = f"{QUOTE} (기한 엄수)"  # shares its first words with [1]
    cites += [Citation(n=4, quote=longer, **same), Citation(n=5, quote=f" {QUOTE} ", **same)]
    labels = citation_labels(cites)
    assert len({label.split(" ", 1)[1] for label in labels}) == 5  # distinct without the [n]
    assert labels[3].endswith("(기한 엄수)」") and labels[0].endswith("18:00까지」")  # their last words
    assert labels[4].endswith("「\\[1\\]번과 같은 구절」")  # the same words as [1]
    assert labels[0].startswith("[1] 공고 · 17쪽 · 3\\. 환수금 등 · 「")
    assert "공고기간" in labels[1]
    assert labels[2] == "[3] 공고 · 18쪽 · 4\\. 기타"  # alone in its place: no quote needed


def test_the_quote_comes_after_at_most_two_lines_of_context() -> None:
    start = TEXT.index(QUOTE)
    before, quote, _ = quote_context(TEXT, QUOTE, start, start + len(QUOTE))
    assert quote == QUOTE
    assert before.count("\n") <= BEFORE_LINES and len(before) <= BEFORE_CHARS + 1
