"""Plain data types that flow through ingest. Frozen dataclasses; no library objects leak out."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ExtractedDoc:
    """What a reader returns: the document's text, page by page.

    Each page is plain text with one block (paragraph or table row) per line; table cells are
    separated by a tab. ``format`` is what the bytes really are (pdf, hwp, hwpx, txt, md).
    """

    format: str
    pages: tuple[str, ...]
    title: str = ""
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class SourceDoc:
    """One ingested file: ``doc_id`` is the sha256 of its bytes, ``source`` its file name."""

    doc_id: str
    source: str
    title: str
    format: str
    pages: int
    text: str
    page_starts: tuple[int, ...]  # character offset in ``text`` where each page begins

    def page_at(self, offset: int) -> int:
        """1-based page number containing character ``offset``."""
        page = 1
        for i, start in enumerate(self.page_starts):
            if start <= offset:
                page = i + 1
            else:
                break
        return page


@dataclass(frozen=True)
class Section:
    """A run of lines under one heading path, with offsets into the document text."""

    doc_id: str
    heading_path: tuple[str, ...]
    start: int
    end: int
    top: int  # index of the top-level section; chunks never cross it


@dataclass(frozen=True)
class Chunk:
    """A retrievable span: ``text == document.text[start:end]``."""

    chunk_id: str
    doc_id: str
    source: str
    title: str
    page: int
    section: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class FileReport:
    """One line of the ingest report."""

    source: str
    doc_id: str | None
    format: str | None
    pages: int
    chunks: int
    status: str  # "indexed" | "unchanged" | "error" | "removed"
    error: str | None = None
    seconds: float = 0.0


@dataclass(frozen=True)
class IngestReport:
    files: tuple[FileReport, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> int:
        return sum(1 for f in self.files if f.status in ("indexed", "unchanged"))

    @property
    def failed(self) -> int:
        return sum(1 for f in self.files if f.status == "error")
