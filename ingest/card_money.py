"""Money facts of a notice: the total budget, the limit per company/project, the applicant's own share."""

from __future__ import annotations

import re

from ingest.card_lines import HEADING, ITEM, NUMBERING, CardField, Line, clean, field
from ingest.normalize import AmountMention, find_amounts, find_ratios, format_won
from ingest.types import SourceDoc

__all__ = ["budget", "limit", "self_share"]

_BUDGET_LABEL = re.compile(
    r"지원\s*규모|지원\s*예산|사업\s*예산|총\s*사업비|예산\s*규모|총\s*예산|예산\s*\((?:정부\s*출연금|국비)\)"
)
_LIMIT_LABEL = re.compile(
    r"지원\s*한도|지원\s*금액|지원\s*조건|기업\s*당|과제\s*당|업체\s*당|개사\s*당|기관\s*당|팀\s*당|과제\s*별|기업\s*별|"
    r"연차\s*별|정부\s*(?:지원\s*)?(?:연구\s*개발비|금)|정부\s*출연금|기업\s*지원\s*규모"
)
# the government's share of one project named as a label ("정부지원연구개발비 : 4.8억원 이내",
# "총 정부지원연구개발비 (당해연도)\t128억 원 이내"): its 이내/내외 amount is the cap
_FUND_LABEL = re.compile(r"정부\s*(?:지원\s*)?(?:연구\s*개발비|출연금)\s*(?:\([^)]{0,10}\))?\s*[:：\t]")
# a line that stops inside a word ("… 전체 기관부담연구" / "개발비 중 10%이상은 …"), not at a word's end
_CUT_WORD = re.compile(r"[가-힣](?<!이상|이하|이내|미만|부담|비율)(?<![다음함임요며고서등])$")
_SENTENCE = re.compile(r"[,.]|[다음함임요]\s*$")
_COLUMN_LABEL = re.compile(
    r"총\s*정부\s*지원\s*연구\s*개발비|지원\s*한도|지원\s*금액|지원\s*단가|(?:기업|과제)\s*당\s*지원"
)
_OFFER_LABEL = re.compile(r"지원\s*내용|지원\s*규모|지원\s*금|지원\s*사업비|사업화\s*자금")
_LIMIT_SCOPE = re.compile(r"(기업|과제|업체|개사|기관|팀|연차|년차)\s*(?:당|별)")
_NOT_MONEY_LIMIT = re.compile(r"매출|자산|부채|투자\s*유치|투자금|수출|자본|이상인|지분|기술료|가산|위약")
_COUNT = re.compile(
    r"(?:신규\s*)?(?:\d+\s*개?\s*(?:과제|기업|개사|사|팀|건|社)|(?:과제|기업)\s*\d+\s*(?:개|개사|건))\s*(?:내외|이내)?"
)
_FUND_PREFIX = re.compile(r"(국비|정부\s*지원금|정부\s*출연금|총\s*사업비|총)\s*$")


def _ambiguous_row(text: str) -> bool:
    """A table row whose cells hold different amounts (one per column) names no single amount."""
    cells = [c for c in text.split("\t") if find_amounts(c)]
    return len(cells) > 1


def _money_text(a: AmountMention) -> str:
    s = format_won(a.won)
    if a.qualifier in ("최대", "최고", "총", "약"):
        s = f"{a.qualifier} {s}"
    elif a.qualifier in ("이내", "내외", "이하", "한도"):
        s = f"{s} {a.qualifier}"
    return s


def budget(doc: SourceDoc, lines: list[Line]) -> CardField | None:
    for line in lines:
        m = _BUDGET_LABEL.search(line.text)
        if not m or len(line.text) > 200 or _ambiguous_row(line.text):
            continue
        if re.search(r"증액|감액|증가|감소|확대|변경", line.text):
            continue
        amounts = [a for a in find_amounts(line.text) if m.end() <= a.start <= m.end() + 30]
        if not amounts:
            continue
        a = amounts[0]
        if _LIMIT_SCOPE.search(line.text, m.end(), a.start):
            continue  # "지원규모 : 과제당 국비 2.85억 이내": one project's cap (the limit), not the budget
        value = _money_text(a)
        fund = _FUND_PREFIX.search(line.text[max(0, a.start - 8) : a.start])
        if fund and not value.startswith(fund.group(1)):
            value = f"{fund.group(1)} {value}"
        count = _COUNT.search(line.text, a.end)
        end = a.end
        if count and count.start() - a.end < 15:
            value += f" ({count.group(0)})"
            end = count.end()
        return field(doc, line.start + m.start(), line.start + end, value)
    return _budget_total(doc, lines) or _budget_in_heading(doc, lines)


