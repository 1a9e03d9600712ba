"""Read HWP 5.0 (OLE2) documents: paragraphs, tables as tab-separated rows, 배포용 text.

Decision (reader library): PyPI HWP readers were checked first. ``dochan`` (MIT, pure Python)
reads every corpus file including 배포용, but it is a 3 MB, 137-module multi-format converter
whose output is Markdown or its own model without page information; the Apache/BSD ones
(``hwp-hwpx-parser``, ``extract-hwp``, ``helper-hwp``) are either text-only or pull extra crypto
or docx dependencies. The records needed here (paragraph text, table cells, line segments for
page starts) fit in this compact ``olefile`` + ``zlib`` reader, which keeps control of the line
format (one block per line, table rows as tab-joined cells) and of page splitting.

Record layout (HWP 5.0 spec): ``uint32`` header = tag (10 bits) | level (10 bits) | size (12
bits, 0xFFF → a ``uint32`` size follows). Paragraphs are PARA_HEADER records; their PARA_TEXT,
CTRL_HEADER (tables, text boxes, footnotes) and LIST_HEADER (cells) children sit one level deeper.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field

import olefile

from ingest.errors import UnreadableDocument
from ingest.limits import ReadBudget, inflate_capped
from ingest.readers.hwp_distribution import decrypt_view_text
from ingest.readers.tables import table_rows
from ingest.types import ExtractedDoc

HWPTAG_PARA_HEADER = 66
HWPTAG_PARA_TEXT = 67
HWPTAG_PARA_LINE_SEG = 69
HWPTAG_CTRL_HEADER = 71
HWPTAG_LIST_HEADER = 72

FLAG_COMPRESSED = 0x01
FLAG_PASSWORD = 0x02
FLAG_DISTRIBUTION = 0x04

# Characters 0-31 in PARA_TEXT: these occupy 8 WCHARs (the code, 6 WCHARs of data, the code again).
_WIDE_CONTROLS = frozenset({1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23})
_TAB = 9
_LINE_BREAK = 10
_PARA_END = 13
_NBSP = 24  # 24-31: fixed-width / non-breaking spaces, hyphen
_BREAK_SECTION = 0x01
_BREAK_PAGE = 0x04
_LINESEG_SIZE = 36

# Controls whose paragraphs are not body text: header, footer, hidden comment, page-number marks.
_SKIPPED_CONTROLS = frozenset({"head", "foot", "tcmt", "pgnp", "pghd", "atno", "nwno"})


@dataclass
class _Record:
    tag: int
    level: int
    data: bytes
    children: list[_Record] = field(default_factory=list)


@dataclass
class _Paragraph:
    """A paragraph's text plus the blocks produced by its controls, and page-start marks."""

    text: str
    controls: list[list[str]]
    forced_break: bool  # page or section break set on the paragraph
    vpos: tuple[int, ...]  # vertical position of each laid-out line (resets to 0 on a new page)


def _iter_records(data: bytes) -> Iterator[tuple[int, int, bytes]]:
    pos, end = 0, len(data)
    while pos + 4 <= end:
        header = struct.unpack_from("<I", data, pos)[0]
        pos += 4
        tag, level, size = header & 0x3FF, (header >> 10) & 0x3FF, header >> 20
        if size == 0xFFF:
            if pos + 4 > end:
                return
            size = struct.unpack_from("<I", data, pos)[0]
            pos += 4
        yield tag, level, data[pos : pos + size]
        pos += size


def _record_tree(data: bytes, budget: ReadBudget) -> list[_Record]:
    """Records as a tree by level, within ``budget``: a tree deeper than its depth limit is refused
    (the tree is walked recursively), and so are more records than its item limit."""
    roots: list[_Record] = []
    stack: list[_Record] = []
    max_depth = budget.max_depth
    for tag, level, payload in _iter_records(data):
        budget.charge_items(1, "HWP 본문")
        record = _Record(tag, level, payload)
        while stack and stack[-1].level >= level:
            stack.pop()
        (stack[-1].children if stack else roots).append(record)
        stack.append(record)
        if len(stack) > max_depth:
            raise UnreadableDocument(
                f"HWP 본문 레코드가 너무 깊게 중첩되어 읽지 않았습니다 (최대 {max_depth}단계; 손상되었거나 조작된 파일)"
            )
    return roots


