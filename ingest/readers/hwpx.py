"""Read HWPX (zip + OWPML XML) documents: paragraphs, tables as tab-separated rows, pages.

Sections are ``Contents/section{n}.xml`` in the order listed by ``Contents/content.hpf`` (spine),
falling back to numeric order. A paragraph (``hp:p``) holds runs (``hp:run``) whose ``hp:t``
elements carry the text (with ``hp:tab``/``hp:lineBreak`` children); tables (``hp:tbl`` →
``hp:tr`` → ``hp:tc``), text boxes and footnotes hold further paragraphs in ``hp:subList``.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from xml.etree import ElementTree as ET

from ingest.errors import UnreadableDocument
from ingest.readers.tables import table_rows
from ingest.types import ExtractedDoc

_SECTION = re.compile(r"^Contents/section(\d+)\.xml$")
# Controls whose paragraphs are not body text.
_SKIPPED = frozenset({"header", "footer", "pageNum", "pageHiding", "pageNumCtrl", "hiddenComment"})
_MAX_XML_BYTES = 64 * 1024 * 1024


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _t_text(t: ET.Element) -> str:
    parts = [t.text or ""]
    for child in t:
        name = _local(child.tag)
        if name == "tab":
            parts.append("\t")
        elif name == "lineBreak":
            parts.append("\n")
        elif name in ("fwSpace", "nbSpace"):
            parts.append(" ")
        elif name == "hyphen":
            parts.append("-")
        parts.append(child.tail or "")
    return "".join(parts)


def _sublist_lines(elem: ET.Element) -> list[str]:
    """Lines of every ``subList`` below ``elem`` (text boxes, footnotes), not descending into them."""
    lines: list[str] = []
    for child in elem:
        name = _local(child.tag)
        if name in _SKIPPED:
            continue
        if name == "subList":
            lines.extend(_paragraphs_lines(child))
        else:
            lines.extend(_sublist_lines(child))
    return lines


def _table_lines(tbl: ET.Element) -> list[str]:
    cells: list[tuple[int, int, list[str]]] = []
    for r_index, tr in enumerate(child for child in tbl if _local(child.tag) == "tr"):
        for c_index, tc in enumerate(child for child in tr if _local(child.tag) == "tc"):
            row, col = r_index, c_index
            lines: list[str] = []
            for part in tc:
                name = _local(part.tag)
                if name == "cellAddr":
                    row = int(part.get("rowAddr", row))
                    col = int(part.get("colAddr", col))
                elif name == "subList":
                    lines.extend(_paragraphs_lines(part))
            cells.append((row, col, lines))
    return table_rows(cells)


def _paragraph_lines(p: ET.Element) -> list[str]:
    text: list[str] = []
    blocks: list[str] = []
    for run in p:
        if _local(run.tag) != "run":
            continue
        for item in run:
            name = _local(item.tag)
            if name == "t":
                text.append(_t_text(item))
            elif name == "tbl":
                blocks.extend(_table_lines(item))
            elif name not in _SKIPPED:
                blocks.extend(_sublist_lines(item))
    lines = [line for line in "".join(text).split("\n") if line.strip()]
    return lines + blocks


def _paragraphs_lines(container: ET.Element) -> list[str]:
    lines: list[str] = []
    for p in container:
        if _local(p.tag) == "p":
            lines.extend(_paragraph_lines(p))
    return lines


def _line_positions(p: ET.Element) -> list[int]:
    for child in p:
        if _local(child.tag) == "linesegarray":
            return [int(seg.get("vertpos", "0")) for seg in child if _local(seg.tag) == "lineseg"]
    return []


def section_pages(root: ET.Element) -> list[str]:
    """Split one section into page texts: explicit page breaks and layout page starts."""
    pages: list[list[str]] = [[]]
    last_vpos = -1
    for p in root:
        if _local(p.tag) != "p":
            continue
        vpos = _line_positions(p)
        starts_page = p.get("pageBreak") == "1" or bool(vpos and vpos[0] < last_vpos)
        if starts_page and pages[-1]:
            pages.append([])
        pages[-1].extend(_paragraph_lines(p))
        if vpos:
            last_vpos = vpos[-1]
            if any(b < a for a, b in zip(vpos, vpos[1:], strict=False)):
                pages.append([])
                last_vpos = -1
    return ["\n".join(lines) for lines in pages if lines] or [""]


def _section_order(zf: zipfile.ZipFile) -> list[str]:
    names = [n for n in zf.namelist() if _SECTION.match(n)]
    names.sort(key=lambda n: int(_SECTION.match(n).group(1)))  # type: ignore[union-attr]
    if "Contents/content.hpf" in zf.namelist():
        try:
            hpf = ET.fromstring(zf.read("Contents/content.hpf"))
        except ET.ParseError:
            return names
        hrefs = {item.get("id"): item.get("href", "") for item in hpf.iter() if _local(item.tag) == "item"}
        spine = [hrefs.get(ref.get("idref")) for ref in hpf.iter() if _local(ref.tag) == "itemref"]
        ordered = [h for h in spine if h in names]
        if ordered:
            return ordered + [n for n in names if n not in ordered]
    return names


def _title(zf: zipfile.ZipFile) -> str:
    try:
        hpf = ET.fromstring(zf.read("Contents/content.hpf"))
    except (KeyError, ET.ParseError):
        return ""
    for elem in hpf.iter():
        if _local(elem.tag) == "title":
            return (elem.text or "").strip()
    return ""


def _read_xml(zf: zipfile.ZipFile, name: str) -> ET.Element:
    info = zf.getinfo(name)
    if info.file_size > _MAX_XML_BYTES:
        raise UnreadableDocument(f"HWPX 본문 {name}이 너무 커서 읽지 않았습니다")
    return ET.fromstring(zf.read(name))


def read_hwpx(data: bytes) -> ExtractedDoc:
    """Extract the text of an HWPX document given as bytes."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = _section_order(zf)
            if not names:
                raise UnreadableDocument("HWPX 본문(Contents/section*.xml)이 없어 읽을 수 없습니다")
            pages: list[str] = []
            for name in names:
                pages.extend(section_pages(_read_xml(zf, name)))
            title = _title(zf)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
        raise UnreadableDocument("HWPX 파일(zip)이 손상되어 읽을 수 없습니다") from exc
    except ET.ParseError as exc:
        raise UnreadableDocument(f"HWPX 본문 XML이 손상되어 읽을 수 없습니다: {exc}") from exc
    return ExtractedDoc(format="hwpx", pages=tuple(pages), title=title)
