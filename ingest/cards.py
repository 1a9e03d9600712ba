"""Program cards: the key facts of one announcement (공고문/시행계획), extracted once at ingest.

Every field is a :class:`CardField` whose ``quote`` is a verbatim span of the document text
(``doc.text[start:end] == quote``) and whose ``value`` is the normalised display value. A fact the
document does not state plainly is left out — a missing field is better than a wrong one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, fields, replace
from typing import TYPE_CHECKING, Any, TypeVar

from ingest.addressed import AddressedLine, addressed_lines, mask_addressed
from ingest.card_contacts import contacts as _contacts
from ingest.card_contacts import desk as _desk
from ingest.card_eligibility import EligibilityFact, EligibilityFacts, extract_eligibility
from ingest.card_lines import (
    HEADING,
    ITEM,
    NUMBERING,
    CardField,
    Line,
    clean,
    continued,
    field,
    label_body,
    line_field,
    split_lines,
)
from ingest.card_money import budget as _budget
from ingest.card_money import limit as _limit
from ingest.card_money import self_share as _self_share
from ingest.card_window import apply_window
from ingest.normalize import find_dates, find_periods, format_datetime_ko
from ingest.title import title_from_filename
from ingest.types import SourceDoc

if TYPE_CHECKING:
    from ingest.notice_conflicts import Conflict

__all__ = [
    "CardField",
    "ProgramCard",
    "card_field_for",
    "distinct_notices",
    "extract_card",
    "is_announcement",
    "link_amendments",
    "notice_key",
    "program_key",
]

CLOSING_DAYS = 7


@dataclass(frozen=True)
class ProgramCard:
    doc_id: str
    source: str
    title: str
    program: str
    title_quote: CardField | None = None  # the title as printed at the top of the notice
    notice_no: CardField | None = None
    notice_date: CardField | None = None
    ministry: CardField | None = None
    agency: CardField | None = None
    eligibility: tuple[CardField, ...] = ()
    exclusions: tuple[CardField, ...] = ()
    apply_start: dt.datetime | None = None
    apply_end: dt.datetime | None = None
    apply_period: CardField | None = None
    apply_tbd: bool = False
    budget: CardField | None = None
    limit: CardField | None = None
    limit_won: int | None = None
    self_share: tuple[CardField, ...] = ()
    menu: tuple[CardField, ...] = ()
    how_to_apply: CardField | None = None
    apply_site: str | None = None
    online_only: bool | None = None
    contacts: tuple[CardField, ...] = ()
    desk: CardField | None = None  # the program's own office and number (not a call centre)
    amends: str | None = None  # doc_id of the announcement this notice amends
    amended_by: str | None = None  # doc_id of the notice that amends this one
    rolling: bool = False  # "상시 접수": no fixed application period
    revision: str = ""  # "수정" | "정정" | "통합" | "재공고" | "" — what kind of notice this is
    cites: tuple[str, ...] = ()  # notice numbers this notice says it amends/replaces ("제2025-246호")
    # another notice of the same program that says otherwise (ingest.notice_conflicts): shown to staff
    conflicts: tuple[Conflict, ...] = ()
    # who may apply, as facts a company profile is matched on (ingest.card_eligibility)
    eligibility_facts: EligibilityFacts = EligibilityFacts()

    def status(self, today: dt.date) -> str:
        """ "upcoming" | "open" | "closing" (closes within 7 days) | "closed" | "unknown".

        A notice that states only its deadline opens on the day it is posted (its 공고일): before that
        day it is "upcoming", not open."""
        if self.apply_end is None and self.apply_start is None:
            return "unknown"
        if self.apply_start is not None and today < self.apply_start.date():
            return "upcoming"
        posted = self.posted()
        if self.apply_start is None and posted is not None and today < posted:
            return "upcoming"
        if self.apply_end is None:
            return "unknown"
        end = self.apply_end.date()
        if today > end:
            return "closed"
        if (end - today).days <= CLOSING_DAYS:
            return "closing"
        return "open"

    def posted(self) -> dt.date | None:
        """The notice's posting date (공고일), when the card has one."""
        if self.notice_date is None:
            return None
        dates = find_dates(self.notice_date.quote)
        return dates[0].value.date() if dates else None

    def to_dict(self, today: dt.date | None = None) -> dict[str, Any]:
        d = _lists(asdict(self))
        d["apply_start"] = self.apply_start.isoformat() if self.apply_start else None
        d["apply_end"] = self.apply_end.isoformat() if self.apply_end else None
        if today is not None:
            d["status"] = self.status(today)
        return d


