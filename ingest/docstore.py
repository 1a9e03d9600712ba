"""Content-addressed store of extracted documents: text, pages, chunks and keyword tokens by doc_id.

Files are written once per doc_id (sha256 of the bytes), so unchanged documents cost nothing on
re-ingest and an interrupted ingest never damages what the current catalog points to.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ingest.chunk import CHUNKS_VERSION
from ingest.span_vectors import SpanVectors
from ingest.spans import SPANS_VERSION
from ingest.stored_analyses import ANALYSES_VERSION, SUFFIX, SpanAnalyses, read_header, write
from ingest.types import Chunk, SourceDoc


@dataclass(frozen=True)
class StoredDoc:
    doc: SourceDoc
    chunks: tuple[Chunk, ...]
    tokens: tuple[tuple[str, ...], ...]


def _atomic_write(path: Path, data: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_text(data, encoding="utf-8")
    os.replace(tmp, path)


def _version(data: Any) -> int:
    """The span definitions a stored file was computed for (files from before versions existed: 1)."""
    return int(data["version"]) if "version" in data.files else 1


class DocStore:
    def __init__(self, home: Path) -> None:
        self.root = home / "docs"
        self.root.mkdir(parents=True, exist_ok=True)

    def has(self, doc_id: str) -> bool:
        """Whether the document is stored, chunked the way the current code chunks it."""
        path = self.root / f"{doc_id}.json"
        if not path.exists():
            return False
        try:
            meta = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False  # a damaged record: analyse the file again
        return int(meta.get("chunks_version", 1)) == CHUNKS_VERSION

    def put(self, stored: StoredDoc) -> None:
        doc = stored.doc
        _atomic_write(self.root / f"{doc.doc_id}.txt", doc.text)
        meta = {
            "chunks_version": CHUNKS_VERSION,
            "doc_id": doc.doc_id,
            "source": doc.source,
            "title": doc.title,
            "format": doc.format,
            "pages": doc.pages,
            "page_starts": list(doc.page_starts),
            "chunks": [
                {"chunk_id": c.chunk_id, "page": c.page, "section": c.section, "start": c.start, "end": c.end}
                for c in stored.chunks
            ],
            "tokens": [list(t) for t in stored.tokens],
        }
        _atomic_write(self.root / f"{doc.doc_id}.json", json.dumps(meta, ensure_ascii=False))

    def text(self, doc_id: str) -> str:
        path = self.root / f"{doc_id}.txt"
        if not path.exists():
            raise KeyError(doc_id)
        return path.read_text(encoding="utf-8")

    def get(self, doc_id: str, source: str | None = None) -> StoredDoc:
        meta_path = self.root / f"{doc_id}.json"
        if not meta_path.exists():
            raise KeyError(doc_id)
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        text = self.text(doc_id)
        src = source or meta["source"]
        doc = SourceDoc(
            doc_id=doc_id,
            source=src,
            title=meta["title"],
            format=meta["format"],
            pages=meta["pages"],
            text=text,
            page_starts=tuple(meta["page_starts"]),
        )
        chunks = tuple(
            Chunk(
                chunk_id=c["chunk_id"],
                doc_id=doc_id,
                source=src,
                title=doc.title,
                page=c["page"],
                section=c["section"],
                start=c["start"],
                end=c["end"],
                text=text[c["start"] : c["end"]],
            )
            for c in meta["chunks"]
        )
        return StoredDoc(doc, chunks, tuple(tuple(t) for t in meta["tokens"]))

    def keyword_rows(self, doc_id: str) -> tuple[list[str], list[tuple[str, ...]]]:
        """The document's chunk ids and their keyword tokens (what the BM25 index is built from), without
        reading its text."""
        meta_path = self.root / f"{doc_id}.json"
        if not meta_path.exists():
            raise KeyError(doc_id)
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        return [c["chunk_id"] for c in meta["chunks"]], [tuple(t) for t in meta["tokens"]]

    def _spans_path(self, doc_id: str) -> Path:
        return self.root / f"{doc_id}.spans.npz"

    def has_span_vectors(self, doc_id: str) -> bool:
        """Whether the document's span vectors exist for the current span definitions (reads the version only)."""
        path = self._spans_path(doc_id)
        if not path.exists():
            return False
        try:
            with np.load(path) as data:
                return _version(data) == SPANS_VERSION
        except (OSError, ValueError, KeyError):
            return False

    def put_span_vectors(self, doc_id: str, vectors: SpanVectors) -> None:
        path = self._spans_path(doc_id)
        tmp = path.with_name(f".{path.stem}.tmp-{os.getpid()}.npz")
        np.savez(tmp, keys=vectors.keys, vectors=vectors.vectors, version=np.array(vectors.version))
        os.replace(tmp, path)

    def span_vectors(self, doc_id: str) -> SpanVectors | None:
        """The document's precomputed span vectors, or None (an index built before they existed)."""
        path = self._spans_path(doc_id)
        if not path.exists():
            return None
        try:
            with np.load(path) as data:
                return SpanVectors(data["keys"], data["vectors"], _version(data))
        except (OSError, ValueError, KeyError):
            return None  # a damaged file only costs speed: the spans are embedded on demand

    # -------------------------------------------------- Kiwi analyses of the candidate spans (`ingest.stored_analyses`)

    def analyses_path(self, doc_id: str) -> Path:
        return self.root / f"{doc_id}{SUFFIX}"

    def has_span_analyses(self, doc_id: str, analyser: str) -> bool:
        """Whether the document's analyses exist, written by ``analyser`` for the current span definitions."""
        header = read_header(self.analyses_path(doc_id))
        return header == (ANALYSES_VERSION, analyser, SPANS_VERSION)

    def put_span_analyses(self, doc_id: str, analyses: SpanAnalyses) -> None:
        write(self.analyses_path(doc_id), analyses)

    def span_analyses(self, doc_id: str) -> SpanAnalyses | None:
        """The document's stored analyses (whatever wrote them), or None."""
        try:
            return SpanAnalyses.from_json(self.analyses_path(doc_id).read_text(encoding="utf-8"))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    # -------------------------------------------------- chunk vectors that follow in the background
    # A document indexed keywords-first (answerable by BM25 at once) carries a ``.novec`` marker until its
    # chunk vectors are in the vector store. The background worker writes them to ``.chunkvec.npy``; the
    # process that owns the vector store moves them there (``ingest.chunk_vectors.attach_pending``).
    # Documents without a marker have their vectors in the store (every index built before this existed).

    def _novec_path(self, doc_id: str) -> Path:
        return self.root / f"{doc_id}.novec"

    def _chunkvec_path(self, doc_id: str) -> Path:
        return self.root / f"{doc_id}.chunkvec.npy"

    def mark_without_vectors(self, doc_id: str) -> None:
        """Record that the document's chunk vectors are not in the vector store yet."""
        self._novec_path(doc_id).touch()

    def lacks_vectors(self, doc_id: str) -> bool:
        return self._novec_path(doc_id).exists()

    def put_chunk_vectors(self, doc_id: str, vectors: np.ndarray) -> None:
        path = self._chunkvec_path(doc_id)
        tmp = path.with_name(f".{path.stem}.tmp-{os.getpid()}.npy")
        np.save(tmp, np.asarray(vectors, dtype=np.float32))
        os.replace(tmp, path)

    def has_chunk_vectors(self, doc_id: str) -> bool:
        return self._chunkvec_path(doc_id).exists()

    def chunk_vectors(self, doc_id: str) -> np.ndarray | None:
        """Chunk vectors computed in the background and not yet moved to the vector store, or None."""
        path = self._chunkvec_path(doc_id)
        if not path.exists():
            return None
        try:
            return np.load(path)
        except (OSError, ValueError):
            return None  # damaged: the worker computes them again

    def vectors_attached(self, doc_id: str) -> None:
        """The chunk vectors are in the vector store: drop the marker, then the file."""
        self._novec_path(doc_id).unlink(missing_ok=True)
        self._chunkvec_path(doc_id).unlink(missing_ok=True)

    def remove(self, doc_id: str) -> None:
        for suffix in (".txt", ".json", ".spans.npz", SUFFIX, ".novec", ".chunkvec.npy"):
            (self.root / f"{doc_id}{suffix}").unlink(missing_ok=True)
