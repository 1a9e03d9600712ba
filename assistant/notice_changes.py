"""What a 수정/정정/변경 notice changed, from the two notices themselves.

A question asking what an amendment changed ("정정공고로 달라진 점이 뭔가요?", "정정 사항") about a program whose
cards are linked as an amendment pair (``ProgramCard.amends`` / ``amended_by``) is answered in two parts:

1. the amending notice's own list of changes ("0. 수정내용", or the items after "…를 다음과 같이 수정한
   공고입니다"), quoted verbatim — a heading or line the original notice also has (a year's "변경사항" table
   both carry) is not that list;
2. the lines that differ between the two documents (``difflib`` over their lines, compared without spaces,
   bullets and punctuation), each quoted from BOTH documents (before → after) and cited to both, grouped
   under the heading they sit under, the fields an applicant cares about most first (the lexicon's
   ``[changes.fields]`` order: 접수기간, 지원대상, 지원한도, 자부담 …).

A program without an amendment gets a plain "the indexed notices hold no 수정·정정·변경 공고" with its notice
cited (status ``answered``: the user asked whether something changed, and the documents answer that nothing
did). Every quote is a verbatim slice of its document's text; every change is also in
``Answer.facts["changes"]`` (``facts["scope"] == "changes"``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from typing import Any

from assistant.lexicon import pattern, table
from assistant.program_listing import CardCitations
from assistant.types import Answer, Citation
from ingest.card_lines import ITEM, MARKER, CardField
from ingest.cards import ProgramCard
from ingest.structure import heading_level
from ingest.types import SourceDoc

__all__ = [
    "Change",
    "Span",
    "amendment_pair",
    "changes_answer",
    "differences",
    "is_change_question",
    "names_revision",
    "no_amendment_answer",
    "own_list",
]

SectionAt = Callable[[str, int], str]

SIMILAR = 0.5  # two lines this similar (by their compared keys) are one line changed, not two
LOOKAHEAD = 15  # how far ahead a changed line's counterpart is looked for
BLOCK_LINES = 6  # an added or removed block is quoted up to this many lines
LIST_LINES = 24  # a notice's own list of changes runs at most this many lines
LIST_SEARCH = 80  # ... and starts within this many first lines
PREAMBLE_LINES = 15  # the opening sentence sits within this many first lines
SHOWN = 8  # changes written out in the answer text (all are in facts, up to FACTS)
FACTS = 40
QUOTE_SHOWN = 160
SECTION_LEVEL = 3  # headings down to "□" name a change's section
MINOR = 4  # a change of at most this many characters, none a digit, is minor ("아래" added): listed last  # characters of a quote written in the answer text

# which card fields stand for which change field (a change overlapping one is of that field)
_CARD_FIELDS = {
    "접수기간": ("apply_period",),
    "지원대상": ("eligibility", "exclusions"),
    "지원한도": ("limit", "budget"),
    "자부담": ("self_share",),
    "신청방법": ("how_to_apply",),
    "문의처": ("contacts", "desk"),
}
# the asked attribute (``assistant.intent``) → the change field it asks about
INTENT_FIELDS = {
    "deadline": "접수기간",
    "eligibility": "지원대상",
    "amount": "지원한도",
    "ratio": "자부담",
    "procedure": "신청방법",
    "contact": "문의처",
}


@dataclass(frozen=True)
class Span:
    """Lines ``start:end`` of one document's text (offsets; ``text[start:end]`` is the quote)."""

    start: int
    end: int


@dataclass(frozen=True)
class Change:
    section: str  # the heading the change sits under ("" when none precedes it)
    field: str  # a field of [changes.fields] ("접수기간" …) or ""
    before: Span | None  # in the original notice (None: the line is new)
    after: Span | None  # in the amending notice (None: the line was removed)
    lines: int = 1  # lines the change spans (the longer side)
    repeats: int = 1  # the same change made in this many places (the first is quoted)


# ---------------------------------------------------------------- questions


def names_revision(question: str) -> bool:
    """Whether the question names a revision notice or its list ("수정공고", "정정 사항", "변경된 내용")."""
    return any(pattern("changes", key).search(question) for key in ("notice", "list"))


