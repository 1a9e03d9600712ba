"""Which lines of a notice state who may apply, read the way notices lay those statements out.

A block opens at a line labelled with who may apply (지원대상/신청자격 …) or who may not (신청제외/지원제외,
"…은 지원대상에서 제외") and runs to the next numbered heading ("4.", "Ⅲ."), to the next label of the other
kind, or — in an exclusion block labelled
by a □ heading — to the next □ heading; at most REGION_LINES lines. Layout the block
follows:

- a list numbered with circled digits runs on to its next item ("① … < ① 예외 > 1. … 2. … ② …"): a nested
  numbered list between two items does not end the block, and each item ("③", "㉯") carries the block
  REGION_LINES // 3 lines on, a dashed item or a note ("- …", "※ …") REGION_LINES // 6 (at most
  3 × REGION_LINES lines in all);
- inside an exclusion block, a nested list of exceptions ("< ② 예외 대상 >" and its items, up to the next
  item of the outer list) and a note that grants an exception ("* 단, … 신청 가능") name who is *not*
  refused: they are marked ``exception``;
- a partner's role a line opens with ("(공동연구개발기관) …", "• 위탁기관 신청요건") marks the lines under it
  as a partner's rules;
- "다음 중 1개 이상 충족" marks the items after it as alternatives (``option``);
- lines after the first attachment heading ("붙임 2  서식", "[별첨 1]") are ``appendix``;
- a block labelled by a □ heading ends at the next □ heading that is no label ("□ 지원대상 : …" then
  "□ 지원내용 : …"): a □ heading opens a topic of its own;
- a note that only names a term ("※ 가나기업") and the dashed lines under it define that term (``definition``);
- a list that follows a line about scoring ("- 가산점 적용대상(각 1점)") names what scores, not who may
  apply (``scoring``), up to the next □, circled or numbered item;
- a line about scoring or papers ("① 요건심사: 신청 자격 …확인", "4  신청 자격 확인서  서식3") or a
  table-of-contents line ("1. 신청자격 및 참여제한  9") opens no block;
- ``block`` is the index of the label line a rule line's block opens at, so that blocks labelled alike (one
  "◦ 지원대상" per sub-program) can be compared.

The cue words are the lexicon's ``[eligibility]`` table; nothing here names a program.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache

from ingest.card_lines import HEADING, ITEM, MARKER, NUMBERING, Line
from ingest.eligibility_roles import heading_role

__all__ = ["REGION_LINES", "RuleLine", "circled", "rule_lines"]

REGION_LINES = 24  # lines after a label that belong to its block (a third as many after a list item)


@dataclass(frozen=True)
class RuleLine:
    line: Line
    partner: bool  # about someone other than the applicant
    exclusion: bool  # inside an exclusion block: what it names refuses the applicant
    option: bool = False  # one of alternatives ("다음 중 1개 이상 충족")
    exception: bool = False  # an exception to an exclusion ("< ① 예외 대상 >" and its items): refuses nobody
    appendix: bool = False  # after the notice's first attachment heading
    definition: bool = False  # under a note that names a term ("※ 가나기업"): defines it, requires nothing
    scoring: bool = False  # an item of a list of what scores ("가산점 적용대상"), not a rule
    block: int = -1  # the index of the label line the block opens at
    label: str = ""  # that label line's text, squeezed (blocks of sub-programs repeat it)


@cache
def _re(key: str) -> re.Pattern[str]:
    from assistant.lexicon import table  # the lexicon reader (tomllib only), shared with the answer path

    return re.compile(str(table("eligibility")[key]))


_TOP = re.compile(r"^\s*[◦ㅇ○]")  # a paragraph of its own under a □ heading
_BOX = re.compile(r"^\s*[□■]")
_NOTE = re.compile(r"^\s*[*※]|^\s*단\s*[,:]")
_TERM_NOTE = re.compile(r"^\s*[*※]+\s*[^\s:：,.]{1,12}\s*$")  # "※ 가나기업": a note naming a term
_DASH = re.compile(r"^\s*[-–]")
_NESTED_HEAD = re.compile(r"^\s*[<＜\[(]")  # "< ① 조건 예외 대상 >", "[예외]"
# an attachment's own heading: "붙임 2  서식", "[별첨 1] 서식", "<붙임2>" — not a reference to one
# ("[붙임 5]에 따른 …", a table cell "붙임 ②") nor a table-of-contents line ("붙임1. 지침\t20")
_ATTACHMENT = re.compile(
    r"^\s*(?:\[\s*(?:붙임|별첨|별지)\s*\d{1,2}\s*\]|[<＜]\s*(?:붙임|별첨|별지)\s*\d{1,2}\s*[>＞]"
    r"|(?:붙임|별첨|별지)\s*\d{1,2}\s*\.?)(?:\s+(?!의|에|을|를|과|와|참조|참고)[가-힣A-Za-z0-9(「\[<]|\s*$)"
)
_CONTENTS = re.compile(r"(?:\t|\.{3,}|…+|·{3,})\s*\d{1,3}\s*$")
# a section heading as PDF text gives it, its number without a dot: "5 선정 절차"
_SECTION = re.compile(r"^\d{1,2}\s+[가-힣][^\t]{1,20}$")
# ①…⑳, ❶…❿, ➀…➉, ➊…➓, ㉮…㉻
_CIRCLED_SERIES = ((0x2460, 20), (0x2776, 10), (0x2780, 10), (0x278A, 10), (0x326E, 14))


def circled(text: str) -> tuple[int, int] | None:
    """The series and number of the circled item number a line opens with ("③ …" → (0x2460, 3))."""
    s = text.lstrip()
    if not s:
        return None
    code = ord(s[0])
    for base, size in _CIRCLED_SERIES:
        if base <= code < base + size:
            return base, code - base + 1
    return None


def _label_at_head(pattern: re.Pattern[str], text: str) -> bool:
    rest = NUMBERING.sub("", MARKER.sub("", text))
    m = pattern.search(rest[:24])
    return m is not None and m.start() <= 12


def _label_kind(text: str) -> str | None:
    """ "exclusion", "eligibility" or None: the label a line opens with (a refusal wins: "지원대상에서 제외")."""
    if _label_at_head(_re("exclusion_label"), text):
        return "exclusion"
    return "eligibility" if _label_at_head(_re("label"), text) else None


def _ends(text: str, kind: str, boxed: bool) -> bool:
    """Whether a line closes a block of ``kind``: a numbered heading, a label of the other kind, or — for a
    block whose label is a □ heading (``boxed``) — the next □ heading that is no label."""
    label = _label_kind(text)
    if label is not None and label != kind:
        return True
    numbered = NUMBERING.match(text) is not None and not ITEM.match(text)
    if (numbered or _SECTION.match(text) is not None) and label is None:
        return True
    return boxed and _BOX.match(text) is not None and label is None


def _next_item(lines: Sequence[Line], j: int, item: tuple[int, int]) -> int | None:
    """The index of the line holding the list's next circled item after ``j``, if it comes before a □ or
    roman heading and within REGION_LINES lines."""
    want = (item[0], item[1] + 1)
    for k in range(j + 1, min(len(lines), j + 1 + REGION_LINES)):
        text = lines[k].text
        if circled(text) == want:
            return k
        if _BOX.match(text) or re.match(r"^\s*[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]\s*\.", text):
            return None
    return None


def _block_end(lines: Sequence[Line], i: int) -> int:
    """The index after the last line of the block labelled at ``lines[i]`` (see the module doc)."""
    kind = _label_kind(lines[i].text) or "eligibility"
    boxed = _BOX.match(lines[i].text) is not None
    limit = i + 1 + REGION_LINES
    item: tuple[int, int] | None = None  # the circled number of the block's latest list item
    j = i + 1
    while j < min(len(lines), limit):
        text = lines[j].text
        number = circled(text)
        if _TOP.match(text):
            item = None  # a paragraph of its own: a list under it numbers from ① again
        if number is not None or ITEM.match(text) or _NOTE.match(text):
            # a list item ("③", "㉯", "- …") or its note carries the block a few lines on
            reach = REGION_LINES // 3 if number is not None else REGION_LINES // 6
            limit = min(max(limit, j + 1 + reach), i + 1 + 3 * REGION_LINES)
            if item is None or number == (item[0], item[1] + 1):
                item = number
        if _ends(text, kind, boxed):
            nxt = _next_item(lines, j, item) if item is not None else None
            if nxt is None:
                return j
            j = nxt
            continue
        j += 1
    return min(len(lines), limit)


def _role(text: str) -> str | None:
    """The role a line opens with, in brackets ("(공동연구개발기관) …", "- (지원기업) …") or as the head of a
    short line ("• 위탁기관 신청요건"), if any."""
    m = re.match(r"\(\s*([^)]{1,20})\)", MARKER.sub("", text))
    return m.group(1) if m else heading_role(text)


@dataclass
class _State:
    partner: bool = False
    options: bool = False
    exception: bool = False  # inside a nested list of exceptions
    defining: bool = False  # under a note that names a term
    scoring: bool = False  # inside a list of what scores


def _step(state: _State, line: Line, first: bool, exclusion: bool) -> RuleLine:
    """The rule line ``line`` is, given the block's state, and the state after it."""
    text = line.text
    role = _role(text)
    top = HEADING.match(text) is not None or first or _TOP.match(text) is not None
    if top:
        state.options = False
    if role is not None and (top or _re("partner").search(role)):
        state.partner = _re("partner").search(role) is not None
    elif top and not first:
        state.partner = False
    exception = False
    if exclusion:
        if circled(text) is not None or _TOP.match(text) or _BOX.match(text):
            state.exception = False
        cue = _re("exception").search(text) is not None
        if cue and _NESTED_HEAD.match(text):
            state.exception = True  # "< ① 예외 대상 >": the items under it, up to the next outer item
        exception = state.exception or (cue and _NOTE.match(text) is not None)
    if _TERM_NOTE.match(text):
        state.defining = True
    elif not _DASH.match(text):
        state.defining = False
    definition = state.defining and not _TERM_NOTE.match(text)
    if top or circled(text) is not None or (NUMBERING.match(text) and not ITEM.match(text)):
        state.scoring = False
    scoring = state.scoring
    if _re("scoring").search(text):
        state.scoring = True  # the items after "가산점 적용대상" name what scores
    out = RuleLine(
        line, state.partner and not exclusion, exclusion, state.options, exception, False, definition, scoring
    )
    if _re("options").search(text) and "필수" not in text:
        state.options = True  # the items that follow are alternatives ("… 중 1가지 이상 충족")
    return out


