"""What reading one untrusted document may cost, and size-capped reading helpers.

Every reader runs under these limits; going over one refuses the file with a Korean reason
(``UnreadableDocument``), so a crafted file costs at most these amounts and the batch goes on.
The figures sit far above the real corpus (measured over corpus/ and the shared pool of 621
files: XML nesting ≤ 24, HWP record level ≤ 10, largest zip member 5 MB, largest inflated HWP
section 0.9 MB).

- ``MAX_FILE_BYTES``: a file bigger than this is not read at all (uploads have their own, smaller
  limit, ``GILJABI_MAX_UPLOAD_MB``).
- ``MAX_MEMBER_BYTES``: one inflated part: an HWPX zip member or an HWP section stream.
- ``MAX_INFLATED_BYTES``: all inflated parts of one document together.
- ``MAX_NESTING_DEPTH``: nesting of XML elements (HWPX) or record levels (HWP); deeper
  structures are refused instead of being walked (recursion) without end.
- ``MAX_ITEMS``: XML elements (HWPX) or records (HWP) of one document; each becomes a Python
  object, so 30 MB of 4-byte empty HWP records would otherwise cost ~1.5 GB and a minute (measured
  on the pre-limit reader: a 60 MiB section of zeros took 143 s and 2.9 GB). The real corpus peaks
  at 80,000 elements and 26,000 records.
- ``MAX_TEXT_CHARS``: extracted text of one document.
- ``MAX_PAGES``: pages of one document.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import BinaryIO
from xml.etree import ElementTree as ET

from ingest.errors import UnreadableDocument

MiB = 1024 * 1024
MAX_FILE_BYTES = 100 * MiB
MAX_MEMBER_BYTES = 32 * MiB
MAX_INFLATED_BYTES = 128 * MiB
MAX_NESTING_DEPTH = 200
MAX_ITEMS = 500_000
MAX_TEXT_CHARS = 4_000_000
MAX_PAGES = 2_000

READ_CHUNK = 1 * MiB


def _mb(n: int) -> str:
    return f"{n / MiB:,.0f}MB"


@dataclass
class ReadBudget:
    """What one document has used so far; ``charge_*`` refuses the document once a limit is passed."""

    max_member_bytes: int = MAX_MEMBER_BYTES
    max_inflated_bytes: int = MAX_INFLATED_BYTES
    max_text_chars: int = MAX_TEXT_CHARS
    max_pages: int = MAX_PAGES
    max_depth: int = MAX_NESTING_DEPTH
    max_items: int = MAX_ITEMS
    items: int = 0
    inflated_bytes: int = 0
    text_chars: int = 0
    pages: int = 0

    def check_member(self, size: int, what: str) -> None:
        """Refuse a part whose (declared or actual) inflated size is over a limit."""
        if size > self.max_member_bytes:
            raise UnreadableDocument(
                f"압축을 푼 크기가 너무 큰 부분({what})이 있어 읽지 않았습니다 "
                f"(한 부분 최대 {_mb(self.max_member_bytes)}; 압축 폭탄일 수 있습니다)"
            )
        if self.inflated_bytes + size > self.max_inflated_bytes:
            raise UnreadableDocument(
                f"압축을 푼 문서 전체가 너무 커서 읽지 않았습니다 "
                f"(문서 하나 최대 {_mb(self.max_inflated_bytes)}; 압축 폭탄일 수 있습니다)"
            )

    def charge_inflated(self, size: int, what: str) -> None:
        self.check_member(size, what)
        self.inflated_bytes += size

    def charge_pages(self, pages: list[str] | tuple[str, ...]) -> None:
        """Count extracted pages and their characters."""
        self.pages += len(pages)
        self.text_chars += sum(len(page) for page in pages)
        self.check_pages(self.pages)
        self.check_text_chars(self.text_chars)

    def check_text_chars(self, count: int) -> None:
        if count > self.max_text_chars:
            raise UnreadableDocument(
                f"추출한 텍스트가 너무 길어 읽지 않았습니다 (문서 하나 최대 {self.max_text_chars:,}자)"
            )

    def check_pages(self, count: int) -> None:
        if count > self.max_pages:
            raise UnreadableDocument(
                f"쪽수가 너무 많아 읽지 않았습니다 (문서 하나 최대 {self.max_pages:,}쪽)"
            )

    def charge_items(self, count: int, what: str) -> None:
        """Count structure items (XML elements, HWP records)."""
        self.items += count
        if self.items > self.max_items:
            raise UnreadableDocument(
                f"{what}의 구성 요소가 너무 많아 읽지 않았습니다 "
                f"(문서 하나 최대 {self.max_items:,}개; 손상되었거나 조작된 파일)"
            )

    def check_depth(self, depth: int, what: str) -> None:
        if depth > self.max_depth:
            raise UnreadableDocument(
                f"{what} 구조가 너무 깊게 중첩되어 읽지 않았습니다 (최대 {self.max_depth}단계; 손상되었거나 조작된 파일)"
            )


def read_capped(stream: BinaryIO, budget: ReadBudget, what: str) -> bytes:
    """All of ``stream``, read in chunks and refused as soon as it passes the budget's limits."""
    parts: list[bytes] = []
    size = 0
    while block := stream.read(READ_CHUNK):
        size += len(block)
        budget.check_member(size, what)
        parts.append(block)
    budget.inflated_bytes += size
    return b"".join(parts)


def parse_xml_capped(stream: BinaryIO, budget: ReadBudget, what: str) -> ET.Element:
    """Parse XML from ``stream`` chunk by chunk, refusing it past the size or nesting limits.

    The bytes are never held whole: each chunk is counted against the budget, then fed to the
    parser; element depth is tracked from the parser's start/end events.
    """
    parser = ET.XMLPullParser(events=("start", "end"))
    root: ET.Element | None = None
    depth = 0
    size = 0
    while block := stream.read(READ_CHUNK):
        size += len(block)
        budget.check_member(size, what)
        parser.feed(block)
        for event, elem in parser.read_events():
            if event == "start":
                depth += 1
                budget.check_depth(depth, what)
                budget.charge_items(1, what)
                if root is None:
                    root = elem  # type: ignore[assignment]
            else:
                depth -= 1
    parser.close()
    for event, elem in parser.read_events():
        if event == "start" and root is None:
            root = elem  # type: ignore[assignment]
    budget.inflated_bytes += size
    if root is None:
        raise ET.ParseError(f"{what}: 요소가 없습니다")
    return root


def inflate_capped(data: bytes, budget: ReadBudget, what: str) -> bytes:
    """Raw-deflate ``data`` (HWP sections) chunk by chunk, refused as soon as the output passes the
    budget's limits, so a bomb costs at most the limit, never its full inflated size."""
    inflater = zlib.decompressobj(-15)
    parts: list[bytes] = []
    size = 0
    pending = data
    while pending and not inflater.eof:
        block = inflater.decompress(pending, READ_CHUNK)
        pending = inflater.unconsumed_tail
        if not block:
            break
        size += len(block)
        budget.check_member(size, what)
        parts.append(block)
    budget.inflated_bytes += size
    return b"".join(parts)
