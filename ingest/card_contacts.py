"""Contacts of a notice: phone numbers with the office that answers them."""

from __future__ import annotations

import re

from ingest.card_lines import CardField, Line, clean, field
from ingest.normalize import find_phones
from ingest.types import SourceDoc

__all__ = ["contacts"]

_CUE_TAIL = re.compile(r"[\s:：☎☏(（)）]*(?:국번\s*없이|Tel|TEL|tel|전화|연락처|문의)?[\s:：☎☏(（)）]*$")


def _org_before(text: str) -> tuple[int, str] | None:
    """(offset, name) of the organisation written just before a phone number on the same line."""
    before = _CUE_TAIL.sub("", text)
    if "\t" in before:
        cell_start = before.rfind("\t") + 1
        cell = before[cell_start:].strip()
        if not cell:
            cells = [c for c in before.split("\t") if c.strip()]
            if not cells:
                return None
            cell = cells[-1].strip()
            cell_start = before.rfind(cell)
        else:
            cell_start = before.index(cell, cell_start)
        name, start = cell, cell_start
    else:
        words = before.split()
        if not words:
            return None
        name = " ".join(words[-3:])
        start = before.rfind(words[-3:][0], 0, len(before) - len(" ".join(words[-3:])) + len(words[-3:][0]))
    name = name.strip(" ,:：")
    trimmed = re.sub(r"\s*(?:온라인\s*)?(?:접수\s*)?(?:문의처|문의|전화번호|연락처|전화)\s*$", "", name)
    if trimmed != name and not re.search(r"[가-힣]{2}", trimmed):
        return None  # only a cue word ("전화번호 : 042-…"): no organisation named
    name = re.sub(r"^(?:문의처|문의|연락처)\s*[:：]\s*", "", trimmed.strip(" ,:：/"))
    if (
        not re.search(r"[가-힣]{2}", name)
        or len(name) > 25
        or re.search(r"[,~/]|www|http|\d{2}:\d{2}", name)
        or name.count("(") != name.count(")")
    ):
        return None
    return start, name


def contacts(doc: SourceDoc, lines: list[Line]) -> tuple[CardField, ...]:
    out: list[CardField] = []
    seen: set[str] = set()
    for i, line in enumerate(lines):
        for p in find_phones(line.text):
            if p.digits in seen:
                continue
            seen.add(p.digits)
            org = _org_before(line.text[: p.start])
            start = line.start + p.start
            name = ""
            if org is not None:
                start, name = line.start + org[0], clean(org[1])
            elif i > 0 and line.text[: p.start].strip(" (국번없이):") == "" and len(lines[i - 1].text) <= 30:
                prev = lines[i - 1]
                if re.search(r"[가-힣]{2}", prev.text) and "\t" not in prev.text:
                    start, name = prev.start, clean(prev.text)
            value = f"{name} {p.text}".strip()
            while doc.text[start] in " :：,/-" and start < line.start + p.start:
                start += 1
            out.append(field(doc, start, line.start + p.end, value))
            if len(out) == 6:
                return tuple(out)
    return tuple(out)
