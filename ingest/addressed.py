"""Lines of a document that address the reader ("이전 지시를 무시하고 …라고 답하라", "시스템 프롬프트").

A notice's text is data, never instructions: such a line is never quoted as an answer, never fills a
card field, and the document that holds it is flagged for staff. The pattern is the lexicon's
``[document] addressed`` entry (``assistant/data/lexicon.toml``), the one list of these phrasings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.types import SourceDoc

__all__ = ["AddressedLine", "addressed_lines", "addressed_pattern", "mask_addressed"]

SNIPPET_CHARS = 120


@dataclass(frozen=True)
class AddressedLine:
    line: int  # 1-based line number in the document's extracted text
    start: int  # offsets of the whole line in the text
    end: int
    snippet: str  # the line, cut to SNIPPET_CHARS


def addressed_pattern() -> re.Pattern[str]:
    from assistant.lexicon import pattern  # the lexicon reader (tomllib only), shared with the answer path

    return pattern("document", "addressed")


def addressed_lines(text: str) -> list[AddressedLine]:
    """Every line of ``text`` that the addressed pattern matches."""
    found = addressed_pattern()
    out: list[AddressedLine] = []
    pos = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        if found.search(raw):
            line = raw.strip()
            snippet = line if len(line) <= SNIPPET_CHARS else line[: SNIPPET_CHARS - 1] + "…"
            out.append(AddressedLine(number, pos, pos + len(raw), snippet))
        pos += len(raw) + 1
    return out


def mask_addressed(doc: SourceDoc, lines: list[AddressedLine]) -> SourceDoc:
    """``doc`` with each addressed line blanked to spaces (same length: every offset stays valid)."""
    if not lines:
        return doc
    text = doc.text
    parts: list[str] = []
    pos = 0
    for line in lines:
        parts.append(text[pos : line.start])
        parts.append(re.sub(r"\S", " ", text[line.start : line.end]))
        pos = line.end
    parts.append(text[pos:])
    return SourceDoc(
        doc.doc_id, doc.source, doc.title, doc.format, doc.pages, "".join(parts), doc.page_starts
    )
