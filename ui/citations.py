"""Numbered citations under an answer: each opens to the quoted passage in its document context."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

import streamlit as st

from assistant.types import Citation
from ui.backend import Backend, BackendError

CONTEXT_CHARS = 300
_MD_SPECIAL = re.compile(r"([\\`*_~$<>\[\]|#])")
_BULLET = re.compile(r"^\s*•\s*(?:[◦ㅇ▪○-]\s*)?")


def md_escape(text: str) -> str:
    """``text`` shown literally by Markdown."""
    return _MD_SPECIAL.sub(r"\\\1", text)


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
    """(before, quote, after) around the quote, cut at line breaks where possible."""
    span = locate(text, quote, start, end)
    if span is None:
        return "", quote, ""
    s, e = span
    lo = max(0, s - radius)
    hi = min(len(text), e + radius)
    if lo > 0 and (nl := text.find("\n", lo, s)) >= 0:
        lo = nl + 1
    if hi < len(text) and (nl := text.rfind("\n", e, hi)) >= 0:
        hi = nl
    before = ("…" if lo > 0 else "") + text[lo:s]
    after = text[e:hi] + ("…" if hi < len(text) else "")
    return before, text[s:e], after


def context_html(before: str, quote: str, after: str) -> str:
    def lines(s: str) -> str:
        return html.escape(s).replace("\n", "<br>")

    return f'<div class="gj-context">{lines(before)}<mark class="gj-quote">{lines(quote)}</mark>{lines(after)}</div>'


def citation_label(c: Citation) -> str:
    parts = [f"[{c.n}] {md_escape(c.title or c.source)}"]
    if c.page:
        parts.append(f"{c.page}쪽")
    if c.section:
        parts.append(md_escape(c.section[:40]))
    return " · ".join(parts)


def render_citations(backend: Backend, citations: Sequence[Citation], key: str) -> None:
    """One expander per citation: title, source file, page, section and the quote in context."""
    if not citations:
        return
    st.caption("근거 문서")
    for c in citations:
        with st.expander(citation_label(c), key=f"{key}_cite_{c.n}"):
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
