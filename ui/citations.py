"""Numbered citations under an answer: each opens to the quoted passage in its document context."""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Sequence

import streamlit as st

from assistant.types import Citation
from ui.backend import Backend, BackendError

CONTEXT_CHARS = 300
BEFORE_CHARS = 160
BEFORE_LINES = 2  # lines of context above a quote: the quote stays in the visible top of its box
LABEL_QUOTE_CHARS = 24
_MD_SPECIAL = re.compile(r"([\\`*_~$<>\[\]|#])")
# a line that Markdown would turn into a list item or a rule: "2025. 4. 17.", "1) …", "- …", "+ …"
_ORDERED_START = re.compile(r"^(\s*\d+)([.)])(?=\s|$)", re.M)
_BULLET_START = re.compile(r"^(\s*)([-+=])", re.M)
# the answer's "•" and the notice's own markers that follow it ("• ◦ …", "• * …", "• - …")
_MARKER = re.compile(r"^\s*(?:[◦▪○·•‣▸▶➢❍□■※]|[ㅇ*-](?=\s)|\d+[.)](?=\s))\s*")
_BULLET = re.compile(r"^\s*•(?:\s*(?:[◦▪○·•‣▸▶➢❍□■]|[ㅇ*-](?=\s)))*\s*")


def md_escape(text: str) -> str:
    """``text`` shown literally by Markdown: no emphasis, links, HTML, and no list or rule made of a line
    that starts with a number and a dot (``2025. 4. 17.``) or a dash."""
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = _ORDERED_START.sub(r"\1\\\2", text)
    return _BULLET_START.sub(r"\1\\\2", text)


def to_markdown(text: str) -> str:
    """Answer text as Markdown: special characters escaped, one line per line, bullets as a list."""
    out: list[str] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        if line.lstrip().startswith("•"):
            out.append("- " + md_escape(_BULLET.sub("", line, count=1)))
        else:
            if out and out[-1].startswith("- "):
                out.append("")
            out.append(md_escape(line.strip()) + "  ")
    return "\n".join(out)


def locate(text: str, quote: str, start: int = -1, end: int = -1) -> tuple[int, int] | None:
    """Where ``quote`` sits in ``text``: the given offsets when they match, else the first occurrence."""
    if 0 <= start < end <= len(text) and text[start:end] == quote:
        return start, end
    found = text.find(quote)
    if found >= 0:
        return found, found + len(quote)
    compact = quote.strip()
    found = text.find(compact) if compact else -1
    return (found, found + len(compact)) if found >= 0 else None


def quote_context(
    text: str, quote: str, start: int = -1, end: int = -1, radius: int = CONTEXT_CHARS
) -> tuple[str, str, str]:
    """(before, quote, after) around the quote, cut at line breaks where possible; at most
    ``BEFORE_LINES`` lines above it, so that the quote shows near the top of its box."""
    span = locate(text, quote, start, end)
    if span is None:
        return "", quote, ""
    s, e = span
    lo = max(0, s - min(radius, BEFORE_CHARS))
    hi = min(len(text), e + radius)
    if lo > 0 and (nl := text.find("\n", lo, s)) >= 0:
        lo = nl + 1
    for _ in range(text.count("\n", lo, s) - BEFORE_LINES):  # only the last lines above the quote
        lo = text.index("\n", lo, s) + 1
    if hi < len(text) and (nl := text.rfind("\n", e, hi)) >= 0:
        hi = nl
    before = ("…" if lo > 0 else "") + text[lo:s]
    after = text[e:hi] + ("…" if hi < len(text) else "")
    return before, text[s:e], after


def context_html(before: str, quote: str, after: str) -> str:
    def lines(s: str) -> str:
        return html.escape(s).replace("\n", "<br>")

    return f'<div class="gj-context">{lines(before)}<mark class="gj-quote">{lines(quote)}</mark>{lines(after)}</div>'


def citation_label(c: Citation, snippet: str = "") -> str:
    """``[n] 제목 · 쪽 · 항목``, and ``「snippet」`` (words of the quote) when given."""
    parts = [f"[{c.n}] {md_escape(c.title or c.source)}"]
    if c.page:
        parts.append(f"{c.page}쪽")
    if c.section:
        parts.append(md_escape(c.section[:40]))
    if snippet:
        parts.append(f"「{md_escape(snippet)}」")
    return " · ".join(parts)


def _words(quote: str) -> str:
    return " ".join(_MARKER.sub("", quote, count=1).split())


def quote_opening(quote: str, limit: int = LABEL_QUOTE_CHARS) -> str:
    """The first words of a quote, without the notice's line markers."""
    words = _words(quote)
    return words if len(words) <= limit else words[:limit].rstrip() + "…"


def quote_closing(quote: str, limit: int = LABEL_QUOTE_CHARS) -> str:
    """The last words of a quote."""
    words = _words(quote)
    return words if len(words) <= limit else "…" + words[-limit:].lstrip()


def citation_labels(citations: Sequence[Citation]) -> list[str]:
    """One label per citation, no two alike: citations of the same document, page and section also show their
    quote's first words, or its last words when the first are shared, or which citation they repeat."""
    by_place: dict[tuple[str, int, str], list[Citation]] = defaultdict(list)
    for c in citations:
        by_place[(c.doc_id, c.page, c.section)].append(c)
    labels = []
    for c in citations:
        others = [o for o in by_place[(c.doc_id, c.page, c.section)] if o is not c]
        labels.append(citation_label(c, _snippet(c, others) if others else ""))
    return labels


def _snippet(c: Citation, others: list[Citation]) -> str:
    words = _words(c.quote)
    earlier = next((o for o in others if o.n < c.n and _words(o.quote) == words), None)
    if earlier is not None:
        return f"[{earlier.n}]번과 같은 구절"
    others = [o for o in others if _words(o.quote) != words]
    opening = quote_opening(c.quote)
    if all(quote_opening(o.quote) != opening for o in others):
        return opening
    return quote_closing(c.quote)


def render_citations(backend: Backend, citations: Sequence[Citation], key: str) -> None:
    """One expander per citation: title, source file, page, section and the quote in context."""
    if not citations:
        return
    st.caption("근거 문서")
    for c, label in zip(citations, citation_labels(citations), strict=True):
        with st.expander(label, key=f"{key}_cite_{c.n}"):
            st.markdown(
                f"**문서** {md_escape(c.title or '-')}  \n**파일** `{c.source}`  \n"
                f"**쪽** {c.page} · **항목** {md_escape(c.section or '-')}"
            )
            try:
                text = backend.document_text(c.doc_id)
            except (KeyError, BackendError):
                text = ""
            before, quote, after = quote_context(text, c.quote, c.start, c.end) if text else ("", c.quote, "")
            st.markdown(context_html(before, quote, after), unsafe_allow_html=True)
