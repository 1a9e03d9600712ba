"""Contacts of a notice: phone numbers with the office that answers them."""

from __future__ import annotations

import re

from ingest.card_lines import MARKER, NUMBERING, CardField, Line, clean, field
from ingest.normalize import find_phones
from ingest.types import SourceDoc

__all__ = ["DIRECTORY", "contacts", "desk", "is_help_line"]

_CUE_TAIL = re.compile(
    r"[\s:：☎☏(（)）]*(?:국번\s*없이|Tel\.?|TEL\.?|tel\.?|전화|연락처|문의)?[\s:：☎☏(（)）]*$"
)
# an e-mail address written between the office and its number ("○○실 : name@agency.or.kr / 042-…")
_MAIL_TAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+\s*[/,]?\s*$")


def _org_before(text: str) -> tuple[int, str] | None:
    """(offset, name) of the organisation written just before a phone number on the same line."""
    before = _CUE_TAIL.sub("", _MAIL_TAIL.sub("", text))
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


_PARTICLE_WORD = re.compile(r"^(?:\d+|[^\s]*(?:은|는|에|후|로|을|를)|및|또는|등)$")
# offices that answer for a program: a department, team, centre, agency ("기술개발과", "팁스글로벌실"), as
# the end of a word; a person's title ("선임연구원", "주무관") and common words ending alike ("지원") are not
_OFFICE_WORD = re.compile(
    r"[가-힣A-Za-z·&]*(?:과|팀|실|센터|단|본부|사무국|협회|연합회|협의회|재단|공단|부|청|테크노파크|TP|"
    r"진흥원|평가원|기술원|관리원|정보원|개발원|연구원|연구소|PD)$"
)
_PERSON_TITLE = re.compile(
    r"^(?:[가-힣]{0,2}연구원|연구관|주무관|사무관|서기관|[가-힣]{0,4}(?:실장|팀장|부장|과장|단장|센터장|본부장|원장)"
    r"|책임|선임|수석|담당|담당자|지원|PD)$"
)
# lines that serve every program: call centres, system help desks, identity checks, ethics boards
_HELP_LINE = re.compile(r"콜\s*센터|고객\s*센터|상담\s*센터|시스템|전산|IRIS|신문고|실명|윤리|헬프")
_CONTACT_HEADING = re.compile(r"문\s*의\s*처|문의\s*사항|연락처|담당자\s*안내|문\s*의")
DIRECTORY = "기관별 담당자 (공고문 문의처 표)"


def is_help_line(name: str) -> bool:
    """A line that serves every program (a call centre, a system help desk), not the program's own."""
    return _HELP_LINE.search(name) is not None


def _tidy(name: str) -> str:
    """A name without the words of the sentence it was cut from ("문의사항은 IRIS 콜센터" → "IRIS 콜센터")."""
    words = name.split()
    while len(words) > 1 and _PARTICLE_WORD.match(words[0]):
        words = words[1:]
    return " ".join(words).rstrip(" [(（")


def _glued(text: str, start: int, end: int) -> bool:
    """A number that is part of a word or a quoted name ("“1357중소기업통합콜센터”"), not a phone."""
    after = text[end : end + 1]
    before = text[start - 1 : start]
    return bool(re.match(r"[가-힣A-Za-z]", after)) or (before != "" and before in "“\"‘'")


def _bare(before: str) -> bool:
    """Nothing but a cue or the staff's names in brackets before a number ("(국번없이) ", "(홍길동 차장,
    김철수 대리) "): the office is named on the line above."""
    rest = re.sub(r"^\s*\((?=[^)]*[,，])[^)]{2,60}\)", "", before)  # a bracketed list of names
    return rest.strip(" (국번없이):") == ""


