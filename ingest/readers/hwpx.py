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
from ingest.limits import ReadBudget, parse_xml_capped
from ingest.readers.tables import table_rows
from ingest.types import ExtractedDoc

_SECTION = re.compile(r"^Contents/section(\d+)\.xml$")
# Controls whose paragraphs are not body text.
_SKIPPED = frozenset({"header", "footer", "pageNum", "pageHiding", "pageNumCtrl", "hiddenComment"})
_CONTENT = "Contents/content.hpf"


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


def _section_order(names: list[str], hpf: ET.Element | None) -> list[str]:
    sections = [n for n in names if _SECTION.match(n)]
    sections.sort(key=lambda n: int(_SECTION.match(n).group(1)))  # type: ignore[union-attr]
    if hpf is not None:
        hrefs = {item.get("id"): item.get("href", "") for item in hpf.iter() if _local(item.tag) == "item"}
        spine = [hrefs.get(ref.get("idref")) for ref in hpf.iter() if _local(ref.tag) == "itemref"]
        ordered = [h for h in spine if h in sections]
        if ordered:
            return ordered + [n for n in sections if n not in ordered]
    return sections


def _title(hpf: ET.Element | None) -> str:
    if hpf is None:
        return ""
    for elem in hpf.iter():
        if _local(elem.tag) == "title":
            return (elem.text or "").strip()
    return ""


def _read_xml(zf: zipfile.ZipFile, name: str, budget: ReadBudget) -> ET.Element:
    """Parse one member, streamed: refused past the size limits (the declared size is checked
    first, the bytes actually inflated while parsing) or the nesting limit."""
    budget.check_member(zf.getinfo(name).file_size, name)
    with zf.open(name) as stream:
        return parse_xml_capped(stream, budget, name)


def _package(zf: zipfile.ZipFile, budget: ReadBudget) -> ET.Element | None:
    """``content.hpf`` (section order, title), read once; a damaged one is ignored."""
    if _CONTENT not in zf.namelist():
        return None
    try:
        return _read_xml(zf, _CONTENT, budget)
    except ET.ParseError:
        return None


def read_hwpx(data: bytes, budget: ReadBudget | None = None) -> ExtractedDoc:
    """Extract the text of an HWPX document given as bytes, within ``budget`` (see ``ingest.limits``)."""
    budget = budget or ReadBudget()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            hpf = _package(zf, budget)
            names = _section_order(zf.namelist(), hpf)
            if not names:
                raise UnreadableDocument("HWPX 본문(Contents/section*.xml)이 없어 읽을 수 없습니다")
            budget.check_pages(len(names))
            pages: list[str] = []
            for name in names:
                section = section_pages(_read_xml(zf, name, budget))
                budget.charge_pages(section)
                pages.extend(section)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError) as exc:
        raise UnreadableDocument("HWPX 파일(zip)이 손상되어 읽을 수 없습니다") from exc
    except RecursionError:
        raise  # a RuntimeError too; ingest.readers.read_bytes gives it its own reason
    except (NotImplementedError, RuntimeError) as exc:
        # zipfile: an unknown compression method, or an encrypted member
        raise UnreadableDocument(f"HWPX 파일(zip)의 압축 방식이나 암호를 풀 수 없습니다: {exc}") from exc
    except ET.ParseError as exc:
        raise UnreadableDocument(f"HWPX 본문 XML이 손상되어 읽을 수 없습니다: {exc}") from exc
    return ExtractedDoc(format="hwpx", pages=tuple(pages), title=_title(hpf))