# a heading that counts the projects it covers and their money in one bracket ("가. 가나 공모과제 (11개 과제,
# ’25년도 11,657백만원)")
_COUNTED_BRACKET = re.compile(r"\(\s*(\d+\s*개\s*과제(?:\s*내외)?)\s*,\s*([^()]{2,30})\)")


def _budget_in_heading(doc: SourceDoc, lines: list[Line]) -> CardField | None:
    """The budget of a notice that gives it only beside the count of its projects in a heading, once."""
    found: list[tuple[Line, re.Match[str], AmountMention]] = []
    for line in lines:
        if not (HEADING.match(line.text) or NUMBERING.match(line.text.lstrip())) or len(line.text) > 120:
            continue
        m = _COUNTED_BRACKET.search(line.text)
        amounts = [a for a in find_amounts(m.group(2)) if a.won >= 100_000_000] if m else []
        if m and len(amounts) == 1:
            found.append((line, m, amounts[0]))
    if len(found) != 1:
        return None  # several headings: each covers one part of the notice
    line, m, a = found[0]
    before = re.sub(r"[\s,]+$", "", m.group(2)[: a.start])
    value = (f"{before} " if before else "") + f"{format_won(a.won)} ({m.group(1)})"
    return field(doc, line.start + m.start(), line.start + m.end(), value)


_TOTAL_COLUMN = re.compile(r"정부\s*출연금|예산|지원\s*규모|사업비")
_TOTAL_ROW = re.compile(r"^(?:총\s*합|합\s*계|총\s*계|계)$")


def _budget_total(doc: SourceDoc, lines: list[Line]) -> CardField | None:
    """A table of the notice's projects or programs whose header names the money ("사업명 | … | 2025년
    정부출연금") and whose total row ("총 합 | 10 | 4,900백만원") gives one amount: the budget."""
    for i, line in enumerate(lines):
        if "\t" not in line.text or not _TOTAL_COLUMN.search(line.text) or find_amounts(line.text):
            continue
        for row in lines[i + 1 : i + 16]:
            if "\t" not in row.text:
                break
            first = row.text.split("\t")[0].strip()
            if not _TOTAL_ROW.match(first):
                continue
            amounts = [a for a in find_amounts(row.text) if a.won >= 100_000_000]
            if len(amounts) == 1:
                a = amounts[0]
                return field(doc, row.start, row.start + a.end, f"총 {format_won(a.won)}")
            break
    return None


def limit(doc: SourceDoc, lines: list[Line]) -> tuple[CardField | None, int | None]:
    column = _limit_column(doc, lines)
    # a row of a table with a limit column ("내역사업 | 개발기간 및 지원한도 | …") is read as that column:
    # the highest of its rows, not the first row whose words happen to include a label ("연차별 …")
    rows = range(column[2] + 1, column[3] + 1) if column is not None else range(0)
    for i, line in enumerate(lines):
        if i in rows:
            continue
        m = _LIMIT_LABEL.search(line.text)
        if not m or len(line.text) > 200 or _NOT_MONEY_LIMIT.search(line.text) or _ambiguous_row(line.text):
            continue
        strong_label = re.search(r"한도|지원\s*조건", m.group(0)) is not None
        fund_label = _FUND_LABEL.match(line.text, m.start()) is not None
        amounts = [
            a
            for a in find_amounts(line.text)
            if a.start > m.start()
            and (
                a.qualifier in ("최대", "최고")
                or (
                    a.qualifier in ("이내", "한도", "이하", "내외")
                    and (strong_label or fund_label or _LIMIT_SCOPE.search(line.text[: a.start]))
                )
                or (strong_label and a.qualifier == "")
            )
        ]
        if not amounts:
            continue
        a = amounts[0]
        scope = _LIMIT_SCOPE.search(line.text[: a.start])
        parts = []
        if fund_label and not scope:  # whose amount it is: "정부지원연구개발비", "총 정부지원연구개발비"
            total = "총 " if re.search(r"총\s*$", line.text[: m.start()]) else ""
            parts.append(total + re.sub(r"\s+", "", m.group(0)))
            # (a bracket in a header, "(당해연도)", speaks of the amount in brackets after this one)
            between = clean(re.sub(r"\([^)]*\)", "", line.text[m.end() : a.start])).strip(" :：")
            if between and len(between) <= 12 and not find_amounts(between):
                parts.append(between)  # "’26년", "총 사업비": what the amount covers
        if scope:
            parts.append(re.sub(r"\s+", "", scope.group(0)))
        if a.per == "년" or re.search(
            r"연간\s*$|연간\s", line.text[(scope.end() if scope else m.end()) : a.start]
        ):
            parts.append("연")  # "과제당 연간 60백만 원 이내"
        parts.append(_money_text(a))
        start = line.start + min(m.start(), scope.start() if scope else m.start())
        return field(doc, start, line.start + a.end, " ".join(parts)), a.won
    if column is not None:
        return column[0], column[1]
    return _limit_in_offer(doc, lines) or _unit_column(doc, lines) or (None, None)