def _lists(value: Any) -> Any:
    """``value`` with every tuple, however deep, as a list (what the same card looks like after JSON)."""
    if isinstance(value, dict):
        return {k: _lists(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_lists(v) for v in value]
    return value


# ---------------------------------------------------------------- which documents are announcements

_NOT_ANNOUNCEMENT = re.compile(r"양식|서식|매뉴얼|소개자료|보도자료|방안|사례집|질의응답|FAQ|별첨|참고_?\d")
_ANNOUNCEMENT = re.compile(r"공고|시행계획|지원계획|선정계획|모집")


def is_announcement(doc: SourceDoc) -> bool:
    """공고/시행계획/모집공고/지원계획 documents; not forms, manuals, 소개자료, 보도자료, 방안."""
    name = f"{doc.source} {doc.title}"
    if _NOT_ANNOUNCEMENT.search(name):
        return False
    if _ANNOUNCEMENT.search(name):
        return True
    head = doc.text[:600]
    return bool(re.search(r"공고\s*제\s*\d", head))


# ---------------------------------------------------------------- header facts

_NOTICE_NO = re.compile(
    r"공고\s*(?:[-–]\s*[가-힣]\s*)?[-–]?\s*제\s*(?P<y>\d{4})\s*[-–—]\s*(?P<n>\d{1,5})\s*호"
    r"|공고\s*[-–]\s*(?P<pre>[가-힣])\s*[-–]\s*제\s*(?P<n2>\d{1,5})\s*호"
)
_ISSUER = re.compile(r"([가-힣]+(?:부|청|처|원|도|시|군|구|위원회|재단|공단|센터|사업단))\s*$")
_SIGNATURE = re.compile(
    r"^([가-힣·\s]{2,30}?)\s*(장관|청장|처장|원장|도지사|시장|군수|구청장|이사장|위원장|단장)"
    r"(?:\s+(?:[가-힣]\s?){2,4})?$"  # the head's name after the title ("○○재단 이사장 홍 길 동")
)
_TITLE_END = re.compile(r"(공고|공고문|계획|안내|안내서|공모)\s*(?:\(.*\))?\s*$")
_CONTENTS = re.compile(r"^[<\-\s]*목\s*차[>\-\s]*$")  # "목 차", "< 목 차 >", "- 목 차 -"
_PROGRAM_SUFFIX = re.compile(
    r"(?:\s*(?:(?:신규\s*)?(?:지원\s*)?(?:대상\s*)?(?:연구\s*개발\s*)?과제|신규|(?:참여\s*)?(?:기업|창업기업)?\s*모집|시행\s*계획|지원\s*계획|선정\s*계획|"
    r"시행|통합|수정|정정|변경|재))*\s*(?:공고문|공고|공모|안내서?)(?:\s*\(.*?\))?\s*$"
)


_PAGE_NO = re.compile(r"^[-–\s]*\d{1,3}[-–\s]*$")


def notice_key(value: str) -> tuple[int, int] | None:
    """("제2025–246호" → (2025, 246)) so that "제 2025-0246호" and "제2025-246호" compare equal."""
    m = re.search(r"(\d{4})\s*[-–—]\s*(\d{1,5})", value)
    return (int(m.group(1)), int(m.group(2))) if m else None


def _notice_no(doc: SourceDoc) -> CardField | None:
    m = _NOTICE_NO.search(doc.text[:1500])
    if m is None:
        return None
    value = f"제{m.group('y')}-{m.group('n')}호" if m.group("y") else f"{m.group('pre')}-제{m.group('n2')}호"
    return field(doc, m.start(), m.end(), value)


def _ministry(doc: SourceDoc, notice: CardField | None, lines: list[Line]) -> CardField | None:
    if notice is not None:
        before = doc.text[max(0, notice.start - 40) : notice.start]
        m = _ISSUER.search(before.replace("◎", " "))
        if m:
            s = notice.start - len(before) + m.start(1)
            return field(doc, s, s + len(m.group(1)), m.group(1))
    for line in lines[:40]:
        m = _SIGNATURE.match(line.text)
        if m and len(line.text) <= 32:
            name = re.sub(r"\s+", "", m.group(1))
            return line_field(doc, line, name)
    for line in [*lines[:40], *lines[-10:]]:
        issuer = _issuer_line(doc, line)
        if issuer is not None:
            return issuer
    return None


# a government body by its kind of name, with the title of its head ("국방부장관", "문화체육관광부")
_BODY = re.compile(
    r"([가-힣]{2,20}?(?:부|청|처|위원회|진흥원|재단|공단))(?:장관|청장|처장|원장|이사장|위원장)?"
)
_BODY_SEP = re.compile(r"[\s·ㆍ,]+")


def _issuer_line(doc: SourceDoc, line: Line) -> CardField | None:
    """The first body of a line that names only government bodies (the signature block of a notice:
    "문화체육관광부·한국콘텐츠진흥원", "국방부장관, 산업통상자원부장관", "국 토 교 통 부")."""
    text = line.text
    if len(text) > 60:
        return None
    if re.fullmatch(r"(?:[가-힣]\s)+[가-힣]", text):  # "국 토 교 통 부": one word spaced out
        squeezed = text.replace(" ", "")
        m = _BODY.fullmatch(squeezed)
        return line_field(doc, line, m.group(1)) if m else None
    parts = [p for p in _BODY_SEP.split(text) if p]
    if not parts or not all(_BODY.fullmatch(p) for p in parts):
        return None
    first = _BODY.fullmatch(parts[0])
    assert first is not None
    start = line.start + text.index(parts[0])
    return field(doc, start, start + len(first.group(1)), first.group(1))


def _notice_date(doc: SourceDoc, lines: list[Line]) -> CardField | None:
    for line in lines[:40]:
        if len(line.text) > 24:
            continue
        dates = find_dates(line.text)
        if len(dates) == 1 and not dates[0].year_inferred:
            d = dates[0]
            rest = (line.text[: d.start] + line.text[d.end :]).strip(" .")
            if rest == "":
                s = line.start + d.start
                return field(doc, s, line.start + d.end, format_datetime_ko(d.value, False))
    return None


_SPACED = re.compile(r"(?:[가-힣]\s)+[가-힣]")


def _squeezed(text: str) -> str:
    """A line printed with its syllables spaced out ("사 업 공 고") as the word it spells."""
    return text.replace(" ", "") if _SPACED.fullmatch(text) else text


def _title(doc: SourceDoc, lines: list[Line]) -> tuple[str, Line | None]:
    """The announcement title as printed at the top (may run over two or three lines), and the span of
    those lines (a ``Line`` from the first line's start to the last line's end)."""
    for i, line in enumerate(lines[:12]):
        t = line.text
        if _NOTICE_NO.search(t) and len(t) < 40 or t.startswith("◎") or _PAGE_NO.match(t):
            continue
        if _SIGNATURE.match(t) and len(t) <= 32:
            continue  # the issuer's signature ("○○청장") printed above the title
        if len(t) > 80 or "\t" in t:
            continue
        parts = [_squeezed(t)]
        j = last = i
        while not _TITLE_END.search(parts[-1]) and j + 1 < len(lines) and len(parts) < 3:
            j += 1
            if len(lines[j].text) > 60:
                break
            if _CONTENTS.match(lines[j].text):
                break  # the table of contents follows: the title was not on these lines
            if _PAGE_NO.match(lines[j].text) or _NOTICE_NO.search(lines[j].text):
                continue
            parts.append(_squeezed(lines[j].text))
            last = j
        if _TITLE_END.search(parts[-1]) and re.search(r"\d{4}|사업|공고", " ".join(parts)):
            title = clean(" ".join(parts))
            title = re.sub(r"^.*제\s*목\s*", "", title)
            return title, Line(line.start, lines[last].end, title)
    return "", None


_FILE_NOISE = re.compile(
    r"^(?:공고|공|공고문|수정|통합|정정|재공고|시행계획|계획|붙임|별첨|최종|vf|안내|\d.*)$", re.I
)


def _qualified(program: str, source: str) -> str:
    """The program name with the word its file name adds between two of its words: "창업성장기술개발사업
    제1차" in a file "…_창업성장기술개발사업_디딤돌_제1차_…" is "창업성장기술개발사업(디딤돌) 제1차"."""
    words = program.split()
    names = [re.sub(r"(\d{4})년도", r"\1년", w) for w in title_from_filename(source).split()]
    for k in range(len(words) - 1):
        if words[k] not in names or words[k + 1] not in names:
            continue
        p1, p2 = names.index(words[k]), names.index(words[k + 1])
        extra = names[p1 + 1 : p2]
        if (
            1 <= len(extra) <= 2
            and all(re.fullmatch(r"[가-힣A-Za-z]{2,}", w) and not _FILE_NOISE.match(w) for w in extra)
            and not any(w in program for w in extra)
        ):
            words[k] = f"{words[k]}({' '.join(extra)})"
            return " ".join(words)
    return program


def _program(title: str, fallback: str) -> str:
    t = title or fallback
    t = re.sub(r"[󰡔󰡕｢｣「」『』\"“”]|[‘’'](?!\d)", " ", t)  # quotes, not the ’ of a year ("’25년")
    t = re.sub(r"(\d{4})년도", r"\1년", t)
    t = re.sub(r"^\s*(?:붙임|별첨|첨부)\s*\d*\s*[.)]?\s*", "", t)
    t = re.sub(r"^\s*공고문?\s+", "", t)  # a file named "공고문 ○○사업 …"
    for _ in range(3):
        t2 = _PROGRAM_SUFFIX.sub("", t).strip()
        if t2 == t:
            break
        t = t2
    t = re.sub(r"\s+", " ", t).strip(" ,·-")
    # "‘○○ 기술개발’사업 2025년도 신규과제 선정계획 공고": the year after the name goes first
    m = re.match(r"^(.+?)\s+(\d{4}년)(\s*제?\s*\d{1,2}\s*차.*)?$", t)
    return f"{m.group(2)} {m.group(1)}{m.group(3) or ''}" if m else t


# ---------------------------------------------------------------- blocks (eligibility, exclusions, menu)

_ELIG_LABEL = re.compile(
    r"지원\s*대상|신청\s*자격(?:\s*요건)?|신청\s*대상|참여\s*자격|지원\s*자격|공통\s*자격|모집\s*대상|응모\s*자격|자격\s*요건"
)
# an item that opens with another fact's label, or that only counts projects ("지정공모과제 : 2개 과제")
_OTHER_FIELD = re.compile(r"\(\s*[^)]{0,8}(?:규모|기간|예산|금액|내용|방법|일정)\s*\)")
_ONLY_COUNT = re.compile(r"^[^,]{0,25}[:：]\s*\d+\s*개\s*(?:과제|기관|내외)?\s*(?:내외)?$")
_ELIG_SKIP = re.compile(r"제외|검토|확인|선정|평가|유의|가점|감점|우대")
_EXCL_LABEL = re.compile(
    r"(?:지원|신청)\s*제외\s*(?:대상|요건|사항|처리\s*기준)?|참여\s*제한|신청\s*제한|제외\s*대상|지원\s*불가|신청\s*불가"
)
# a □ sentence that introduces the refusal grounds listed under it ("□ 다음의 경우는 지원대상에서 제외될 수
# 있음"): read when no labelled exclusion block exists
_EXCL_INTRO = re.compile(r"(?:다음|아래)\S{0,2}\s*경우\S{0,2}\s.{0,30}?제외\S{0,12}(?:\s*수\s*있음)?\s*$")
_MENU_LABEL = re.compile(r"지원\s*내용|지원\s*분야|지원\s*프로그램|세부\s*지원|지원\s*유형")


_OWN_LABEL = re.compile(r"^[가-힣A-Za-z()·,‘’'\s]{2,20}[:：]")
_INSET = re.compile(r"^\s*[<＜][^>＞]{1,40}[>＞]\s*$")  # "< ② 조건 예외 대상 >": an item's own sub-heading
_CIRCLED = re.compile(r"^\s*[①-⑳➊-➓]")


def _compared(lines: list[Line], i: int, near: int = 30) -> bool:
    """A heading printed twice close together: the "기존 | 수정" columns of an amendment's table of
    changes, not the section itself (which the notice prints once, further on)."""
    text = lines[i].text
    if not HEADING.match(text):
        return False  # an item repeated in each row of a table ("· (지원대상) 산·학·연") is not compared
    return any(o.text == text for o in lines[max(0, i - near) : i + near + 1] if o is not lines[i])


def _wrapped(lines: list[Line], i: int, most: int = 5) -> Line | None:
    """A heading's text that runs on over the next plain lines (not headings, items, notes or rows)."""
    end = None
    for nxt in lines[i + 1 : i + 1 + most]:
        if (
            HEADING.match(nxt.text)
            or ITEM.match(nxt.text)
            or "\t" in nxt.text
            or nxt.text.startswith(("*", "※"))
        ):
            break
        end = nxt.end
    line = lines[i]
    return Line(line.start, end, line.text) if end is not None else None


def _block(
    doc: SourceDoc,
    lines: list[Line],
    label: re.Pattern[str],
    skip: re.Pattern[str] | None,
    limit: int,
    headings: bool = False,
    joined: bool | None = None,
) -> tuple[CardField, ...]:
    """The first labelled block: its heading's own text (after ':' or ')') and its items."""
    for i, line in enumerate(lines):
        if len(line.text) > 200 or not label.search(line.text) or _compared(lines, i):
            continue
        body = label_body(label, line.text, headings, joined)
        if body is None:
            continue
        head = line.text[: len(line.text) - len(body)]
        if headings:  # "4. 신청 자격 및 유의사항": the topic joined to the label does not rule the label out
            head = re.sub(r"\s*및\s*[가-힣\s]{1,12}$", "", head)
        if skip is not None and skip.search(head):
            continue
        out: list[CardField] = []
        inline = len(body.strip()) >= 4  # the label's line states the fact itself
        whole = continued(lines, i)
        offset = line.start + len(line.text) - len(body)
        if 0 < len(body.strip()) < 4:  # "□ (지원대상) 「" with the text wrapped onto the next lines (PDF)
            whole = _wrapped(lines, i) or whole
            body = doc.text[offset : whole.end]
        if len(body.strip()) >= 4:
            out.append(field(doc, offset, whole.end, clean(doc.text[offset : whole.end])))
        # under a numbered heading ("1. 신청자격"), its □ paragraphs are the items
        numbered = headings and NUMBERING.match(line.text.lstrip()) is not None
        j = i + 1
        inset = False  # inside "< ① 조건 예외 대상 >": the lines under an item's own sub-heading
        while j < len(lines) and j <= i + limit * 6 and len(out) < limit:
            nxt = lines[j]
            if _INSET.match(nxt.text) and out and _CIRCLED.match(lines[j - 1].text):
                inset, j = True, j + 1  # (only after a circled item: "① …" / "< ① 예외 >" / "1. …")
                continue
            if inset and not _CIRCLED.match(nxt.text):
                j += 1
                continue
            inset = False
            note = nxt.text.lstrip().startswith(("*", "※", "☞"))
            box = numbered and nxt.text.lstrip().startswith(("□", "■"))
            if not note and not box and (HEADING.match(nxt.text) or not ITEM.match(nxt.text)):
                break
            item = continued(lines, j)
            text = clean(doc.text[item.start : item.end])
            if _OTHER_FIELD.match(text):
                break  # "(예산규모) …", "(지원기간) …": the block has moved on to another fact
            if (
                inline
                and not note
                and _OWN_LABEL.match(text)
                and label_body(label, nxt.text, headings, joined) is None
            ):
                break  # "ㅇ 지원대상 : …" then "ㅇ 지원유형 : …": a sibling item with a label of its own
            if (
                not note
                and label_body(label, nxt.text, headings, joined) is None
                and not _ONLY_COUNT.search(text)
            ):
                out.append(field(doc, item.start, item.end, text))
            j += 1
        if out:
            return tuple(out)
    return ()


_MENU_COLUMN = re.compile(r"^\s*(?:지원\s*내용|사업\s*내용)\s*$")
_COUNT_CELL = re.compile(r"^[\d,.\s]*(?:개|건|명|억|백만|천만|만)?\s*(?:과제|개사|원)?\s*(?:내외|이내)?$")


def _menu_table(doc: SourceDoc, lines: list[Line], most: int = 6) -> tuple[CardField, ...]:
    """A table with a 지원내용/사업내용 column ("세부 지원분야 | 지원규모 | 지원내용 | 지원일정"): the text of that
    column in the rows below. A row with merged cells has fewer cells: the column's cell counted from the
    right, else from the left, else the row's longest cell that is not a count."""
    for i, line in enumerate(lines):
        if "\t" not in line.text:
            continue
        header = line.text.split("\t")
        cols = [k for k, cell in enumerate(header) if _MENU_COLUMN.match(cell)]
        if not cols:
            continue
        out: list[CardField] = []
        for row in lines[i + 1 : i + 1 + most * 2]:
            if "\t" not in row.text or len(out) >= most:
                break
            cells: list[tuple[int, str]] = []
            pos = row.start
            for cell in row.text.split("\t"):
                cells.append((pos, cell))
                pos += len(cell) + 1
            picks = [cols[0] + len(cells) - len(header), cols[0]]
            chosen = next(
                (
                    cells[k]
                    for k in picks
                    if 0 <= k < len(cells)
                    and len(cells[k][1].strip()) >= 8
                    and not _COUNT_CELL.match(cells[k][1])
                ),
                max(cells, key=lambda c: len(c[1]) if not _COUNT_CELL.match(c[1]) else 0),
            )
            text = clean(chosen[1])
            if len(text) < 8 or _COUNT_CELL.match(chosen[1]):
                continue
            start = chosen[0] + len(chosen[1]) - len(chosen[1].lstrip())
            out.append(field(doc, start, start + len(chosen[1].strip()), text))
        if out:
            return tuple(out)
    return ()


# ---------------------------------------------------------------- how to apply, contacts, agency

_HOW_LABEL = re.compile(r"신청\s*방법|접수\s*방법|접수\s*창구|접수처|신청\s*접수\s*방법|제출\s*방법")
_URL = re.compile(
    r"(?:https?://)?(?:www\.)?[a-z0-9][a-z0-9\-]*(?:\.[a-z0-9\-]+)*\.(?:go|or|re|ac|co)\.kr\b", re.I
)
_OFFLINE_REFUSED = re.compile(
    r"(?:우편|방문|택배|팩스|이메일|e-?mail)[^\n]{0,25}(?:불가|받지\s*않|인정하지\s*않)"
)
_ONLINE_ONLY = re.compile(r"온라인(?:으로만|\s*접수만)")
_OFFLINE_OK = re.compile(r"(?:우편|방문)\s*(?:접수|제출)\s*(?:가능|병행)")
_AGENCY = re.compile(
    r"(?:전\s*문\s*기\s*관|전\s*담\s*기\s*관|주\s*관\s*기\s*관)\s*[)\]>＞:：]?\s*[(\[（]?\s*"
    r"(?P<org>[가-힣A-Za-z]{2,30}(?:진흥원|평가원|재단|공단|연구원|센터|진흥회|사업단|기술원|관리원))"
)
_ORG = re.compile(
    r"중소기업\s*통합\s*콜센터|[가-힣A-Za-z()]{2,25}(?:콜센터|진흥원|평가원|재단|공단|연구원|센터|사업단|운영단|기술원|관리원|부|청|처|과|팀|실|단|TP)"
)


_CHANNEL = re.compile(r"https?://|www\.|시스템|누리집|홈페이지|이메일|e-?mail|우편|방문\s*접수|온라인", re.I)


def _channel_item(lines: list[Line], first: int, most: int = 4) -> Line:
    """Of the items under a bare 신청방법 label, the first that names where to hand in (a system, a site, mail,
    e-mail) — an item before it may be a step of preparing ("… 사전에 협의해야 함") — else the first."""
    for k in range(first, min(len(lines), first + most)):
        if not ITEM.match(lines[k].text) or HEADING.match(lines[k].text):
            break
        if _CHANNEL.search(lines[k].text):
            return lines[k]
    return lines[first]


def _how_to_apply(doc: SourceDoc, lines: list[Line]) -> tuple[CardField | None, str | None, bool | None]:
    found: CardField | None = None
    site: str | None = None
    for i, line in enumerate(lines):
        m = _HOW_LABEL.search(line.text)
        if not m or m.start() > 12:
            continue
        labelled = label_body(_HOW_LABEL, line.text, headings=True)  # also "4. 신청방법 및 절차"
        cell = re.match(r"(?:신청|접수|제출)\s*방법\t+", line.text)  # a table row "신청방법 | - 온라인 접수"
        if labelled is None and cell is not None:
            labelled = line.text[cell.end() :]
        if labelled is None:
            continue
        body = labelled
        target = line
        if len(body) < 6 and i + 1 < len(lines) and ITEM.match(lines[i + 1].text):
            target = _channel_item(lines, i + 1)
            body = target.text
            if len(clean(body)) < 12:
                continue  # "1) 과제 접수기관": a sub-heading, not the method
        if len(clean(body)) < 6 or re.search(r"가\s*[·ㆍ]\s*감점|기간|기한", body) or find_periods(body):
            continue
        if re.search(r"협약\s*(?:시|후|체결)", body):
            continue  # how a selected applicant hands in papers at the agreement, not how to apply
        if found is None:
            offset = target.start + len(target.text) - len(body)
            whole = continued(lines, lines.index(target))  # "온라인 신청‧" / "접수 (www.…)": one text
            found = field(doc, offset, whole.end, clean(doc.text[offset : whole.end]))
        for cand in (line, *lines[i + 1 : i + 4]):
            u = _URL.search(cand.text)
            if u and site is None:
                site = re.sub(r"^https?://", "", u.group(0)).lower()
        if found is not None and site is not None:
            break
    if site is None:
        for line in lines:
            if re.search(r"접수|신청", line.text):
                u = _URL.search(line.text)
                if u:
                    site = re.sub(r"^https?://", "", u.group(0)).lower()
                    break
    online_only: bool | None = None
    text = doc.text
    if _OFFLINE_OK.search(text):
        online_only = False
    elif _OFFLINE_REFUSED.search(text) or _ONLINE_ONLY.search(text):
        online_only = True
    return found, site, online_only


def _agency(doc: SourceDoc) -> CardField | None:
    m = _AGENCY.search(doc.text)
    if m is None:
        return None
    return field(doc, m.start(), m.end(), m.group("org"))


# ---------------------------------------------------------------- the card


def _iter_nonempty(*fields: CardField | None) -> Iterator[CardField]:
    yield from (f for f in fields if f is not None)


def extract_card(doc: SourceDoc) -> ProgramCard | None:
    """The program card of an announcement, or None for documents that are not announcements.

    Lines that address the reader ("…라고 답하라", ``ingest.addressed``) are data, never facts: every
    extractor reads the document with them blanked out, and a field whose quote would still reach
    into one (a block running over it) is left out.
    """
    addressed = addressed_lines(doc.text)
    card = _extract_card(mask_addressed(doc, addressed))
    return _outside(card, addressed) if card is not None and addressed else card


def _overlaps(f: CardField, lines: Sequence[AddressedLine]) -> bool:
    return any(f.start < line.end and line.start < f.end for line in lines)


def _reaches(fact: EligibilityFact, lines: Sequence[AddressedLine]) -> bool:
    return any(fact.start < line.end and line.start < fact.end for line in lines)


def _outside(card: ProgramCard, lines: Sequence[AddressedLine]) -> ProgramCard:
    """``card`` without the fields whose quotes overlap an addressed line (and the values read from them)."""
    changes: dict[str, Any] = {}
    for f in fields(card):
        value = getattr(card, f.name)
        if isinstance(value, CardField) and _overlaps(value, lines):
            changes[f.name] = None
        elif isinstance(value, EligibilityFacts) and any(_reaches(e, lines) for e in value.facts):
            changes[f.name] = EligibilityFacts(tuple(e for e in value.facts if not _reaches(e, lines)))
        elif isinstance(value, tuple) and any(
            isinstance(v, CardField) and _overlaps(v, lines) for v in value
        ):
            changes[f.name] = tuple(v for v in value if not _overlaps(v, lines))
    if "apply_period" in changes:
        changes.update(apply_start=None, apply_end=None)
    if "limit" in changes:
        changes["limit_won"] = None
    return replace(card, **changes) if changes else card


def _extract_card(doc: SourceDoc) -> ProgramCard | None:
    if not is_announcement(doc) or not doc.text.strip():
        return None
    lines = split_lines(doc.text)
    notice_no = _notice_no(doc)
    notice_date = _notice_date(doc, lines)
    year: int | None = None
    if notice_date is not None:
        year = find_dates(notice_date.quote)[0].value.year
    title, title_span = _title(doc, lines)
    title_quote = field(doc, title_span.start, title_span.end, title) if title_span else None
    if not title:
        title = doc.title
    period, start, end, tbd, rolling = apply_window(doc, lines, year)
    limit, limit_won = _limit(doc, lines)
    how, site, online_only = _how_to_apply(doc, lines)
    return ProgramCard(
        doc_id=doc.doc_id,
        source=doc.source,
        title=title,
        program=_qualified(_program(title, doc.title), doc.source),
        title_quote=title_quote,
        notice_no=notice_no,
        notice_date=notice_date,
        ministry=_ministry(doc, notice_no, lines),
        agency=_agency(doc),
        eligibility=_block(doc, lines, _ELIG_LABEL, _ELIG_SKIP, 4, headings=True),
        exclusions=_block(doc, lines, _EXCL_LABEL, None, 4, joined=True)
        or _block(doc, lines, _EXCL_INTRO, None, 4),
        apply_start=start,
        apply_end=end,
        apply_period=period,
        apply_tbd=tbd,
        budget=_budget(doc, lines),
        limit=limit,
        limit_won=limit_won,
        self_share=_self_share(doc, lines),
        menu=_block(doc, lines, _MENU_LABEL, re.compile(r"제외"), 6) or _menu_table(doc, lines),
        how_to_apply=how,
        apply_site=site,
        online_only=online_only,
        contacts=_contacts(doc, lines),
        desk=_desk(doc, lines),
        rolling=rolling,
        revision=_revision(title, doc.source),
        cites=_cites(doc, notice_no),
        eligibility_facts=extract_eligibility(doc, lines),
    )


_REVISION = re.compile(r"(수정|정정|변경|통합|재)\s*공고|재공모")
_CITE_CONTEXT = re.compile(r"수정|정정|변경|통합|대체|갈음|폐지")


def _revision(title: str, source: str) -> str:
    for text in (title, source.replace("_", " ")):
        m = _REVISION.search(text) or re.search(r"(수정|정정|통합|재)\s*공\b", text)
        if m:
            word = m.group(1) or "재공고"
            return "재공고" if word == "재" else word
    return ""


def _cites(doc: SourceDoc, own: CardField | None) -> tuple[str, ...]:
    """Notice numbers named in a line that says it amends or replaces them (first pages only)."""
    own_key = notice_key(own.value) if own else None
    out: list[str] = []
    for line in split_lines(doc.text[:4000]):
        if not _CITE_CONTEXT.search(line.text):
            continue
        for m in re.finditer(r"제\s*(\d{4})\s*[-–—]\s*(\d{1,5})\s*호", line.text):
            key = (int(m.group(1)), int(m.group(2)))
            value = f"제{key[0]}-{key[1]}호"
            if key != own_key and value not in out:
                out.append(value)
    return tuple(out)


def program_key(card: ProgramCard) -> str:
    """The program's name without spaces, brackets and revision words: equal for one program's notices."""
    p = re.sub(r"수정|정정|통합|변경|재공고|일반형|[\s·ㆍ_\-()（）‘’'\"]", "", card.program)
    return p


def link_amendments(cards: Sequence[ProgramCard]) -> list[ProgramCard]:
    """Link each 수정/정정/통합/재공고 notice to the announcement it amends.

    A notice that cites another notice number in the corpus amends that one; otherwise a revision
    notice amends the earlier notice of the same program and year. The amending card gets
    ``amends``, the original ``amended_by`` (the latest amendment when there are several).
    """
    by_key: dict[tuple[int, int], list[ProgramCard]] = {}
    for c in cards:
        k = notice_key(c.notice_no.value) if c.notice_no else None
        if k is not None:
            by_key.setdefault(k, []).append(c)
    amends: dict[str, str] = {}
    for c in cards:
        target: ProgramCard | None = None
        for cited in c.cites:
            k = notice_key(cited)
            found = [o for o in by_key.get(k, []) if o.doc_id != c.doc_id] if k else []
            if found:
                target = found[0]
                break
        if target is None and c.revision and c.notice_no is not None:
            own = notice_key(c.notice_no.value)
            earlier = [
                o
                for o in cards
                if o.doc_id != c.doc_id
                and o.notice_no is not None
                and program_key(o) == program_key(c)
                and (ok := notice_key(o.notice_no.value)) is not None
                and own is not None
                and ok[0] == own[0]
                and ok < own
            ]
            if earlier:
                target = max(earlier, key=lambda o: notice_key(o.notice_no.value) if o.notice_no else (0, 0))
        if target is not None:
            amends[c.doc_id] = target.doc_id
    amended_by: dict[str, ProgramCard] = {}
    for c in cards:
        t = amends.get(c.doc_id)
        if t is None:
            continue
        prev = amended_by.get(t)
        if prev is None or _order(c) > _order(prev):
            amended_by[t] = c
    return [
        replace(
            c,
            amends=amends.get(c.doc_id),
            amended_by=amended_by[c.doc_id].doc_id if c.doc_id in amended_by else None,
        )
        for c in cards
    ]


def _order(card: ProgramCard) -> tuple[int, int]:
    k = notice_key(card.notice_no.value) if card.notice_no else None
    return k or (0, 0)


_INTENT_FIELDS: dict[str, tuple[str, ...]] = {
    "deadline": ("apply_period",),
    "amount": ("limit", "budget"),
    "ratio": ("self_share",),
    "contact": ("contacts",),
    "eligibility": ("eligibility",),
    "exclusion": ("exclusions",),
    "menu": ("menu",),
    "procedure": ("how_to_apply",),
}


def card_field_for(card: ProgramCard, intent: str) -> list[CardField]:
    """The card fields that answer an intent ("deadline", "amount", "ratio", "contact", "eligibility" ...)."""
    out: list[CardField] = []
    for name in _INTENT_FIELDS.get(intent, ()):
        value = getattr(card, name)
        if isinstance(value, tuple):
            out.extend(value)
        else:
            out.extend(_iter_nonempty(value))
    return out


_Card = TypeVar("_Card", bound=Mapping[str, Any])


def _listing_key(card: Mapping[str, Any]) -> tuple[object, ...]:
    """What makes two listed cards the same notice: the notice number and the program, or without a
    number the program and its application window (the PDF and HWP of one notice share both)."""
    program = re.sub(r"[\s·ㆍ_\-()（）‘’'\"]", "", str(card.get("program", "")))
    notice = card.get("notice_no")
    key = notice_key(str(notice.get("value", ""))) if isinstance(notice, Mapping) else None
    if key is not None:
        return ("notice", key, program)
    return ("window", program, card.get("apply_start"), card.get("apply_end"))


def distinct_notices(cards: Sequence[_Card]) -> list[_Card]:
    """A list of cards (as ``ProgramCard.to_dict`` gives them) with each notice once: twins of one
    notice (PDF and HWP, same number) are listed once, and a notice whose amendment is in the list gives
    way to it. A card in conflict with another notice is always listed (neither is preferred). Order is
    kept."""
    listed = {c.get("doc_id") for c in cards}
    out: list[_Card] = []
    seen: set[tuple[object, ...]] = set()
    for c in cards:
        if c.get("amended_by") and c.get("amended_by") in listed:
            continue
        key = _listing_key(c) + ((c.get("doc_id"),) if c.get("conflicts") else ())
        if key in seen:
            continue
        seen.add(key)
        out.append(c)
    return out
