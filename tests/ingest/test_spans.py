"""Candidate answer spans over the real 연고산업 notice (corpus/seeds) and the text the re-rank reads."""

import pytest

from ingest.spans import (
    SIMILARITY_CHARS,
    list_spans,
    sentence_spans,
    similarity_text,
    similarity_texts,
    span_key,
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


def test_similarity_text_collapses_whitespace_and_caps_length() -> None:
    assert similarity_text("  ◦ 온라인 접수기간 :\n 2024.12.16.  ") == "◦ 온라인 접수기간 : 2024.12.16."
    assert len(similarity_text("가 " * 1000)) == SIMILARITY_CHARS


def test_span_keys_are_stable_and_distinct() -> None:
    assert span_key("접수기간") == span_key("접수기간")
    assert span_key("접수기간") != span_key("신청기간")
    assert len(span_key("접수기간")) == 16


def test_a_document_yields_each_similarity_text_once(text: str) -> None:
    chunks = [
        notice_chunk(text, 0, len(text) // 2),
        notice_chunk(text, len(text) // 2 - 300, len(text)),
    ]  # overlapping
    texts = similarity_texts(chunks, text)
    assert len(texts) == len(set(texts)) > 50
    assert all(len(t) >= 4 for t in texts)
    assert any("2024.12.27" in t for t in texts)


def test_a_category_label_over_bullets_is_one_list(text: str) -> None:
    """ "사업화 지원" heads seven bullets in the notice's program table; the last one is 팝업스토어."""
    start = text.index("□ 세부 지원프로그램")
    chunk = notice_chunk(text, start, start + 900)
    lists = [text[s:e] for s, e in list_spans(chunk)]
    commercial = [s for s in lists if s.startswith("사업화 지원")]
    assert commercial and "팝업스토어" in commercial[0] and "해외 바이어" in commercial[0]
    assert "기업지원 절차" not in commercial[0]  # the list stops where the bullets stop
