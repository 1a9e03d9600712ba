"""Read PDFs with pypdf: one text per page, with doubled text layers collapsed.

Some Hancom-made government PDFs draw most text twice at the same spot (a second layer that
often lacks digits and Latin letters). pypdf then prints each line twice, sometimes interleaved
piece by piece. Every text piece pypdf emits is seen through ``visitor_text`` with its position;
when a page has many pieces repeated at the same position with the same text, the page is rebuilt
from the pieces with those repeats removed, ordered top-to-bottom then left-to-right.

Plain extraction mode is used: ``extraction_mode="layout"`` pads Korean tables with runs of
spaces and blank lines and doubles the overprinted text as well (measured on corpus/real with
benchmarks/extraction_coverage.py), so it gives no better lines.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass

from pypdf import PdfReader, apply_configuration
from pypdf.errors import LimitReachedError, PdfReadError, PyPdfError

from ingest.errors import UnreadableDocument
from ingest.limits import ReadBudget
from ingest.types import ExtractedDoc

# pypdf logs every recoverable oddity of real-world files; they are not errors for us.
logging.getLogger("pypdf").setLevel(logging.ERROR)

_DUPLICATE_SHARE = 0.15  # share of repeated pieces above which a page is rebuilt
_LINE_TOLERANCE = 2.5  # points: pieces whose baselines differ less share a line
_HANGUL_OR_WORD = re.compile(r"[0-9A-Za-z가-힣]")
# pypdf's own caps on one decoded stream, set to the reading budget's per-part limit
_STREAM_LIMITS = (
    "zlib_maximum_output_length",
    "lzw_maximum_output_length",
    "run_length_maximum_output_length",
    "brotli_maximum_output_length",
    "array_based_stream_maximum_output_length",
)


@dataclass(frozen=True)
class _Piece:
    x: float
    y: float
    size: float  # font size in page units
    text: str

    def end(self) -> float:
        """Estimated x where the piece ends (CJK glyphs ~1 em wide, others ~0.5 em)."""
        ems = sum(1.0 if ord(c) >= 0x2E80 else 0.5 for c in self.text)
        return self.x + ems * self.size


def _collect(page: object) -> tuple[str, list[_Piece]]:
    pieces: list[_Piece] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if not text:
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = abs(tm[3] * cm[3]) or abs(tm[0] * cm[0]) or 1.0
        pieces.append(_Piece(x, y, size * scale, text))

    text = page.extract_text(visitor_text=visit)  # type: ignore[attr-defined]
    return text, pieces


def _key(piece: _Piece) -> tuple[int, int, str]:
    return round(piece.x), round(piece.y), " ".join(piece.text.split())


def _rebuild(pieces: list[_Piece]) -> str:
    """Page text from positioned pieces: repeats at one position dropped, lines by baseline."""
    last_index: dict[tuple[int, int, str], int] = {}
    for i, piece in enumerate(pieces):
        if _HANGUL_OR_WORD.search(piece.text) or piece.text.strip():
            last_index[_key(piece)] = i
    kept = [p for i, p in enumerate(pieces) if p.text.strip() and last_index.get(_key(p)) == i]
    kept.sort(key=lambda p: (-p.y, p.x))
    lines: list[list[_Piece]] = []
    for piece in kept:
        if lines and abs(lines[-1][0].y - piece.y) <= _LINE_TOLERANCE:
            lines[-1].append(piece)
        else:
            lines.append([piece])
    out: list[str] = []
    for line in lines:
        line.sort(key=lambda p: p.x)
        parts: list[str] = []
        for prev, piece in zip([None, *line], line, strict=False):
            if prev is not None and piece.x - prev.end() > 0.5 * piece.size:
                parts.append(" ")
            parts.append(piece.text.replace("\n", " "))
        out.append(" ".join("".join(parts).split()))
    return "\n".join(out)


def _duplicate_share(pieces: list[_Piece]) -> float:
    keys = [_key(p) for p in pieces if _HANGUL_OR_WORD.search(p.text)]
    if not keys:
        return 0.0
    return 1.0 - len(set(keys)) / len(keys)


def page_text(page: object) -> str:
    """Text of one pypdf page, with an overprinted second text layer removed."""
    text, pieces = _collect(page)
    if _duplicate_share(pieces) > _DUPLICATE_SHARE:
        return _rebuild(pieces)
    return text


def _title(reader: PdfReader) -> str:
    try:
        meta = reader.metadata
    except (PdfReadError, PyPdfError, KeyError, TypeError):
        return ""
    title = (meta.title if meta else None) or ""
    return str(title).strip()


def _pages(reader: PdfReader, budget: ReadBudget) -> tuple[str, ...]:
    budget.check_pages(len(reader.pages))
    pages: list[str] = []
    for page in reader.pages:
        text = page_text(page)
        budget.charge_pages([text])
        pages.append(text)
    return tuple(pages)


def read_pdf(data: bytes, budget: ReadBudget | None = None) -> ExtractedDoc:
    """Extract the text of a PDF given as bytes, one entry per page, within ``budget`` (see
    ``ingest.limits``: pages, text, and each decoded stream through pypdf's own caps)."""
    budget = budget or ReadBudget()
    limits = dict.fromkeys(_STREAM_LIMITS, budget.max_member_bytes)
    try:
        with apply_configuration(**limits):
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise UnreadableDocument("암호가 걸린 PDF라 내용을 읽을 수 없습니다")
            pages = _pages(reader, budget)
            title = _title(reader)
    except UnreadableDocument:
        raise
    except LimitReachedError as exc:
        raise UnreadableDocument(
            f"PDF 안의 데이터가 너무 커서 읽지 않았습니다 (압축 폭탄일 수 있습니다): {exc}"
        ) from exc
    except RecursionError as exc:
        # pypdf parses nested arrays and dictionaries recursively
        raise UnreadableDocument(
            "PDF 구조가 너무 깊게 중첩되어 읽지 않았습니다 (손상되었거나 조작된 파일)"
        ) from exc
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        # pypdf signals damaged structures with a mix of its own and builtin exceptions
        raise UnreadableDocument(f"PDF 구조가 손상되어 읽을 수 없습니다 ({type(exc).__name__})") from exc
    except NotImplementedError as exc:
        raise UnreadableDocument("지원하지 않는 PDF 암호화 방식이라 읽을 수 없습니다") from exc
    if not pages:
        raise UnreadableDocument("페이지가 없는 PDF입니다")
    return ExtractedDoc(format="pdf", pages=pages, title=title)