_UNIT = {"백만원": 1_000_000, "천원": 1_000, "억원": 100_000_000, "만원": 10_000}
_UNIT_CELL = re.compile(r"\(\s*(백만|천|억|만)\s*원\s*\)")
_BARE = re.compile(r"^\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s*$")


def _unit_column(doc: SourceDoc, lines: list[Line], most: int = 40) -> tuple[CardField, int] | None:
    """A limit column of bare numbers whose header gives the unit ("지원한도 (백만원)" over "2,167 | 6,500"):
    the highest row of the table (a column split in two, 당해 | 총, is read at its last part; the total
    row is no project's)."""
    for i, line in enumerate(lines):
        header = line.text.split("\t")
        cols = [k for k, c in enumerate(header) if _COLUMN_LABEL.search(c) and _UNIT_CELL.search(c)]
        if not cols or len(header) < 2:
            continue
        unit = _UNIT[_UNIT_CELL.search(header[cols[0]]).group(1) + "원"]  # type: ignore[union-attr]
        found: list[tuple[int, int, int]] = []  # (won, start, end) of a cell
        for row in lines[i + 1 : i + 1 + most]:
            if "\t" not in row.text:
                break
            cells = _cells(row)
            if _TOTAL_ROW.match(re.sub(r"\s+", "", cells[0][1])) or _TOTAL_ROW.match(cells[0][1].strip()):
                continue
            col = cols[0] + len(cells) - len(header)
            if not 0 <= col < len(cells):
                continue
            m = _BARE.match(cells[col][1])
            if m:
                won = int(float(cells[col][1].strip().replace(",", "")) * unit)
                found.append((won, cells[col][0], cells[col][0] + len(cells[col][1].rstrip())))
        if len(found) < 2:
            continue
        won, start, end = max(found)
        value = format_won(won) if len({f[0] for f in found}) == 1 else f"최대 {format_won(won)}"
        return field(doc, start, end, value), won
    return None


def _cells(line: Line) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    pos = line.start
    for cell in line.text.split("\t"):
        out.append((pos, cell))
        pos += len(cell) + 1
    return out


