"""A human title for a document: its own heading line when it has one, else the cleaned file name."""

from __future__ import annotations

import re
from pathlib import PurePath

_KEYWORDS = ("공고", "계획", "보도자료", "매뉴얼", "안내", "양식", "방안", "소개", "사례집", "모집")
_NOISE = re.compile(r"_\d{12,}$")


def title_from_filename(source: str) -> str:
    stem = PurePath(source).stem
    stem = _NOISE.sub("", stem)
    return re.sub(r"[_\s]+", " ", stem).strip()


def derive_title(text: str, source: str, metadata_title: str = "") -> str:
    lines = [ln.strip() for ln in text.split("\n")[:40] if ln.strip()]
    for line in lines:
        flat = line.replace("\t", " ").strip()
        if re.match(r"^(?:[•□■◦ㅇ○●▪\-*※(]|\d{1,2}\s*[.)]\s)", flat):
            continue
        if re.search(r"바랍니다|하오니|합니다|입니다|다음과|위해", flat):
            continue
        if 8 <= len(flat) <= 90 and "년" in flat and any(k in flat for k in _KEYWORDS):
            return re.sub(r"\s+", " ", flat)
    meta = metadata_title.strip()
    if 6 <= len(meta) <= 90 and not meta.lower().endswith((".hwp", ".doc", ".pdf")):
        return meta
    return title_from_filename(source)