def decode_para_text(data: bytes) -> str:
    """Decode a PARA_TEXT payload (UTF-16LE with inline/extended control characters)."""
    out: list[str] = []
    count = len(data) // 2
    units = struct.unpack_from(f"<{count}H", data, 0)
    i = 0
    while i < count:
        code = units[i]
        if code >= 32:
            start = i
            while i < count and units[i] >= 32:
                i += 1
            out.append(data[start * 2 : i * 2].decode("utf-16-le", errors="replace"))
            continue
        if code == _TAB:
            out.append("\t")
        elif code == _LINE_BREAK:
            out.append("\n")
        elif code >= _NBSP:
            out.append(" ")
        i += 8 if code in _WIDE_CONTROLS else 1
    return "".join(out)


def _ctrl_id(record: _Record) -> str:
    if len(record.data) < 4:
        return ""
    return record.data[:4][::-1].decode("latin-1")


def _line_positions(record: _Record) -> tuple[int, ...]:
    data = record.data
    return tuple(
        struct.unpack_from("<i", data, off + 4)[0]
        for off in range(0, len(data) - _LINESEG_SIZE + 1, _LINESEG_SIZE)
    )


def _paragraph(record: _Record) -> _Paragraph:
    text = ""
    controls: list[list[str]] = []
    vpos: tuple[int, ...] = ()
    forced_break = len(record.data) >= 12 and bool(record.data[11] & (_BREAK_PAGE | _BREAK_SECTION))
    for child in record.children:
        if child.tag == HWPTAG_PARA_TEXT:
            text = decode_para_text(child.data)
        elif child.tag == HWPTAG_CTRL_HEADER:
            lines = _control_lines(child)
            if lines:
                controls.append(lines)
        elif child.tag == HWPTAG_PARA_LINE_SEG:
            vpos = _line_positions(child)
    return _Paragraph(text, controls, forced_break, vpos)


def _paragraph_lines(paragraph: _Paragraph) -> list[str]:
    lines = [line for line in paragraph.text.split("\n") if line.strip()]
    for block in paragraph.controls:
        lines.extend(block)
    return lines


def _list_lines(records: list[_Record]) -> list[str]:
    """Lines of the paragraphs among ``records`` (a cell, text box or footnote body)."""
    lines: list[str] = []
    for record in records:
        if record.tag == HWPTAG_PARA_HEADER:
            lines.extend(_paragraph_lines(_paragraph(record)))
        elif record.tag not in (HWPTAG_PARA_TEXT, HWPTAG_CTRL_HEADER):
            lines.extend(_list_lines(record.children))
    return lines


def _cell_address(list_header: _Record) -> tuple[int, int]:
    """(row, column) of a table cell from its LIST_HEADER payload."""
    data = list_header.data
    if len(data) >= 12:
        col, row = struct.unpack_from("<HH", data, 8)
        return row, col
    return 0, 0


def _table_lines(ctrl: _Record) -> list[str]:
    cells: list[tuple[int, int, list[str]]] = []
    for child in ctrl.children:
        if child.tag == HWPTAG_LIST_HEADER:
            row, col = _cell_address(child)
            # a cell's paragraphs follow its LIST_HEADER as siblings (or, rarely, as children)
            cells.append((row, col, _list_lines(child.children)))
        elif child.tag == HWPTAG_PARA_HEADER and cells:
            cells[-1][2].extend(_paragraph_lines(_paragraph(child)))
    return table_rows(cells)


def _control_lines(ctrl: _Record) -> list[str]:
    ctrl_id = _ctrl_id(ctrl)
    if ctrl_id in _SKIPPED_CONTROLS:
        return []
    if ctrl_id == "tbl ":
        return _table_lines(ctrl)
    return _list_lines(ctrl.children)