def _appendix_start(lines: Sequence[Line]) -> int:
    """The index of the first attachment heading after the notice's own text (len(lines) when none)."""
    for k, line in enumerate(lines):
        cells = [c for c in line.text.split("\t") if c.strip()]
        if k > 0 and _ATTACHMENT.match(line.text) and len(cells) <= 2 and not _CONTENTS.search(line.text):
            return k
    return len(lines)


def _opens(text: str) -> str | None:
    """The kind of block a line opens, if any: not a table-of-contents line, nor a line about scoring or
    papers that names a label in passing (a circled step "① 요건심사: 신청 자격 …", a form's table row)."""
    kind = _label_kind(text)
    if kind is None or len(text) > 300 or _CONTENTS.search(text):
        return None
    if _re("not_rule").search(text) and (circled(text) is not None or "\t" in text.strip()):
        return None
    return kind


def rule_lines(lines: Sequence[Line]) -> list[RuleLine]:
    """The lines of every eligibility and exclusion block, in order, each once (see the module doc)."""
    out: dict[int, RuleLine] = {}
    appendix = _appendix_start(lines)
    i = 0
    while i < len(lines):
        kind = _opens(lines[i].text)
        if kind is None:
            i += 1
            continue
        end = _block_end(lines, i)
        state = _State()
        label = re.sub(r"\s+", "", MARKER.sub("", lines[i].text))
        for j in range(i, end):
            rule = _step(state, lines[j], j == i, kind == "exclusion")
            if j not in out:
                out[j] = replace(rule, appendix=j >= appendix, block=i, label=label)
        i = end if end > i else i + 1
    return [out[k] for k in sorted(out)]