def _limit_column(doc: SourceDoc, lines: list[Line]) -> tuple[CardField, int, int, int] | None:
    """A table whose header names the limit ("개발기간 및 지원한도"): the amounts of that column in the rows
    below ("최대 1년 6개월, 2억 원 이내"); when the rows differ, the highest, as "최대". A header without
    tabs (PDF) counts when the next line holds one amount only."""
    for i, line in enumerate(lines):
        header = line.text.split("\t")
        cols = [k for k, cell in enumerate(header) if _COLUMN_LABEL.search(cell) and not find_amounts(cell)]
        if not cols or len(line.text) > 120:
            continue
        if len(header) == 1 and (
            len(line.text) > 60
            or _SENTENCE.search(line.text)
            or ITEM.match(line.text)
            or line.text.startswith(("*", "※"))
        ):
            continue  # without tabs, only a short run of column names is a header
        found: list[tuple[AmountMention, int, int]] = []  # (amount, offset of its cell, end of the cell)
        last = i
        for k, row in enumerate(lines[i + 1 : i + 6], start=i + 1):
            if HEADING.match(row.text) or row.text.startswith(("*", "※")):
                break
            if len(header) == 1:
                amounts = [a for a in find_amounts(row.text) if a.won >= 1_000_000]
                if len(amounts) == 1:
                    found.append((amounts[0], row.start, row.start + amounts[0].end))
                    last = k
                break
            if "\t" not in row.text:
                break
            cells = _cells(row)
            # a row with fewer cells than the header has a merged cell: on the left ("| 시장확대형 | 6억
            # 이내 |" under a first column merged over rows) or on the right (a last column merged)
            for col in (cols[0] + len(cells) - len(header), cols[0]):
                amounts = (
                    [a for a in find_amounts(cells[col][1]) if a.won >= 1_000_000]
                    if 0 <= col < len(cells)
                    else []
                )
                if amounts:
                    found.append((amounts[0], cells[col][0], cells[col][0] + len(cells[col][1].rstrip())))
                    last = k
                    break
        if not found:
            continue
        a, offset, cell_end = max(found, key=lambda f: f[0].won)
        value = _money_text(a)
        if len({f[0].won for f in found}) > 1 and not value.startswith("최대"):
            value = f"최대 {format_won(a.won)}"
        else:  # one amount: whose it is and per what, as the cell says ("기업당 최대 1,520만원/년")
            cell = doc.text[offset : offset + a.start]
            scope = _LIMIT_SCOPE.search(cell)
            value = " ".join(
                [
                    *([re.sub(r"\s+", "", scope.group(0))] if scope else []),
                    *(["연"] if a.per == "년" else []),
                    value,
                ]
            )
            if scope:
                return field(doc, offset + scope.start(), cell_end, value), a.won, i, last
        # the quote is the row's whole cell ("최대 4년, 20억 이내 (연차별 최대 5억 이내)"): what the value is read from
        return field(doc, offset + a.start if len(header) == 1 else offset, cell_end, value), a.won, i, last
    return None


def _limit_in_offer(doc: SourceDoc, lines: list[Line]) -> tuple[CardField, int] | None:
    """ "□ 지원내용 : 사업화자금 최대 3억원(…)": the first amount marked 최대/최고/한도 on a line that
    describes what is given (지원내용, 지원규모, 지원금)."""
    for line in lines:
        m = _OFFER_LABEL.search(line.text)
        if not m or m.start() > 12 or len(line.text) > 200 or _NOT_MONEY_LIMIT.search(line.text):
            continue
        amounts = [
            a
            for a in find_amounts(line.text)
            if a.start > m.end() and a.qualifier in ("최대", "최고", "한도")
        ]
        if amounts:
            a = amounts[0]
            return field(doc, line.start + a.start, line.start + a.end, _money_text(a)), a.won
    return None


_SHARE_LABEL = re.compile(
    r"자부담|자기\s*부담|민간\s*부담|기관\s*부담|기업\s*부담|부담\s*비율|대응\s*자금|현금\s*부담|본인\s*부담"
)


def self_share(doc: SourceDoc, lines: list[Line]) -> tuple[CardField, ...]:
    out: list[CardField] = []
    seen: set[str] = set()
    for i, line in enumerate(lines):
        if not _SHARE_LABEL.search(line.text) or len(line.text) > 220 or re.search(r"가점|감점", line.text):
            continue
        if not find_ratios(line.text):
            continue
        end = line.end
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if (
            nxt is not None
            and _CUT_WORD.search(line.text)
            and "\t" not in line.text + nxt.text
            and re.match(r"[가-힣]", nxt.text) is not None
        ):
            end = (
                nxt.end
            )  # a word cut by the line end: "… 전체 기관부담연구" + "개발비 중 10%이상은 현금으로 부담"
        whole = Line(line.start, end, line.text)
        # the two halves of a cut word join without a space
        value = clean(line.text) + (clean(doc.text[line.end : end]) if end != line.end else "")
        if value in seen:
            continue
        seen.add(value)
        out.append(field(doc, whole.start, whole.end, value))
        if len(out) == 3:
            break
    return tuple(out)
