"""The application window of a notice: 접수기간 / 신청기간 with times, 추후 공지, 상시 접수."""

from __future__ import annotations

import datetime as dt
import re

from ingest.card_lines import HEADING, CardField, Line, field, line_field
from ingest.normalize import Period, find_dates, find_periods, format_datetime_ko
from ingest.types import SourceDoc

__all__ = ["apply_window"]

_APPLY_LABEL = re.compile(
    r"접\s*수\s*기\s*간|신\s*청\s*기\s*간|신청\s*[·ㆍ∙.]?\s*접수|모집\s*기간|접수\s*일정|접수\s*기한|신청\s*기한"
)
_NOT_APPLY = re.compile(
    r"공고\s*기간|협약\s*기간|수행\s*기간|개발\s*기간|사업\s*기간|지원\s*기간|평가|발표|기준|투자|마감일"
)
_DEADLINE_LABEL = re.compile(r"접수\s*마감|신청\s*마감|마감\s*일시|제출\s*기한")
_ROLLING = re.compile(r"상시\s*접수|수시\s*접수")


def _periods_in(line: Line, year: int | None) -> list[Period]:
    return [p for p in find_periods(line.text, year) if not p.tbd]


def apply_window(
    doc: SourceDoc, lines: list[Line], year: int | None
) -> tuple[CardField | None, dt.datetime | None, dt.datetime | None, bool, bool]:
    """(field, start, end, tbd, rolling) for the application period."""
    candidates: list[tuple[int, Line, Period]] = []
    for i, line in enumerate(lines):
        if not _APPLY_LABEL.search(line.text):
            continue
        label_pos = _APPLY_LABEL.search(line.text).start()
        if _NOT_APPLY.search(line.text[:label_pos]) or len(line.text) > 160:
            continue
        periods = _periods_in(line, year)
        if periods:
            candidates.append((0 if "온라인" not in line.text else -1, line, periods[0]))
            continue
        # heading on its own line: look at the next few short lines that are not other periods
        for nxt in lines[i + 1 : i + 4]:
            if _NOT_APPLY.search(nxt.text) or HEADING.match(nxt.text):
                break
            periods = _periods_in(nxt, year)
            if periods:
                candidates.append((1, nxt, periods[0]))
                break
    if candidates:
        candidates.sort(key=lambda c: (c[0], c[1].start))
        _, line, p = candidates[0]
        assert p.start is not None and p.end is not None
        s, e = line.start + p.start_offset, line.start + p.end_offset
        value = (
            f"{format_datetime_ko(p.start.value, p.start.has_time)} ~ "
            f"{format_datetime_ko(p.end.value, p.end.has_time)}"
        )
        return field(doc, s, e, value), p.start.value, p.end.value, False, False
    for line in lines:
        if _APPLY_LABEL.search(line.text) and len(line.text) <= 80:
            tbd = re.search(r"(?:추후|별도)\s*(?:공지|안내|공고)", line.text)
            if tbd and not _NOT_APPLY.search(line.text):
                return line_field(doc, line, "추후 공지"), None, None, True, False
            roll = _ROLLING.search(line.text)
            if roll and not _NOT_APPLY.search(line.text):
                return line_field(doc, line, "상시 접수"), None, None, False, True
    for line in lines:
        if _DEADLINE_LABEL.search(line.text) and len(line.text) <= 80:
            dates = [d for d in find_dates(line.text, year) if d.has_time]
            if len(dates) == 1:
                d = dates[0]
                value = f"~ {format_datetime_ko(d.value, True)} 마감"
                return (
                    field(doc, line.start + d.start, line.start + d.end, value),
                    None,
                    d.value,
                    False,
                    False,
                )
    return None, None, None, False, False
