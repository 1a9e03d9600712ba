"""Stored Kiwi analyses: the file beside a document, and the table the answer path looks texts up in (real
Kiwi over a real seed file read into the docstore)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.docstore import DocStore
from ingest.korean import analyser_id
from ingest.span_analyses import analyse_document, long_lines, token_texts
from ingest.stored_analyses import (
    ANALYSES_VERSION,
    SUFFIX,
    SpanAnalyses,
    StoredAnalyses,
    read_header,
    text_key,
)
from tests.conftest import SEEDS, keywords_home

SMALL = SEEDS / "2025-01-24_보도자료_지역혁신선도기업육성_RnD_본격_추진.txt"


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return keywords_home(tmp_path_factory, SMALL)


def _doc(home: Path) -> str:
    return next(p.stem for p in (home / "docs").glob("*.txt"))


def test_store_round_trip_header_and_damage(home: Path) -> None:
    store = DocStore(home)
    doc_id = _doc(home)
    assert store.span_analyses(doc_id) is None and not store.has_span_analyses(doc_id, analyser_id())
    stored = store.get(doc_id)
    analyses = analyse_document(stored.chunks, stored.doc.text)
    assert analyses.tokens and analyses.sentences
    store.put_span_analyses(doc_id, analyses)
    assert store.has_span_analyses(doc_id, analyser_id())
    assert not store.has_span_analyses(doc_id, "another analyser")  # written by other code: computed again
    header = read_header(store.analyses_path(doc_id))
    assert header is not None and header[0] == ANALYSES_VERSION and header[1] == analyser_id()
    back = store.span_analyses(doc_id)
    assert back == analyses
    path = store.analyses_path(doc_id)
    saved = path.read_bytes()
    path.write_text("{not json", encoding="utf-8")
    assert store.span_analyses(doc_id) is None and not store.has_span_analyses(doc_id, analyser_id())
    path.write_bytes(saved)


def test_the_table_reads_a_document_on_first_use_and_again_after_a_retry(home: Path) -> None:
    store = DocStore(home)
    doc_id = _doc(home)
    stored = store.get(doc_id)
    texts = token_texts(stored.chunks, stored.doc.text)
    lines = long_lines(stored.chunks)
    assert texts and lines
    path = store.analyses_path(doc_id)
    saved = path.read_bytes() if path.exists() else None
    path.unlink(missing_ok=True)
    table = StoredAnalyses()
    table.offer(store.root, [doc_id])
    assert table.token_set(texts[0]) is None  # offered, not read
    assert table.load([doc_id]) == 0 and len(table) == 0  # no file yet: Kiwi answers
    analyses = analyse_document(stored.chunks, stored.doc.text)
    store.put_span_analyses(doc_id, analyses)
    assert table.load([doc_id]) == 0  # not looked for again until the worker may have written it …
    table.retry_missing()
    assert table.load([doc_id]) == 1  # … and then read
    assert table.load([doc_id]) == 0  # once
    assert all(table.token_set(t) is not None for t in texts)
    assert all(table.line_sentences(line) is not None for line in lines)
    assert table.token_set("문서에 없는 가나다 문장") is None
    if saved is not None:
        path.write_bytes(saved)


def test_a_file_of_other_analysis_code_is_not_read(home: Path) -> None:
    store = DocStore(home)
    doc_id = _doc(home)
    stored = store.get(doc_id)
    analyses = analyse_document(stored.chunks, stored.doc.text)
    other = SpanAnalyses(analyses.tokens, analyses.sentences, "kiwipiepy 0.0.0 other", analyses.spans_version)
    store.put_span_analyses(doc_id, other)
    table = StoredAnalyses()
    table.offer(store.root, [doc_id])
    assert table.load([doc_id]) == 0 and len(table) == 0
    store.put_span_analyses(doc_id, analyses)
    store.put_span_analyses("gone", analyses)
    assert (store.root / f"gone{SUFFIX}").exists()
    store.remove("gone")  # a removed document takes its analyses along
    assert not (store.root / f"gone{SUFFIX}").exists()


def test_the_least_recently_used_document_makes_room(home: Path) -> None:
    from assistant.evidence import span_token_set

    store = DocStore(home)
    doc_id = _doc(home)
    stored = store.get(doc_id)
    store.put_span_analyses(doc_id, analyse_document(stored.chunks, stored.doc.text))
    texts = token_texts(stored.chunks, stored.doc.text)
    made_up = "가나다 지원사업 신청 기간 안내"
    other = SpanAnalyses({text_key(made_up): span_token_set(made_up)}, {}, analyser_id(), 1)
    store.put_span_analyses("other", other)
    table = StoredAnalyses(max_docs=1)
    table.offer(store.root, [doc_id, "other"])
    assert table.load([doc_id]) == 1 and table.token_set(texts[0]) is not None
    assert table.load(["other"]) == 1  # holds one document: the first one is forgotten …
    assert table.token_set(texts[0]) is None and table.token_set(made_up) == span_token_set(made_up)
    assert table.load([doc_id]) == 1  # … and read again when needed
    assert table.token_set(texts[0]) is not None and table.token_set(made_up) is None
