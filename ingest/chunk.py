"""Structure-aware chunking: sections are packed into chunks of whole lines.

Chunks never cross a top-level section, table rows (lines) stay whole, and every chunk keeps its
offsets so that ``chunk.text == document.text[chunk.start:chunk.end]``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from ingest.structure import split_sections
from ingest.types import Chunk, Section, SourceDoc

# Bump when sections or chunks come out differently for the same text: documents stored by an older
# version are analysed again (and their chunks embedded again) by the next ingest.
CHUNKS_VERSION = 2  # 2: "1)" numbers items, not the outline
TARGET_CHARS = 700
MAX_CHARS = 1200
MIN_CHARS = 120


def _line_spans(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl == -1 else nl
        if text[pos:stop].strip():
            yield pos, stop
        pos = stop + 1


def _split_long(start: int, end: int) -> Iterator[tuple[int, int]]:
    """A single very long line is cut into MAX_CHARS windows (rare: unbroken paragraphs)."""
    while end - start > MAX_CHARS:
        yield start, start + MAX_CHARS
        start += MAX_CHARS
    yield start, end


def _chunk_id(doc_id: str, start: int, end: int) -> str:
    return hashlib.sha256(f"{doc_id}:{start}:{end}".encode()).hexdigest()[:32]


def chunk_document(doc: SourceDoc) -> list[Chunk]:
    sections = split_sections(doc.doc_id, doc.text)
    chunks: list[Chunk] = []
    cur_start: int | None = None
    cur_end = 0
    cur_section: Section | None = None
    share: dict[Section, int] = {}

    def flush() -> None:
        nonlocal cur_start
        if cur_start is None or cur_section is None:
            return
        main = max(share, key=lambda sec: share[sec]) if share else cur_section
        share.clear()
        s, e = cur_start, cur_end
        body = doc.text[s:e]
        lead = len(body) - len(body.lstrip())
        s += lead
        e = s + len(doc.text[s:e].rstrip())
        if e > s:
            chunks.append(
                Chunk(
                    chunk_id=_chunk_id(doc.doc_id, s, e),
                    doc_id=doc.doc_id,
                    source=doc.source,
                    title=doc.title,
                    page=doc.page_at(s),
                    section=" > ".join(main.heading_path),
                    start=s,
                    end=e,
                    text=doc.text[s:e],
                )
            )
        cur_start = None

    for sec in sections:
        new_top = cur_section is not None and sec.top != cur_section.top
        big_enough = cur_start is not None and cur_end - cur_start >= MIN_CHARS
        if new_top or big_enough:
            flush()
        for ls, le in _line_spans(doc.text, sec.start, sec.end):
            for ps, pe in _split_long(ls, le):
                if cur_start is not None and pe - cur_start > TARGET_CHARS and cur_end > cur_start:
                    flush()
                if cur_start is None:
                    cur_start = ps
                    cur_section = sec
                cur_end = pe
                share[sec] = share.get(sec, 0) + (pe - ps)
    flush()
    return chunks
