"""Text helpers shared by the card extractors: lines with offsets, markers, fields with verbatim quotes."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.types import SourceDoc

__all__ = [
    "HEADING",
    "ITEM",
    "MARKER",
    "NUMBERING",
    "CardField",
    "Line",
    "clean",
    "continued",
    "field",
    "label_body",
    "line_field",
    "split_lines",
]


@dataclass(frozen=True)
class CardField:
    value: str  # normalised display value
    quote: str  # verbatim span of the document text
    page: int
    start: int
    end: int


MARKER = re.compile(r"^[\s□■◦ㅇ○●◎▪▸▶☞‣•∙·\-–*※➊➋➌➍➎➏➐➑➒➓①②③④⑤⑥⑦⑧⑨⑩󰊱-󰊹]*")
HEADING = re.compile(r"^\s*(?:[□■◎]|[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]\.|\d{1,2}\.\s|\[?붙임|<|＜|&lt;)")


@dataclass(frozen=True)
class Line:
    start: int  # offset of the first non-space character
    end: int  # offset after the last non-space character
    text: str


def split_lines(text: str) -> list[Line]:
    out: list[Line] = []
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            s = pos + lead
            out.append(Line(s, s + len(stripped), stripped))
        pos += len(raw) + 1
    return out


def clean(s: str) -> str:
    s = MARKER.sub("", s)
    s = s.replace("\t", " ")
    return re.sub(r"\s+", " ", s).strip()


def field(doc: SourceDoc, start: int, end: int, value: str) -> CardField:
    return CardField(value=value, quote=doc.text[start:end], page=doc.page_at(start), start=start, end=end)


def line_field(doc: SourceDoc, line: Line, value: str | None = None) -> CardField:
    return field(doc, line.start, line.end, value if value is not None else clean(line.text))


ITEM = re.compile(r"^\s*(?:[◦ㅇ○●▪‣•∙·\-–]|[➊-➓①-⑩]|\(\d\)|\d\))")


# the number of a heading: "3.", "3-1.", "가.", "Ⅱ.", "4<tab><tab>" (a numbered table cell)
NUMBERING = re.compile(r"^(?:\d{1,2}(?:-\d{1,2})?\s*\.|[가-하]\s*\.|[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]\s*\.|\d{1,2}\t+)\s*")
# who the label is about, before it: "□ 연구개발기관 신청자격", "□ 주관기관의 자격"
_SUBJECT = re.compile(r"^[가-힣·()]{2,12}(?:의)?\s*")


def label_body(
    label: re.Pattern[str], text: str, headings: bool = False, joined: bool | None = None
) -> str | None:
    """The text after a heading label ("□ 지원대상 : …", "□ (신청자격) …", "ㅇ 지원대상"), else None. With
    ``headings``, also numbered headings and labels after their subject ("3-1. 신청자격", "□ 연구개발기관
    신청자격"), whose items follow on the next lines. ``joined`` (default: ``headings``) also takes a label
    joined to another topic ("□ 신청제한 및 지원제외 사항")."""
    rest = MARKER.sub("", text)
    if headings:
        rest = NUMBERING.sub("", rest)
    m = re.match(r"\(\s*([^)]{0,30})\)\s*[:：]?\s*", rest)
    if m and label.search(m.group(1)) and label.search(m.group(1)).start() <= 10:
        return rest[m.end() :]
    m = label.match(rest)
    if m is None and headings:
        subject = _SUBJECT.match(rest)
        m = label.match(rest, subject.end()) if subject else None
        if m is None or rest[m.end() :].strip():
            return None  # a label after other words only as a heading of its own
    if m is None:
        return None
    after = rest[m.end() :]
    # "□ 신청 제외 대상 (사업 신청·접수 마감일 기준)": a heading with a bracketed condition, items below
    sep = re.match(r"\s*[:：]\s*|\s*$|\s*(?=※)|\s*\([^)]{1,40}\)\s*$", after)
    if sep is None and (headings if joined is None else joined):  # "2. 신청자격 및 추진체계": two topics
        sep = re.match(r"\s*(?:및|등)\s*[가-힣\s]{1,12}$", after)
    if sep is None:
        return None
    body = after[sep.end() :]
    return "" if body.startswith("※") else body


# a short line naming what follows ("신청 시 주의사항", "제출 서류 안내"): a heading without a marker
_SUBHEADING = re.compile(r"[^\s].{0,12}(?:사항|안내|방법|절차|일정)")
_JOINER = re.compile(r"(?:[‧·ㆍ,/→&]|\s(?:및|또는|과|와))$")


# after a line ending in a bracket ("- 가나 시·군(A, B, C)"), the next runs on only when it opens with the
# noun phrase the bracket qualified and its topic particle ("소재 기업은 …"): the sentence goes on
_RUNS_ON = re.compile(r"[가-힣]{1,8}\s+[가-힣]{1,8}(?:은|는)\s")


def continued(lines: list[Line], i: int) -> Line:
    """A wrapped line (plain-text sources) together with its continuation lines: at most two, or three when
    the second stops on a joining mark."""
    line = lines[i]
    end = line.end
    for k, nxt in enumerate(lines[i + 1 : i + 4], start=i + 1):
        prev_text = lines[k - 1].text
        if k == i + 3 and not _JOINER.search(prev_text):
            break  # a third continuation line only after a joining mark
        # a line that stops on a joining mark or word ("온라인 신청‧", "… 및") runs on, however short
        joined = _JOINER.search(prev_text) is not None
        if (
            HEADING.match(nxt.text)
            or ITEM.match(nxt.text)
            or NUMBERING.match(nxt.text)
            or nxt.text.startswith(("*", "※", "(", "[", "☞", "▶", "▸", "★", "◇", "◆"))
            or _SUBHEADING.fullmatch(nxt.text) is not None
            or "\t" in nxt.text
            or "\t" in prev_text
            or (not joined and len(prev_text) < 25)
            or re.search(r"[.다음함임]$", prev_text)
            or (prev_text.endswith(")") and _RUNS_ON.match(nxt.text) is None)
        ):
            break
        end = nxt.end
    return line if end == line.end else Line(line.start, end, line.text)
