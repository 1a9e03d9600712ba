"""Candidate answer spans of a chunk, and the text the semantic re-rank reads for each.

The answerer quotes spans (sentences and table rows, a heading with the lines under it, a short label with
its value on the next line, whole lists). They depend only on the document, so the ingest embeds them
once (`ingest.span_vectors`) and a question pays only for its own vector.
"""

from __future__ import annotations

import hashlib
import re

from ingest.korean import split_sentences
from ingest.structure import heading_level
from ingest.types import Chunk

LIST_LINES = 18  # a list answer ("어떤 프로그램이 있어요?") quotes at most this many lines …
LIST_CHARS = 900  # … and characters
SPANS_VERSION = 3  # bump when the spans below change: stored vectors are then topped up (new spans only)
SIMILARITY_CHARS = 400  # the part of a span the similarity reads (200 lost an eval item)
_LINE = re.compile(r"[^\n]+")
_BULLET = re.compile(r"\s*(ㅇ|◦|○|-|·|∙|▪|•|\*)\s*\S")


def is_label(line: str) -> bool:
    """A short category line without a bullet or a number: "사업화 지원", "패 키 지"."""
    stripped = line.strip()
    return 1 < len(stripped) <= 20 and not _BULLET.match(line) and not re.search(r"\d", stripped)


def _lines(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _LINE.finditer(text) if m.group().strip()]


def sentence_spans(chunk: Chunk, doc_text: str = "") -> list[tuple[int, int]]:
    """Sentences/rows, headings together with the lines under them, and short labels together with the
    line after them (in ``doc_text`` when the chunk ends there). Offsets are into the document text."""
    text, base = chunk.text, chunk.start
    spans: list[tuple[int, int]] = [(base + s.start, base + s.end) for s in split_sentences(text)]
    lines = _lines(text)
    for i, (ls, le) in enumerate(lines):
        level = heading_level(text[ls:le])
        if level is not None and level >= 3 and len(text[ls:le]) < 120:
            j, end = i + 1, le
            while j < len(lines) and j <= i + 4:
                nl = heading_level(text[lines[j][0] : lines[j][1]])
                if nl is not None and nl <= level:
                    break
                end = lines[j][1]
                j += 1
            if end > le:
                spans.append((base + ls, base + end))
        elif len(text[ls:le].strip()) <= 30:
            if i + 1 < len(lines):
                spans.append((base + ls, base + lines[i + 1][1]))  # a label, its value below
            elif doc_text:
                after = re.search(r"[^\n]*\S[^\n]*", doc_text[base + le : base + le + 200])
                if after is not None:
                    spans.append((base + ls, base + le + after.end()))
    return spans


def list_spans(chunk: Chunk) -> list[tuple[int, int]]:
    """Whole lists, for "어떤 프로그램이 있어요?": a heading with everything under it, and runs of
    tab-separated table rows (capped at LIST_LINES lines and LIST_CHARS characters)."""
    text, base = chunk.text, chunk.start
    lines = _lines(text)
    out: list[tuple[int, int]] = []
    for i, (ls, le) in enumerate(lines):
        line = text[ls:le]
        level = heading_level(line)
        if level is not None and len(line) < 120:
            j = i + 1
            while j < len(lines) and j <= i + LIST_LINES and lines[j][1] - ls <= LIST_CHARS:
                nl = heading_level(text[lines[j][0] : lines[j][1]])
                if nl is not None and nl <= level:
                    break
                j += 1
            if j - 1 > i + 4:
                out.append((base + ls, base + lines[j - 1][1]))
        elif (
            is_label(line)
            and i + 2 < len(lines)
            and all(_BULLET.match(text[a:b]) for a, b in lines[i + 1 : i + 3])
        ):
            # a category label over its bullets ("사업화 지원" / "ㅇ 기술지도 …" / "ㅇ 팝업스토어 …"): one list
            j = i + 1
            while (
                j < len(lines)
                and j <= i + LIST_LINES
                and _BULLET.match(text[lines[j][0] : lines[j][1]])
                and lines[j][1] - ls <= LIST_CHARS
            ):
                j += 1
            out.append((base + ls, base + lines[j - 1][1]))
        if "\t" in line and (i == 0 or "\t" not in text[lines[i - 1][0] : lines[i - 1][1]]):
            j = i + 1
            while j < len(lines) and j <= i + LIST_LINES and "\t" in text[lines[j][0] : lines[j][1]]:
                j += 1
            if j - 1 > i and lines[j - 1][1] - ls <= LIST_CHARS:
                out.append((base + ls, base + lines[j - 1][1]))
    return out


def similarity_text(span: str) -> str:
    """What the re-rank embeds for a span: whitespace collapsed, the first SIMILARITY_CHARS characters."""
    return " ".join(span.split())[:SIMILARITY_CHARS]


def span_key(text: str) -> bytes:
    """A short stable key for a similarity text (16 bytes of BLAKE2b)."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


def similarity_texts(chunks: list[Chunk] | tuple[Chunk, ...], doc_text: str) -> list[str]:
    """Every distinct similarity text of a document's candidate spans (what the ingest embeds)."""
    out: dict[str, None] = {}
    for chunk in chunks:
        for s, e in sentence_spans(chunk, doc_text) + list_spans(chunk):
            text = similarity_text(doc_text[s:e])
            if len(text) >= 4:
                out[text] = None
    return list(out)