def _all_contacts(doc: SourceDoc, lines: list[Line]) -> list[tuple[int, str, CardField]]:
    """(line index, office name, field) of every phone number of the document, each number once."""
    out: list[tuple[int, str, CardField]] = []
    seen: set[str] = set()
    for i, line in enumerate(lines):
        for p in find_phones(line.text):
            if p.digits in seen or _glued(line.text, p.start, p.end):
                continue
            seen.add(p.digits)
            org = _org_before(line.text[: p.start])
            start = line.start + p.start
            name = ""
            if org is not None:
                start, name = line.start + org[0], clean(org[1])
                tidy = _tidy(name)
                start += name.find(tidy) if tidy and tidy in name else 0
                name = tidy
            elif i > 0 and _bare(line.text[: p.start]) and len(lines[i - 1].text) <= 30:
                prev = lines[i - 1]
                if re.search(r"[가-힣]{2}", prev.text) and "\t" not in prev.text:
                    start, name = prev.start, clean(prev.text)
            value = f"{name} {p.text}".strip()
            while doc.text[start] in " :：,/-" and start < line.start + p.start:
                start += 1
            out.append((i, name, field(doc, start, line.start + p.end, value)))
    return out


def _is_contact_heading(text: str) -> bool:
    """ "9. 문의처", "□ 사업 신청 문의", "< 관련 문의처 >": the cue opens or closes the line (not "○ 홈페이지
    사용문의 게시판 또는 챗봇", a sentence that names a way to ask)."""
    if text.lstrip().startswith(("※", "*")):
        return False  # a note ("※ 가급적 이메일 문의를 권장")
    rest = NUMBERING.sub("", MARKER.sub("", text)).strip(" <>＜＞[]")
    m = _CONTACT_HEADING.search(rest)
    return m is not None and (m.start() <= 3 or m.end() >= len(rest) - 1)


def _section_start(lines: list[Line]) -> int | None:
    """The line index of the notice's last contact heading ("9. 문의처", "□ 문의사항"), if any."""
    headings = [
        i
        for i, line in enumerate(lines)
        if len(line.text) <= 30
        and _is_contact_heading(line.text)
        and not re.search(r"\t\d+$", line.text)
        and not find_phones(line.text)  # "※ 접수 문의 02-…" is a contact, not the section's heading
    ]
    return headings[-1] if headings else None


def contacts(doc: SourceDoc, lines: list[Line]) -> tuple[CardField, ...]:
    """Six phone numbers, each with the office written beside it: those of the notice's contact section
    first (a table of partner universities earlier in the notice is not where to call), then the rest in
    order. In a table row whose cell before the number names no office ("사업명 | (044) 300-0813"), the
    office of an earlier cell names it."""
    found = _all_contacts(doc, lines)
    start = _section_start(lines)
    if start is not None:
        found = [c for c in found if c[0] > start] + [c for c in found if c[0] <= start]
    out: list[CardField] = []
    for i, name, f in found[:6]:
        number = f.value[len(name) :].strip()
        if not (name and _is_desk(name, number)):
            f = _office_cell(doc, lines[i], f, number) or f
        out.append(f)
    return tuple(out)


def _is_desk(name: str, number: str) -> bool:
    """An office (not a person, not a help line) with a direct number (not 1357, 1877-…, a mobile)."""
    digits = re.sub(r"\D", "", number)
    words = re.split(r"[\s()（）\[\]]+", name)
    office = any(_OFFICE_WORD.match(w) and not _PERSON_TITLE.match(w) for w in words if len(w) >= 3)
    return digits.startswith("0") and not digits.startswith("010") and office and not _HELP_LINE.search(name)


def _office_cell(doc: SourceDoc, line: Line, phone: CardField, number: str) -> CardField | None:
    """In a table row, the office named in an earlier cell than the phone's ("전문기관\t진흥원 (지역정책
    기획실)\t사업명\t(044) 300-0813"), the span from that cell to the number."""
    before = doc.text[line.start : phone.end - len(number)]
    if "\t" not in before:
        return None
    pos = line.start
    for cell in before.split("\t"):
        name = clean(cell)
        if name and _is_desk(name, number):
            return field(doc, pos, phone.end, f"{name} {number}")
        pos += len(cell) + 1
    return None


