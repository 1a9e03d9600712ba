"""The application window of a notice: 접수기간 / 신청기간 with times, 추후 공지, 상시 접수."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ingest.card_lines import HEADING, MARKER, CardField, Line, field, line_field
from ingest.normalize import DateMention, Period, find_dates, find_periods, format_datetime_ko
from ingest.types import SourceDoc

__all__ = ["apply_window"]

_APPLY_LABEL = re.compile(
    r"접\s*수\s*기\s*간|신\s*청\s*기\s*간|신청서?\s*[·ㆍ∙‧•.]?\s*접수|모집\s*기간|접수\s*일정|접수\s*기한|신청\s*기한"
    r"|(?:과제|사업)\s*신청(?=\s*[(:：]|\s*마감)"
)
_NOT_APPLY = re.compile(
    r"공고\s*기간|협약\s*기간|수행\s*기간|개발\s*기간|사업\s*기간|지원\s*기간|평가|발표|기준|투자|마감일"
)
# what may stand between a label and its period: "접수기간 : ", "신청(전산입력) 마감일 ", not "마감일 기준, "
_GAP_WORDS = re.compile(r"기준|이후|이전|까지|이내|동안|부터|투자|평가|발표|선정|협약")
_DEADLINE_LABEL = re.compile(
    r"접수\s*마감|신청\s*마감|마감\s*일|제출\s*기한|제출\s*기간|접수\s*기한|신청\s*기한"
)
# a label for a period of its own ("기간 : …", "일시 : …") under a heading about applying ("□ 서류접수")
_BARE_LABEL = re.compile(r"^(?:기\s*간|일\s*시|일\s*정|기\s*한)\s*[:：]")
_APPLY_CONTEXT = re.compile(r"접수|신청|모집|제출")
# a heading that opens a section about the deadline ("□ 공고 및 접수기한"), its dates in the lines below
_SECTION_LABEL = re.compile(
    r"접수\s*기한|접수\s*마감|신청\s*기한|신청\s*마감|접수\s*일정|접수\s*기간|신청\s*기간"
)
# where such a section ends ("1. 원인 규명 및" may be a row of its table, not the next chapter)
_MAJOR = re.compile(r"^\s*(?:[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]\s*\.|\d{1,2}\t|[□■◎q]\s|\[?붙임)")
_ROLLING = re.compile(r"상시\s*접수|수시\s*접수")
_TBD = re.compile(r"(?:추후|별도)\s*(?:공지|안내|공고)")
_FOOTNOTE = ("*", "※")

Window = tuple[CardField | None, dt.datetime | None, dt.datetime | None, bool, bool]


@dataclass(frozen=True)
class _Candidate:
    rank: int  # lower is more trustworthy
    start: int  # offsets of the quote in the document
    end: int
    period: Period | None = None
    deadline: DateMention | None = None


def _periods(text: str, year: int | None) -> list[Period]:
    return [p for p in find_periods(text, year) if not p.tbd]


def _timed(c: _Candidate) -> bool:
    return c.period is not None and c.period.end is not None and c.period.end.has_time


def _clean_gap(gap: str) -> bool:
    """Whether the text between a label and a date only continues the label ("(전산입력) 마감일 : ")."""
    bare = re.sub(r"\([^)]*\)|\[[^\]]*\]|공고일\s*(?:로)?\s*부터", "", gap)
    return len(bare.strip(" :：-–\t*")) <= 12 and not _GAP_WORDS.search(bare)


def _labelled(lines: list[Line], year: int | None) -> list[_Candidate]:
    """A label with its period on the same line, or a label alone with its period on the next lines."""
    out: list[_Candidate] = []
    for i, line in enumerate(lines):
        m = _APPLY_LABEL.search(line.text) or _DEADLINE_LABEL.search(line.text)
        if m is None or len(line.text) > 160 or _NOT_APPLY.search(line.text[: m.start()]):
            continue
        footnote = line.text.startswith(_FOOTNOTE)
        periods = [p for p in _periods(line.text, year) if p.start_offset >= m.end()]
        # the label nearest before the period: a table row "신청 기간 및 양식 교부 | ◦ 계획서 신청기간 : …"
        # names it twice, the second time just before the dates
        nearest = m
        if periods:
            labels = [*_APPLY_LABEL.finditer(line.text), *_DEADLINE_LABEL.finditer(line.text)]
            nearest = max((x for x in labels if x.end() <= periods[0].start_offset), key=lambda x: x.end())
        if periods and _clean_gap(line.text[nearest.end() : periods[0].start_offset]):
            p = periods[0]
            rank = 2 if footnote else (-1 if "온라인" in line.text else 0)
            out.append(_Candidate(rank, line.start + p.start_offset, line.start + p.end_offset, period=p))
            continue
        dates = [d for d in find_dates(line.text, year) if d.start >= m.end()]
        if len(dates) == 1 and dates[0].has_time and _clean_gap(line.text[m.end() : dates[0].start]):
            d = dates[0]
            out.append(_Candidate(3 if footnote else 1, line.start + d.start, line.start + d.end, deadline=d))
            continue
        before = line.text[: m.start()]
        if "\t" in before:  # a table row whose label cell follows its date cell
            prev = before[: before.rfind("\t")].rstrip("\t")  # the cells before the label's own
            cell_start = prev.rfind("\t") + 1
            cell = prev[cell_start:]
            periods = _periods(cell, year)
            if periods and "\t" not in line.text[m.start() :].strip():
                p = periods[-1]
                out.append(
                    _Candidate(
                        1,
                        line.start + cell_start + p.start_offset,
                        line.start + cell_start + p.end_offset,
                        period=p,
                    )
                )
                continue
        if dates or len(line.text) > 40 or footnote:
            continue
        # a heading on its own line: the next few lines that are not other periods
        for nxt in lines[i + 1 : i + 4]:
            if _NOT_APPLY.search(nxt.text) or HEADING.match(nxt.text):
                break
            periods = _periods(nxt.text, year)
            if periods:
                p = periods[0]
                out.append(_Candidate(1, nxt.start + p.start_offset, nxt.start + p.end_offset, period=p))
                break
    return out


def _in_context(lines: list[Line], year: int | None) -> list[_Candidate]:
    """ "◦ 기간 : 2025년 6월 27일 ~ 7월 28일" under a heading about applying ("□ 서류접수")."""
    out: list[_Candidate] = []
    for i, line in enumerate(lines):
        if not _BARE_LABEL.match(MARKER.sub("", line.text)):
            continue
        heading = next((h for h in reversed(lines[max(0, i - 6) : i]) if HEADING.match(h.text)), None)
        if heading is None or not _APPLY_CONTEXT.search(heading.text) or _NOT_APPLY.search(heading.text):
            continue
        periods = _periods(line.text, year)
        if periods:
            p = periods[0]
            out.append(_Candidate(1, line.start + p.start_offset, line.start + p.end_offset, period=p))
    return out


def _cells(line: Line) -> list[tuple[int, str]]:
    """(offset in the document, text) of each tab-separated cell of a table row."""
    out: list[tuple[int, str]] = []
    pos = line.start
    for cell in line.text.split("\t"):
        out.append((pos, cell))
        pos += len(cell) + 1
    return out


def _in_tables(lines: list[Line], year: int | None) -> list[_Candidate]:
    """A table whose header names the application period: the dates of that column in the rows below.
    Rows with fewer or more cells than the header (merged cells on the left) are aligned on the right."""
    out: list[_Candidate] = []
    for i, line in enumerate(lines):
        if "\t" not in line.text or find_dates(line.text, year):
            continue
        header = line.text.split("\t")
        cols = [
            k
            for k, cell in enumerate(header)
            if (m := _APPLY_LABEL.search(cell) or _DEADLINE_LABEL.search(cell))
            and not _NOT_APPLY.search(cell[: m.start()])
        ]
        if not cols:
            continue
        for row in lines[i + 1 : i + 4]:
            if "\t" not in row.text:
                continue
            cells = _cells(row)
            k = cols[0] + len(cells) - len(header)
            if not 0 <= k < len(cells):
                continue
            offset, cell = cells[k]
            periods = _periods(cell, year)
            dates = [d for d in find_dates(cell, year) if not d.year_inferred or d.has_time]
            if periods:
                p = periods[0]
                out.append(_Candidate(2, offset + p.start_offset, offset + p.end_offset, period=p))
            elif len(dates) == 1 and dates[0].has_time:
                d = dates[0]
                out.append(_Candidate(2, offset + d.start, offset + d.end, deadline=d))
            else:
                continue
            break
    return out


def _in_sections(doc: SourceDoc, lines: list[Line], year: int | None) -> list[_Candidate]:
    """A short heading about the deadline ("□ 공고 및 접수기한") whose section, down to the next heading,
    holds one deadline (a date with its time; the same day repeated for several rows of a table)."""
    out: list[_Candidate] = []
    for i, line in enumerate(lines):
        if len(line.text) > 30 or not _SECTION_LABEL.search(line.text) or find_dates(line.text, year):
            continue
        end = i + 1
        while end < len(lines) and end < i + 30 and not _MAJOR.match(lines[end].text):
            end += 1
        if end == i + 1:
            continue
        base = lines[i + 1].start
        window = doc.text[base : lines[end - 1].end]
        periods = _periods(window, year)
        if periods:
            p = periods[0]
            out.append(_Candidate(3, base + p.start_offset, base + p.end_offset, period=p))
            continue
        dates = [d for d in find_dates(window, year) if not d.year_inferred]
        if dates and len({d.value.date() for d in dates}) == 1 and any(d.has_time for d in dates):
            d = next(d for d in dates if d.has_time)
            out.append(_Candidate(3, base + d.start, base + d.end, deadline=d))
    return out


_STEP_SEP = re.compile(r"[▶➡→⇒►]")
_STEP_APPLY = re.compile(r"접수|신청|제출")
_STEP_OTHER = re.compile(r"검토|평가|협약|선정|정산|결과|발표|통보|공고")


def _in_steps(doc: SourceDoc, lines: list[Line], year: int | None) -> list[_Candidate]:
    """A line of steps ("공고 ’25.02.11 ▶ 사업계획 제출 ~’25.03.7 ▶ 사전검토 …"): the dates of the step about
    applying (접수/신청/제출, not a review or the agreement) — a period, or a deadline written "~ date",
    which opens on the date of the 공고 step just before it (on this line or the three above) when there is one."""
    out: list[_Candidate] = []
    for i, line in enumerate(lines):
        if not _STEP_SEP.search(line.text):
            continue
        pos = 0
        for part in _STEP_SEP.split(line.text):
            start, pos = pos, pos + len(part) + 1
            if not _STEP_APPLY.search(part) or _STEP_OTHER.search(part) or _NOT_APPLY.search(part):
                continue
            periods = _periods(part, year)
            dates = find_dates(part, year)
            if periods:
                p = periods[0]
                at = line.start + start
                out.append(_Candidate(3, at + p.start_offset, at + p.end_offset, period=p))
            elif len(dates) == 1 and re.search(r"[~∼～]\s*$", part[: dates[0].start]):
                d = dates[0]
                end_at = line.start + start + d.end
                base = lines[max(0, i - 3)].start
                before = doc.text[base : line.start + start]
                posted = before.rfind("공고")
                opened = (
                    [x for x in find_dates(before[posted:], year) if not x.year_inferred]
                    if posted >= 0
                    else []
                )
                if (
                    len(opened) == 1
                ):  # "공고 ‘25.02.11 ▶ 사업계획 제출 ~‘25.03.7": from the 공고 to the deadline
                    o = opened[0]
                    period = Period(start=o, end=d, text="", start_offset=0, end_offset=0, tbd=False)
                    out.append(_Candidate(3, base + posted + o.start, end_at, period=period))
                else:
                    out.append(_Candidate(3, line.start + start + d.start, end_at, deadline=d))
    return out


def _open_ended(doc: SourceDoc, lines: list[Line]) -> Window | None:
    """ "추후 공지" or "상시 접수" written with the label, on its line or the next."""
    for i, line in enumerate(lines):
        if not _APPLY_LABEL.search(line.text) or len(line.text) > 80 or _NOT_APPLY.search(line.text):
            continue
        follow = [line] if find_dates(line.text) else [line, *_label_text(lines, i)]
        for cand in follow:
            if _TBD.search(cand.text):
                return line_field(doc, cand, "추후 공지"), None, None, True, False
            if _ROLLING.search(cand.text):
                return line_field(doc, cand, "상시 접수"), None, None, False, True
    return None


def _label_text(lines: list[Line], i: int, most: int = 4) -> list[Line]:
    """The lines that a label standing alone on its line ("신청기간") runs on to, up to the next heading,
    note or label: a table cell wrapped over several lines (PDF: "사업공고 게시 이후부터" / "예산 소진
    시까지 상시접수")."""
    out: list[Line] = []
    for nxt in lines[i + 1 : i + 1 + most]:
        if HEADING.match(nxt.text) or nxt.text.startswith(_FOOTNOTE) or _APPLY_LABEL.search(nxt.text):
            break
        out.append(nxt)
        if len(MARKER.sub("", nxt.text)) > 40 or _TBD.search(nxt.text) or _ROLLING.search(nxt.text):
            break
    return out[:1] if out and len(lines[i].text) > 20 else out


def _closing_time(best: _Candidate, candidates: list[_Candidate], doc: SourceDoc) -> _Candidate | None:
    """A deadline with its time, on the period's last day, written just after the period (within a few
    lines): it completes a period that gives no closing time."""
    assert best.period is not None and best.period.end is not None
    day = best.period.end.value.date()
    for c in candidates:
        if (
            c.deadline is not None
            and c.deadline.has_time
            and c.deadline.value.date() == day
            and 0 < c.start - best.end < 200
            and doc.text.count("\n", best.end, c.start) <= 2
        ):
            return c
    return None


def apply_window(doc: SourceDoc, lines: list[Line], year: int | None) -> Window:
    """(field, start, end, tbd, rolling) for the application period: a labelled line first, then a
    bare "기간 :" under an application heading, a table column, a deadline section."""
    candidates = [*_labelled(lines, year), *_in_context(lines, year), *_in_tables(lines, year)]
    candidates += [*_in_sections(doc, lines, year), *_in_steps(doc, lines, year)]
    if candidates:
        # of equal rank: a period before a lone deadline, one that gives the closing time, the first
        best = min(candidates, key=lambda c: (c.rank, c.period is None, not _timed(c), c.start))
        if best.period is not None:
            p = best.period
            assert p.start is not None and p.end is not None
            end, end_at, timed = p.end.value, best.end, p.end.has_time
            closing = _closing_time(best, candidates, doc)
            if (
                not timed and closing is not None
            ):  # "신청기간 : 9.18 ~ 10.17" + "접수마감일 : 10월 17일 11:00"
                end, end_at, timed = closing.deadline.value, closing.end, True  # type: ignore[union-attr]
            value = (
                f"{format_datetime_ko(p.start.value, p.start.has_time)} ~ {format_datetime_ko(end, timed)}"
            )
            return field(doc, best.start, end_at, value), p.start.value, end, False, False
        d = best.deadline
        assert d is not None
        value = f"~ {format_datetime_ko(d.value, d.has_time)} 마감"
        return field(doc, best.start, best.end, value), None, d.value, False, False
    return _open_ended(doc, lines) or (None, None, None, False, False)