def is_change_question(question: str) -> bool:
    """A question about what a revision notice changed ("뭐가 바뀌었어요?", "정정 사항"), not about another
    year or round of the program. Naming a 수정공고 alone asks about its content ("수정공고 마감 언제예요?")."""
    if pattern("changes", "other_year").search(question):
        return False
    if pattern("changes", "asked").search(question):
        return True
    return bool(
        pattern("changes", "list").search(question) and not pattern("changes", "own_action").search(question)
    )


# ---------------------------------------------------------------- the pair


def amendment_pair(
    cards: Mapping[str, ProgramCard], doc_ids: Sequence[str], question: str = ""
) -> tuple[ProgramCard | None, ProgramCard] | None:
    """(original, amendment) for the program of ``doc_ids``: its latest amending notice and the notice that
    one amends (None when that is not indexed but the notice calls itself a 수정/정정/변경 공고); None when
    the program has no amendment. When the documents hold amendments of several notices (a name shared by
    several sub-programs), the one whose name is closest to the ``question``'s words."""
    mine = [cards[d] for d in sorted(doc_ids) if d in cards]
    linked: list[ProgramCard] = []
    for c in mine:
        if c.amended_by and c.amended_by in cards:
            linked.append(cards[c.amended_by])
        if c.amends:
            linked.append(c)
    if linked:
        # the latest amendment: one that nothing amends further, else the first
        final = list({c.doc_id: c for c in linked if not c.amended_by}.values()) or linked[:1]
        latest = max(final, key=lambda c: _name_overlap(question, c.program)) if question else final[0]
        original = cards.get(latest.amends or "")
        if original is not None:
            return original, latest
    revised = [c for c in mine if c.revision in ("수정", "정정", "변경") and not c.amends]
    return (None, revised[0]) if revised else None


def _name_overlap(question: str, name: str) -> float:
    """Jaccard overlap of the question's and a program name's keyword tokens (the closer name wins)."""
    from ingest.korean import keyword_tokens

    q, n = set(keyword_tokens(question)), set(keyword_tokens(name))
    return len(q & n) / len(q | n) if q | n else 0.0


# ---------------------------------------------------------------- lines


@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    text: str
    key: str  # without spaces, bullets and punctuation: what two lines are compared by


def _key(text: str) -> str:
    return re.sub(r"[^\w%~]", "", MARKER.sub("", text))


def _lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    offset = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            start = offset + raw.index(stripped[0])
            key = _key(stripped)
            if key:
                out.append(_Line(start, start + len(stripped), stripped, key))
        offset += len(raw) + 1
    return out


def _flat(text: str) -> str:
    return " ".join(text.split())


def _is_title_line(text: str) -> bool:
    """A dash-framed title ("- 유의사항 -") or a top heading ("1. 사업개요"): the end of a list."""
    level = heading_level(text)
    return bool(re.fullmatch(r"[-–]\s*\S.*\S\s*[-–]", text)) or (level is not None and level <= 2)


def own_list(after: str, before: str | None = None) -> list[Span]:
    """The amending notice's own list of changes: its heading or opening line and the items under it
    (spans of ``after``), or []. With the original's text (``before``), a heading or item the original also
    has is not part of the list: the list is what the amendment adds."""
    lines = _lines(after)
    seen = {line.key for line in _lines(before)} if before is not None else None
    heading, intro = pattern("changes", "list_heading"), pattern("changes", "list_intro")
    for i, line in enumerate(lines[:LIST_SEARCH]):
        if not (heading.search(line.text) or intro.search(line.text)):
            continue
        if seen is not None and line.key in seen:
            continue  # the original has it too: not what this notice changes
        items: list[_Line] = []
        for nxt in lines[i + 1 : i + 1 + LIST_LINES]:
            if (seen is not None and nxt.key in seen) or _is_title_line(nxt.text):
                break
            listed = ITEM.match(nxt.text) or nxt.text.startswith(("*", "※", "→", "(", "["))
            if seen is None and not listed:
                break
            items.append(nxt)
        if items:
            return [Span(line.start, line.end), *(Span(x.start, x.end) for x in items)]
    return []


