"""Normalise extracted text: full-width forms, PUA glyphs, HTML leftovers, control chars, spaces.

Plain NFKC is not used on purpose: it rewrites structure markers (① → 1, ㈜ → (주), ㎡ → m2,
Ⅰ → I) and turns Hangul compatibility jamo such as the bullet ``ㅇ`` into conjoining jamo. Only
characters whose Unicode decomposition is tagged ``<wide>``, ``<narrow>`` or ``<noBreak>`` are
folded (Ａ → A, ０ → 0, full-width space → space, NBSP → space); everything else is NFC-composed,
which keeps Hangul precomposed.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

BULLET = "•"

# Hancom's private-use quotation marks (seen in HWP 배포용 and HWPX text).
_PUA_MAP = {
    "\U000f0854": "「",
    "\U000f0855": "」",
}

_HTML_TAG = re.compile(
    r"</?(?:li|ul|ol|br|p|div|span|b|i|u|s|em|strong|font|sup|sub|table|tbody|thead|tr|td|th|hr|h[1-6]|a)"
    r"(?:\s[^<>]*)?/?>",
    re.IGNORECASE,
)
_ENTITY = re.compile(r"&(?:[a-zA-Z][a-zA-Z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});")
_SPACES = re.compile(r" {2,}")
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


def _is_pua(ch: str) -> bool:
    cp = ord(ch)
    return 0xE000 <= cp <= 0xF8FF or 0xF0000 <= cp <= 0x10FFFD


@lru_cache(maxsize=4096)
def _fold(ch: str) -> str:
    """Map one character: width folding, control removal; ``ch`` itself when untouched."""
    if ch in "\t\n":
        return ch
    cat = unicodedata.category(ch)
    if cat == "Cc":
        return ""
    if cat == "Zs":
        return " "
    decomposition = unicodedata.decomposition(ch)
    if decomposition.startswith(("<wide>", "<narrow>", "<noBreak>")):
        return unicodedata.normalize("NFKC", ch)
    return ch


def _replace_pua(line: str) -> str:
    if not any(_is_pua(c) for c in line):
        return line
    out: list[str] = []
    for ch in line:
        if not _is_pua(ch):
            out.append(ch)
        elif ch in _PUA_MAP:
            out.append(_PUA_MAP[ch])
        elif not "".join(out).strip():
            # A glyph opening the line is a bullet drawn with a symbol font.
            out.append(BULLET + " ")
        # elsewhere a PUA glyph is decoration: dropped
    return "".join(out)


def _clean_markup(text: str) -> str:
    if "<" in text:
        text = _HTML_TAG.sub(" ", text)
    if "&" in text:
        text = _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)
    return text


def clean_text(text: str) -> str:
    """Normalise ``text`` while keeping line breaks, tabs, Hangul and structure markers."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text = _clean_markup(text)
    text = text.translate(_ZERO_WIDTH)
    text = "".join(_fold(ch) for ch in text)
    text = unicodedata.normalize("NFC", text)
    lines: list[str] = []
    for raw in text.split("\n"):
        line = _replace_pua(raw)
        line = _SPACES.sub(" ", line)
        line = re.sub(r" *\t *", "\t", line).strip(" ")
        if not line.strip():
            line = ""
        if line == "" and (not lines or lines[-1] == ""):
            continue
        lines.append(line)
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines)