def section_pages(records: bytes, budget: ReadBudget | None = None) -> list[str]:
    """Split one section's records into page texts.

    Page starts come from the layout saved in the file: a top-level paragraph whose first line
    sits higher on the page than the previous line starts a new page (as do explicit page
    breaks). A paragraph that itself runs onto the next page stays on the page where it starts.
    """
    pages: list[list[str]] = [[]]
    last_vpos = -1
    for record in _record_tree(records, budget or ReadBudget()):
        if record.tag != HWPTAG_PARA_HEADER:
            continue
        paragraph = _paragraph(record)
        starts_page = paragraph.forced_break or bool(paragraph.vpos and paragraph.vpos[0] < last_vpos)
        if starts_page and pages[-1]:
            pages.append([])
        pages[-1].extend(_paragraph_lines(paragraph))
        if paragraph.vpos:
            last_vpos = paragraph.vpos[-1]
            if any(b < a for a, b in zip(paragraph.vpos, paragraph.vpos[1:], strict=False)):
                pages.append([])
                last_vpos = -1
    return ["\n".join(lines) for lines in pages if lines] or [""]


def _inflate(data: bytes, budget: ReadBudget, name: str) -> bytes:
    try:
        return inflate_capped(data, budget, name)
    except zlib.error as exc:
        raise UnreadableDocument(f"HWP 본문의 압축을 풀 수 없습니다 (손상된 파일): {exc}") from exc


def _section_names(ole: olefile.OleFileIO, storage: str) -> list[str]:
    names = [entry[1] for entry in ole.listdir() if len(entry) == 2 and entry[0] == storage]
    numbered = [n for n in names if n.startswith("Section") and n[7:].isdigit()]
    return [f"{storage}/{n}" for n in sorted(numbered, key=lambda n: int(n[7:]))]


def _title(ole: olefile.OleFileIO) -> str:
    try:
        meta = ole.get_metadata()
    except (OSError, ValueError, struct.error):
        return ""
    title = meta.title
    if isinstance(title, bytes):
        title = title.decode("utf-16-le" if b"\x00" in title else "cp949", errors="ignore")
    return (title or "").strip("\x00 ")


def read_hwp5(data: bytes, budget: ReadBudget | None = None) -> ExtractedDoc:
    """Extract the text of an HWP 5.0 document given as bytes, within ``budget`` (see ``ingest.limits``)."""
    budget = budget or ReadBudget()
    try:
        ole = olefile.OleFileIO(data)
    except (OSError, ValueError) as exc:
        raise UnreadableDocument("HWP 파일 구조(OLE2)가 손상되어 읽을 수 없습니다") from exc
    except RecursionError as exc:  # olefile walks the directory tree recursively
        raise UnreadableDocument(
            "HWP 파일 구조(OLE2)의 목록이 너무 깊게 중첩되어 읽지 않았습니다 (손상되었거나 조작된 파일)"
        ) from exc
    with ole:
        try:
            header = ole.openstream("FileHeader").read()
        except (OSError, ValueError) as exc:
            raise UnreadableDocument("HWP 파일 헤더가 없어 읽을 수 없습니다") from exc
        flags = struct.unpack_from("<I", header, 36)[0] if len(header) >= 40 else 0
        if flags & FLAG_PASSWORD:
            raise UnreadableDocument("암호가 걸린 HWP 파일이라 내용을 읽을 수 없습니다")
        distribution = bool(flags & FLAG_DISTRIBUTION)
        storage = "ViewText" if distribution else "BodyText"
        names = _section_names(ole, storage)
        if not names:
            raise UnreadableDocument("HWP 본문(BodyText)이 없어 읽을 수 없습니다")
        budget.check_pages(len(names))
        pages: list[str] = []
        warnings: list[str] = []
        for name in names:
            try:
                raw = ole.openstream(name).read()
            except (OSError, ValueError) as exc:
                raise UnreadableDocument(f"HWP 본문 스트림 {name}을 읽을 수 없습니다") from exc
            if distribution:
                raw = decrypt_view_text(raw)
            if flags & FLAG_COMPRESSED:
                raw = _inflate(raw, budget, name)
            else:
                budget.charge_inflated(len(raw), name)
            section = section_pages(raw, budget)
            budget.charge_pages(section)
            pages.extend(section)
        if distribution:
            warnings.append("배포용 HWP: 암호화된 본문(ViewText)을 복호화해 읽었습니다")
        return ExtractedDoc(format="hwp", pages=tuple(pages), title=_title(ole), warnings=tuple(warnings))
