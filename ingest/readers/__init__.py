"""Turn a document's bytes into page texts: sniff the real format, dispatch, clean every page.

Every failure comes out as ``UnreadableDocument`` with a Korean reason; library exceptions never
escape.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from pathlib import Path

from ingest.clean import clean_text
from ingest.errors import UnreadableDocument, UnsupportedFormat
from ingest.limits import MAX_FILE_BYTES, ReadBudget
from ingest.readers.hwp5 import read_hwp5
from ingest.readers.hwpx import read_hwpx
from ingest.readers.pdf import read_pdf
from ingest.readers.text import read_text
from ingest.sniff import sniff_format
from ingest.types import ExtractedDoc

__all__ = ["read_bytes", "read_document"]

_GENERIC_TITLES = re.compile(
    r"^(제목\s*없음|untitled|document|문서\s*\d*|한글|hwp|microsoft word.*|noname|\W*)$", re.IGNORECASE
)
_MARKERS = "□■◦ㅇ○●-*※①②③④⑤➊•▪"
_DATE_LIKE = re.compile(r"^[\d\s년월일.:/\-오전후()요일월화수목금토]+$")


def _squeeze(text: str) -> str:
    return "".join(text.split())


def _meaningful_title(title: str, pages: tuple[str, ...]) -> str:
    """The metadata title, if it is real: HWP/PDF templates often carry a stale one
    ("이곳부터 내용을 기재하세요", an old 공고 number), so it must appear in the first pages."""
    title = " ".join(clean_text(title).split())
    if len(title) < 4 or _GENERIC_TITLES.match(title) or _DATE_LIKE.match(title):
        return ""
    if title.lower().endswith((".hwp", ".hwpx", ".pdf", ".doc", ".docx")) or title[0] in _MARKERS:
        return ""
    return title if _squeeze(title) in _squeeze("\n".join(pages[:2])) else ""


def _extract(data: bytes, fmt: str, budget: ReadBudget) -> ExtractedDoc:
    if fmt == "empty":
        raise UnreadableDocument("빈 파일입니다")
    if fmt == "drm":
        raise UnreadableDocument("DRM으로 보호된 파일이라 내용을 읽을 수 없습니다 (SCDSA)")
    if fmt == "pdf":
        return read_pdf(data, budget)
    if fmt == "hwp":
        return read_hwp5(data, budget)
    if fmt == "hwpx":
        return read_hwpx(data, budget)
    if fmt in ("txt", "md"):
        return read_text(data, fmt, budget)
    raise UnsupportedFormat("지원하지 않는 파일 형식입니다 (PDF, HWP, HWPX, TXT, MD만 읽을 수 있습니다)")


def _too_big(size: int) -> UnreadableDocument:
    return UnreadableDocument(
        f"파일이 너무 커서 읽지 않았습니다 ({size / 2**20:,.0f}MB; 최대 {MAX_FILE_BYTES // 2**20}MB)"
    )


def read_bytes(data: bytes, filename: str, budget: ReadBudget | None = None) -> ExtractedDoc:
    """Extract and clean the text of ``data``; ``filename`` only tells markdown from plain text.

    Reading runs under ``budget`` (default: the limits in ``ingest.limits``).
    """
    if len(data) > MAX_FILE_BYTES:
        raise _too_big(len(data))
    budget = budget or ReadBudget()
    try:
        fmt = sniff_format(data, filename)
        raw = _extract(data, fmt, budget)
    except UnreadableDocument:
        raise
    except RecursionError as exc:
        # readers cap nesting themselves; this is the net for structures a library walks recursively
        raise UnreadableDocument(
            "문서 구조가 너무 깊게 중첩되어 읽지 않았습니다 (손상되었거나 조작된 파일)"
        ) from exc
    except MemoryError as exc:
        raise UnreadableDocument("문서를 읽는 데 메모리가 너무 많이 필요해 읽지 않았습니다") from exc
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        struct.error,
        EOFError,
        UnicodeDecodeError,
        ValueError,
        IndexError,
        KeyError,
        OSError,
    ) as exc:
        # a damaged file can trip the low-level parsers anywhere
        raise UnreadableDocument(f"파일이 손상되어 읽을 수 없습니다 ({type(exc).__name__})") from exc
    pages = tuple(clean_text(page) for page in raw.pages)
    if not any(page.strip() for page in pages):
        if fmt == "pdf":
            raise UnreadableDocument("텍스트 층이 없는 (스캔) PDF라 내용을 읽을 수 없습니다")
        raise UnreadableDocument("문서에서 읽을 수 있는 텍스트를 찾지 못했습니다")
    return ExtractedDoc(
        format=fmt, pages=pages, title=_meaningful_title(raw.title, pages), warnings=raw.warnings
    )


def read_document(path: Path) -> ExtractedDoc:
    """Extract and clean the text of the file at ``path``."""
    try:
        size = Path(path).stat().st_size
        if size > MAX_FILE_BYTES:
            raise _too_big(size)
        data = Path(path).read_bytes()
    except OSError as exc:
        raise UnreadableDocument(f"파일을 열 수 없습니다: {exc.strerror or exc}") from exc
    return read_bytes(data, Path(path).name)