def _skipped(card: ProgramCard | None, lines: list[_Line], listed: Sequence[Span]) -> set[int]:
    """Indexes of lines that differ in every revision and say nothing changed: the notice's number, date
    and title, its opening sentence, and its own list of changes (answered on its own)."""
    spans = [Span(s.start, s.end) for s in listed]
    if card is not None:
        spans += [Span(f.start, f.end) for f in (card.notice_no, card.notice_date, card.title_quote) if f]
    preamble = pattern("changes", "preamble")
    out = {
        i
        for i, line in enumerate(lines)
        if any(s.start < line.end and line.start < s.end for s in spans)
        or (i < PREAMBLE_LINES and preamble.search(line.text))
    }
    return out


def _similar(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _align(a: list[_Line], b: list[_Line]) -> list[tuple[list[_Line], list[_Line]]]:
    """Pairs of (removed lines, added lines) for one differing stretch: a line and its most similar
    counterpart ahead are one changed line; a run of removed lines followed by a run of added ones is one
    changed block."""
    out: list[tuple[list[_Line], list[_Line]]] = []
    j = 0
    removed: list[_Line] = []
    for line in a:
        best, at = 0.0, -1
        for k in range(j, min(len(b), j + LOOKAHEAD)):
            r = _similar(line.key, b[k].key)
            if r > best:
                best, at = r, k
        if best >= SIMILAR:
            if removed or j < at:
                out.append((removed, b[j:at]))
                removed = []
            out.append(([line], [b[at]]))
            j = at + 1
        else:
            removed.append(line)
    if removed or j < len(b):
        out.append((removed, b[j:]))
    return [(x, y) for x, y in out if x or y]


def _section(lines: list[_Line], at: int) -> str:
    """The heading the line at index ``at`` sits under ("□ 신청 제한", "1. 사업개요"; without its bullet), or
    "". Numbered items ("3) …", "① …") are content, not headings."""
    for line in reversed(lines[:at]):
        level = heading_level(line.text)
        if level is not None and level <= SECTION_LEVEL:
            name = MARKER.sub("", line.text).strip()
            return name if len(name) <= 40 else name[:39].rstrip() + "…"
    return ""


def _card_spans(card: ProgramCard | None) -> list[tuple[str, Span]]:
    out: list[tuple[str, Span]] = []
    if card is None:
        return out
    for name, attrs in _CARD_FIELDS.items():
        for attr in attrs:
            value = getattr(card, attr)
            for f in value if isinstance(value, tuple) else (value,):
                if isinstance(f, CardField):
                    out.append((name, Span(f.start, f.end)))
    return out


def _field(text: str, section: str, span: Span, card_spans: Sequence[tuple[str, Span]]) -> str:
    """The field a change is of: a card field its lines overlap, else the first field of the lexicon's
    ``[changes.fields]`` its section heading names, else one its own text names, else ""."""
    for name, s in card_spans:
        if s.start < span.end and span.start < s.end:
            return name
    fields = table("changes", "fields")
    for source in (section, text):
        for name in fields:
            if pattern("changes", "fields", name).search(source):
                return name
    return ""


def differences(
    before: SourceDoc,
    after: SourceDoc,
    before_card: ProgramCard | None = None,
    after_card: ProgramCard | None = None,
) -> list[Change]:
    """The lines that differ between two notices (compared without spaces, bullets and punctuation), most
    important field first, then in the amending notice's order."""
    listed = own_list(after.text, before.text)
    a_all, b_all = _lines(before.text), _lines(after.text)
    a_skip, b_skip = _skipped(before_card, a_all, ()), _skipped(after_card, b_all, listed)
    a = [x for i, x in enumerate(a_all) if i not in a_skip]
    b = [x for i, x in enumerate(b_all) if i not in b_skip]
    a_at = {id(x): i for i, x in enumerate(a_all)}
    b_at = {id(x): i for i, x in enumerate(b_all)}
    a_cards, b_cards = _card_spans(before_card), _card_spans(after_card)
    changes: list[tuple[int, Change]] = []
    matcher = SequenceMatcher(None, [x.key for x in a], [x.key for x in b], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        for old_all, new_all in _align(a[i1:i2], b[j1:j2]):
            old, new = old_all[:BLOCK_LINES], new_all[:BLOCK_LINES]  # a long block is quoted by its start
            old_span = Span(old[0].start, old[-1].end) if old else None
            new_span = Span(new[0].start, new[-1].end) if new else None
            field = ""
            if new_span is not None:
                section = _section(b_all, b_at[id(new[0])])
                field = _field(" ".join(x.text for x in new), section, new_span, b_cards)
            else:
                section = _section(a_all, a_at[id(old[0])])
            if not field and old_span is not None:  # a removed line, or one whose new text names no field
                field = _field(" ".join(x.text for x in old), "" if new else section, old_span, a_cards)
            order = b_at[id(new[0])] if new else (b_at[id(b[j1 - 1])] if j1 > 0 else 0)
            size = max(len(old_all), len(new_all))
            changes.append((order, Change(section, field, old_span, new_span, size)))
    changes = _merged(changes, before.text, after.text)
    rank = {name: i for i, name in enumerate(table("changes", "fields"))}
    changes.sort(
        key=lambda oc: (_minor(oc[1], before.text, after.text), rank.get(oc[1].field, len(rank)), oc[0])
    )
    return [c for _, c in changes]


def _text(text: str, span: Span | None) -> str:
    return text[span.start : span.end] if span is not None else ""


def _minor(change: Change, before: str, after: str) -> bool:
    """A change of a few characters and no digit: a word added or dropped ("아래", "예정"), listed last."""
    if change.before is None or change.after is None:
        return False
    a, b = _key(_text(before, change.before)), _key(_text(after, change.after))
    differing = "".join(
        a[i1:i2] + b[j1:j2]
        for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
        if op != "equal"
    )
    return len(differing) <= MINOR and not re.search(r"\d", differing)


def _merged(changes: list[tuple[int, Change]], before: str, after: str) -> list[tuple[int, Change]]:
    """One change per distinct (before, after) pair: the same sentence changed in three places is quoted
    once, with ``repeats`` = 3."""
    out: dict[tuple[str, str], tuple[int, Change]] = {}
    for order, ch in changes:
        key = (_key(_text(before, ch.before)), _key(_text(after, ch.after)))
        if key in out:
            first_order, first = out[key]
            out[key] = (first_order, replace(first, repeats=first.repeats + 1))
        else:
            out[key] = (order, ch)
    return list(out.values())


# ---------------------------------------------------------------- answers


def _notice_name(card: ProgramCard) -> str:
    return f"공고 {card.notice_no.value}" if card.notice_no else card.source


def _shown(text: str) -> str:
    flat = _flat(text)
    return flat if len(flat) <= QUOTE_SHOWN else flat[: QUOTE_SHOWN - 1].rstrip() + "…"


def _cite(cites: CardCitations, card: ProgramCard, span: Span) -> Citation:
    doc = cites.docs[card.doc_id]
    f = CardField(doc.text[span.start : span.end], doc.text[span.start : span.end], 0, span.start, span.end)
    return cites.cite(card, f, whole_line=False)


def _ref(c: Citation | None) -> dict[str, Any] | None:
    return None if c is None else {"n": c.n, "doc_id": c.doc_id, "start": c.start, "end": c.end}


def _answer(
    question: str, program: str, lines: list[str], cites: CardCitations, facts: dict[str, Any]
) -> Answer:
    return Answer(
        question=question,
        text="\n".join(lines),
        status="answered",
        intent="changes",
        program=program,
        citations=tuple(cites.items),
        intents=("changes",),
        facts={"scope": "changes", **facts},
        lead=(lines[0],),
    )


def changes_answer(
    question: str,
    original: ProgramCard | None,
    amendment: ProgramCard,
    docs: Mapping[str, SourceDoc],
    section_at: SectionAt,
    asked: Sequence[str] = (),
) -> Answer | None:
    """What ``amendment`` changed in ``original`` (None when the original is not indexed): its own list of
    changes, then the differing lines before → after, the ``asked`` fields ("접수기간" …) first. None when
    the question asks about fields none of the changes touch (the normal path answers it from the amended
    notice) or when nothing can be said."""
    cites = CardCitations(docs, section_at)
    after = docs[amendment.doc_id]
    before = docs[original.doc_id] if original is not None else None
    listed = own_list(after.text, before.text if before is not None else None)
    changes = differences(before, after, original, amendment) if before is not None else []
    if asked:
        if changes and not any(c.field in asked for c in changes):
            return None
        changes.sort(key=lambda c: c.field not in asked)  # stable: the asked fields first
    if not listed and not changes:
        return None
    name = amendment.program
    kind = amendment.revision if amendment.revision in ("수정", "정정", "변경") else "수정"
    if original is not None:
        head = (
            f"「{name}」의 {kind}공고({_notice_name(amendment)})가 원래 공고({_notice_name(original)})에서 "
            "바꾼 내용입니다."
        )
    else:
        head = (
            f"「{name}」의 {kind}공고({_notice_name(amendment)})가 밝힌 {kind} 내용입니다. 원래 공고는 색인된 "
            "문서에 없어 두 공고문을 비교하지는 못했습니다."
        )
    lines = [head]
    facts: dict[str, Any] = {
        "amendment": amendment.doc_id,
        "original": original.doc_id if original is not None else "",
    }
    if listed:
        c = _cite(cites, amendment, Span(listed[0].start, listed[-1].end))
        lines.append(f"{kind}공고에 적힌 {kind} 사항 [{c.n}]:")
        lines += [f"  {_flat(after.text[s.start : s.end])}" for s in listed[1:]]
        facts["change_list"] = [after.text[s.start : s.end] for s in listed[1:]]
        facts["change_list_citation"] = _ref(c)
    if changes:
        lines.append(f"두 공고문에서 달라진 곳({len(changes)}곳, 중요한 항목 먼저; 원래 공고 → {kind}공고):")
    structured: list[dict[str, Any]] = []
    for i, ch in enumerate(changes[:FACTS]):
        before_text = before.text[ch.before.start : ch.before.end] if before and ch.before else ""
        after_text = after.text[ch.after.start : ch.after.end] if ch.after else ""
        b_cite = a_cite = None
        if i < SHOWN:
            b_cite = _cite(cites, original, ch.before) if original and ch.before else None
            a_cite = _cite(cites, amendment, ch.after) if ch.after else None
            where = " · ".join(x for x in (ch.field, ch.section) if x)
            left = f'"{_shown(before_text)}" [{b_cite.n}]' if b_cite else "(신설)"
            right = f'"{_shown(after_text)}" [{a_cite.n}]' if a_cite else "(삭제)"
            again = f" (같은 변경 {ch.repeats}곳)" if ch.repeats > 1 else ""
            lines.append(f"{i + 1}. [{where or '기타'}] {left} → {right}{again}")
        structured.append(
            {
                "section": ch.section,
                "field": ch.field,
                "repeats": ch.repeats,
                "before": before_text,
                "after": after_text,
                "before_citation": _ref(b_cite)
                or (
                    {"n": None, "doc_id": original.doc_id, "start": ch.before.start, "end": ch.before.end}
                    if original and ch.before
                    else None
                ),
                "after_citation": _ref(a_cite)
                or (
                    {"n": None, "doc_id": amendment.doc_id, "start": ch.after.start, "end": ch.after.end}
                    if ch.after
                    else None
                ),
            }
        )
    if len(changes) > SHOWN:
        lines.append(f"(그 밖에 {len(changes) - SHOWN}곳이 더 다릅니다. 공고문 원문을 확인하세요.)")
    facts["changes"] = structured
    return _answer(question, name, lines, cites, facts)


def no_amendment_answer(
    question: str, card: ProgramCard, docs: Mapping[str, SourceDoc], section_at: SectionAt
) -> Answer:
    """The program's indexed notices hold no 수정·정정·변경 공고: said plainly, its notice cited."""
    cites = CardCitations(docs, section_at)
    shown = card.title_quote or card.notice_no
    ref = f" [{cites.cite(card, shown, whole_line=False).n}]" if shown is not None else ""
    lines = [
        f"「{card.program}」의 색인된 공고문 중에는 수정·정정·변경 공고가 없습니다. "
        f"현재 공고({_notice_name(card)}){ref}의 내용이 그대로입니다."
    ]
    return _answer(
        question, card.program, lines, cites, {"changes": [], "amendment": "", "original": card.doc_id}
    )
