"""Candidate answer spans over the real 연고산업 notice (corpus/seeds)."""

import pytest

from ingest.spans import (
    list_spans,
    sentence_spans,
)
from tests.conftest import notice_chunk


@pytest.fixture(scope="module")
def text(notice_text: str) -> str:
    return notice_text


def test_spans_are_offsets_into_the_document(text: str) -> None:
    start = text.index("6. 신청기간")
    chunk = notice_chunk(text, start, start + 800)
    spans = sentence_spans(chunk, text) + list_spans(chunk)
    assert spans
    for s, e in spans:
        assert start <= s < e
    assert any("18:00" in text[s:e] for s, e in spans)


def test_a_category_label_over_bullets_is_one_list(text: str) -> None:
    """ "사업화 지원" heads seven bullets in the notice's program table; the last one is 팝업스토어."""
    start = text.index("□ 세부 지원프로그램")
    chunk = notice_chunk(text, start, start + 900)
    lists = [text[s:e] for s, e in list_spans(chunk)]
    commercial = [s for s in lists if s.startswith("사업화 지원")]
    assert commercial and "팝업스토어" in commercial[0] and "해외 바이어" in commercial[0]
    assert "기업지원 절차" not in commercial[0]  # the list stops where the bullets stop