def desk(doc: SourceDoc, lines: list[Line]) -> CardField | None:
    """The program's own desk: an office (과/팀/실/센터 ...) with its direct number, preferably in the
    notice's contact section; not a call centre or a system help desk. A directory of four or more
    offices on consecutive lines (regional centres, 주관기관) is named as such, not by its first row."""
    found: list[tuple[int, str, CardField]] = []
    for i, name, f in _all_contacts(doc, lines):
        number = f.value[len(name) :].strip()
        if name and _is_desk(name, number):
            found.append((i, name, f))
            continue
        row = _office_cell(doc, lines[i], f, number)
        if row is not None:
            found.append((i, row.value[: -len(number)].strip(), row))
    start = _section_start(lines)
    if not found:
        return _office_above(doc, lines, start) or _unnamed_directory(doc, lines, start)
    section = [c for c in found if start is not None and c[0] > start]
    pool = section or found
    run = pool[:1]
    for c in pool[1:]:
        if c[0] - run[-1][0] > 2:
            break
        run.append(c)
    first = pool[0][2]
    if len(run) >= 4 and len({name.split()[0] for _, name, _ in run}) >= 4:
        return CardField(DIRECTORY, first.quote, first.page, first.start, first.end)
    return first


def _unnamed_directory(doc: SourceDoc, lines: list[Line], start: int | None) -> CardField | None:
    """A contact section whose table lists three or more direct numbers by topic or project ("1 | 과제명 |
    e-mail 042-000-0000"), none beside an office's name: the program's desks are that table."""
    if start is None:
        return None
    rows = [
        f
        for i, name, f in _all_contacts(doc, lines)
        if i > start
        and "\t" in lines[i].text
        and not is_help_line(name)
        and re.sub(r"\D", "", f.value[len(name) :]).startswith("0")
        and not re.sub(r"\D", "", f.value[len(name) :]).startswith("010")
    ]
    if len(rows) < 3:
        return None
    first = rows[0]
    return CardField(DIRECTORY, first.quote, first.page, first.start, first.end)


_WORD = re.compile(r"[^\s:：,，]+")


def _office_run(text: str) -> tuple[int, int] | None:
    """(start, end) of the last run of office words in a line ("한국연구재단 국제교류팀 홍길동 연구원" →
    "한국연구재단 국제교류팀"; "□ 문의처(담당부서) : ○○재단 ○○본부 ○○팀" → "○○재단 ○○본부 ○○팀")."""
    run: tuple[int, int] | None = None
    last: tuple[int, int] | None = None
    for m in _WORD.finditer(text):
        w = m.group(0)
        office = (
            len(w) >= 3 and _OFFICE_WORD.match(w) and not _PERSON_TITLE.match(w) and not _HELP_LINE.search(w)
        )
        if office:
            run = (run[0], m.end()) if run is not None else (m.start(), m.end())
            last = run
        else:
            run = None
    return last


def _office_above(doc: SourceDoc, lines: list[Line], start: int | None) -> CardField | None:
    """A direct number written under the office it belongs to: "□ 문의처 : ○○재단 ○○팀" / "ㅇ 담당자 : 홍길동
    (…/063-000-0000)", or "ㅇ 한국 측 : ○○재단 ○○팀 홍길동 연구원" / "- (Phone) 02-000-0000" in the contact
    section. The quote runs from the office to the number."""
    for i, name, f in _all_contacts(doc, lines):
        number = f.value[len(name) :].strip()
        digits = re.sub(r"\D", "", number)
        if i == 0 or not digits.startswith("0") or digits.startswith("010") or is_help_line(name):
            continue
        prev = lines[i - 1]
        in_section = start is not None and i > start
        if not in_section and not (
            _CONTACT_HEADING.search(prev.text) or _CONTACT_HEADING.search(lines[i].text)
        ):
            continue
        if "\t" in prev.text or find_phones(prev.text):
            continue
        run = _office_run(prev.text)
        if run is None:
            continue
        office = clean(prev.text[run[0] : run[1]])
        return field(doc, prev.start + run[0], f.end, f"{office} {number}")
    return None
