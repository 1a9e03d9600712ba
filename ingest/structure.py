"""Turn a document's lines into sections with a heading path (e.g. ``3. 과제 세부내용 > □ 기업지원 규모``).

Korean government documents mark their outline with ``Ⅰ.`` / ``1.`` / ``□`` / ``◦`` … at the start
of a line. Those markers give the level; table rows (lines with tabs) and long lines are content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.types import Section

_LEVELS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (
        1,
        re.compile(
            r"^(?:#{1,2}\s|[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]\s*[.．]?\s|(?:I|II|III|IV|V|VI|VII|VIII|IX|X)\.\s|제\s?\d+\s?[장편]\s)"
        ),
    ),
    (2, re.compile(r"^(?:#{3}\s|\d{1,2}\s?[.．]\s?(?!\d))")),
    (3, re.compile(r"^(?:#{4,}\s|[□■▣◆◇❶❷❸❹❺❻❼❽❾➊➋➌➍➎➏➐➑➒]|[가나다라마바사아자차카타파하]\s?[.．)]\s)")),
    # "1)" numbers items inside a □/① block ("⑦ 다음의 기준 요건 …" / "1) 매출액이 10억원 이상인 경우"), not the
    # outline: as a heading it would head every section after it ("3) 누적 투자유치금액이 … > □ 선정 절차")
    (4, re.compile(r"^(?:[◦○ㅇ●◎▪▶►•]\s?|[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮]|\(\d{1,2}\)\s|\d{1,2}\)\s)")),
)
_MAX_HEADING = 60


def heading_level(line: str) -> int | None:
    """Outline level of a line (1 = top) or None for plain content."""
    s = line.strip()
    if not s or "\t" in s:
        return None
    for level, pattern in _LEVELS:
        if pattern.match(s):
            if level <= 2 and len(s) > _MAX_HEADING:
                return None
            return level
    return None


def short_heading(line: str) -> str:
    s = re.sub(r"^#+\s*", "", line.strip())
    return s if len(s) <= 40 else s[:39].rstrip() + "…"


@dataclass
class _Open:
    level: int
    text: str


def split_sections(doc_id: str, text: str) -> list[Section]:
    """Sections at every heading of level ≤ 3; ``top`` counts top-level (level-1, else level-2) blocks."""
    lines = text.split("\n")
    levels = [heading_level(line) for line in lines]
    present = {lv for lv in levels if lv is not None}
    top_level = 1 if 1 in present else (2 if 2 in present else 3)

    sections: list[Section] = []
    stack: list[_Open] = []
    top = 0
    sec_start = 0
    path: tuple[str, ...] = ()
    offset = 0
    for line, level in zip(lines, levels, strict=True):
        if level is not None and level <= 3:
            if offset > sec_start and text[sec_start:offset].strip():
                sections.append(Section(doc_id, path, sec_start, offset, top))
            sec_start = offset
            if level <= top_level and (sections or offset > 0):
                top += 1
            while stack and stack[-1].level >= level:
                stack.pop()
            stack.append(_Open(level, short_heading(line)))
            path = tuple(o.text for o in stack)
        offset += len(line) + 1
    end = len(text)
    if text[sec_start:end].strip():
        sections.append(Section(doc_id, path, sec_start, end, top))
    return sections
