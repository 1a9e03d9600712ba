"""Answers across program cards: what is open now (closing, this month, upcoming), and every round of one
program with its window and status.

Each listed program is cited by the verbatim line of its application window (and by its title's line when
the name holds a year or round the window line does not), so every date and number of the answer text is
in a cited quote; the one exception is the reference day (``GILJABI_TODAY``) the statuses are computed on.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from assistant.grounding import ungrounded_values
from assistant.lexicon import pattern, table
from assistant.program_filters import (
    ProgramFilter,
    card_kinds,
    kinds_named,
    ministries_named,
    regions_named,
    squash,
)
from assistant.types import Answer, Citation
from ingest.card_lines import CardField
from ingest.card_rounds import family_name, round_order
from ingest.cards import ProgramCard, distinct_notices
from ingest.types import SourceDoc

__all__ = [
    "STATUS_KO",
    "CardCitations",
    "CrossQuestion",
    "current_notices",
    "listing_answer",
    "read_cross_question",
    "rounds_answer",
    "select",
    "without_narrowing",
]

STATUS_KO = {
    "open": "접수중",
    "closing": "마감임박",
    "upcoming": "접수예정",
    "closed": "마감",
    "unknown": "기간 확인 필요",
}
SCOPES = ("closing", "this_month", "upcoming", "open_now")  # tried in this order: the narrowest first
SCOPE_KO = {
    "open_now": "지금 신청할 수 있는",
    "this_month": "이번 달에 마감하는",
    "closing": "마감이 임박한",
    "upcoming": "곧 접수가 시작되는",
}
QUOTE_LINE_MAX = 200  # a window quote grows to its whole line up to this length

CURRENT_CACHE = 4  # lists of cards whose current notices are kept (the whole index's, a program's rounds)
_current: OrderedDict[tuple[int, ...], tuple[tuple[ProgramCard, ...], list[ProgramCard]]] = OrderedDict()
_current_lock = threading.Lock()

# where a quote sits: (doc_id, offset) → section heading path
SectionAt = Callable[[str, int], str]


@dataclass(frozen=True)
class CrossQuestion:
    """A question about programs in general: which scope and what it is narrowed to."""

    scope: str  # one of SCOPES
    kinds: tuple[str, ...] = ()  # "R&D", "창업" … (lexicon ``across.kinds``)
    regions: tuple[str, ...] = ()
    ministries: tuple[str, ...] = ()

    def narrowing(self) -> str:
        regions = [f"{'·'.join(self.regions)} 지역 또는 전국"] if self.regions else []
        return "·".join([*self.kinds, *self.ministries, *regions])


def read_cross_question(question: str, cards: Sequence[ProgramCard]) -> CrossQuestion | None:
    """The scope a question asks across programs, by the lexicon's cue patterns, or None."""
    scope = next((s for s in SCOPES if pattern("across", s).search(question)), None)
    if scope is None:
        return None
    return CrossQuestion(
        scope, kinds_named(question), regions_named(question), ministries_named(question, cards)
    )


def without_narrowing(question: str, cross: CrossQuestion) -> str:
    """The question without the words that narrow it (kinds, regions, ministries and their short names):
    what is left names a program, or nothing."""
    words: list[str] = [*cross.ministries]
    for short, long_forms in table("alias").items():
        if any(squash(lf) in {squash(m) for m in cross.ministries} for lf in long_forms):
            words.append(short)
    for kind in cross.kinds:
        words += table("across", "kinds")[kind]
    for region in cross.regions:
        words += table("region")[region]
    out = question
    for w in sorted(words, key=len, reverse=True):
        out = re.sub(re.escape(w), " ", out, flags=re.IGNORECASE)
    return out


def current_notices(cards: Sequence[ProgramCard]) -> list[ProgramCard]:
    """Each notice once: twins (PDF + HWP) collapsed, a notice whose amendment is present left out.

    Kept for the last few lists of cards (cards are frozen; a list is recognised by the identity of its
    cards, which the cache holds, so an index switch's new cards are a new entry)."""
    key = tuple(id(c) for c in cards)
    with _current_lock:
        if key in _current:
            _current.move_to_end(key)
            return list(_current[key][1])
    by_id = {c.doc_id: c for c in cards}
    ordered = sorted(cards, key=lambda c: (c.apply_end is None, c.apply_end or dt.datetime.min, c.doc_id))
    out = [by_id[d["doc_id"]] for d in distinct_notices([c.to_dict() for c in ordered])]
    with _current_lock:
        _current[key] = (tuple(cards), out)
        while len(_current) > CURRENT_CACHE:
            _current.popitem(last=False)
    return list(out)


def _narrowed(cards: Sequence[ProgramCard], cross: CrossQuestion, today: dt.date) -> list[ProgramCard]:
    out = list(cards)
    if cross.kinds:
        out = [c for c in out if set(card_kinds(c)) & set(cross.kinds)]
    if cross.regions:  # any of the regions named ("대구나 경북"), and nationwide programs
        out = ProgramFilter(region=" ".join(cross.regions)).apply(out, today)
    if cross.ministries:
        out = [c for c in out if any(ProgramFilter(ministry=m).matches(c, today) for m in cross.ministries)]
    return out


def _year(card: ProgramCard) -> int | None:
    m = re.search(r"(20\d\d)\s*년", card.program) or re.search(r"(20\d\d)", card.title)
    return int(m.group(1)) if m else None


def select(cards: Sequence[ProgramCard], cross: CrossQuestion, today: dt.date) -> list[ProgramCard]:
    """The cards a cross-program question lists, soonest deadline (or start) first. "open_now" adds the
    notices of today's year that take applications at any time (상시 접수) after the dated ones."""
    pool = _narrowed(current_notices(cards), cross, today)
    status = {c.doc_id: c.status(today) for c in pool}
    if cross.scope == "upcoming":
        chosen = [c for c in pool if status[c.doc_id] == "upcoming"]
        return sorted(chosen, key=lambda c: round_order(c, today))
    if cross.scope == "closing":
        chosen = [c for c in pool if status[c.doc_id] == "closing"]
    elif cross.scope == "this_month":
        chosen = [
            c
            for c in pool
            if status[c.doc_id] in ("open", "closing")
            and c.apply_end is not None
            and (c.apply_end.year, c.apply_end.month) == (today.year, today.month)
        ]
    else:
        chosen = [c for c in pool if status[c.doc_id] in ("open", "closing")]
    chosen.sort(key=lambda c: round_order(c, today))
    if cross.scope == "open_now":
        chosen += [c for c in pool if c.rolling and status[c.doc_id] == "unknown" and _year(c) == today.year]
    return chosen


def _nearest(cards: Sequence[ProgramCard], today: dt.date) -> tuple[ProgramCard | None, ProgramCard | None]:
    """The next notice to open and the one that closed last, as of ``today``."""
    upcoming = [c for c in cards if c.status(today) == "upcoming"]
    closed = [c for c in cards if c.status(today) == "closed" and c.apply_end is not None]
    nxt = min(upcoming, key=lambda c: round_order(c, today)) if upcoming else None
    last = max(closed, key=lambda c: c.apply_end or dt.datetime.min) if closed else None
    return nxt, last


# ---------------------------------------------------------------- citations and lines


def _line_of(text: str, f: CardField) -> tuple[int, int]:
    """The whole line(s) of a field's quote ("□ 접수기간 : …"), unless that is too long."""
    start = text.rfind("\n", 0, f.start) + 1
    end = text.find("\n", f.end)
    end = len(text) if end == -1 else end
    while start < f.start and text[start].isspace():
        start += 1
    while end > f.end and text[end - 1].isspace():
        end -= 1
    return (start, end) if end - start <= QUOTE_LINE_MAX else (f.start, f.end)


class CardCitations:
    """Citations numbered in order of first use; one quote is cited once."""

    def __init__(self, docs: Mapping[str, SourceDoc], section_at: SectionAt) -> None:
        self.docs = docs
        self.section_at = section_at
        self.items: list[Citation] = []
        self._seen: dict[tuple[str, int, int], int] = {}

    def cite(self, card: ProgramCard, f: CardField, whole_line: bool = True) -> Citation:
        doc = self.docs[card.doc_id]
        start, end = _line_of(doc.text, f) if whole_line else (f.start, f.end)
        key = (card.doc_id, start, end)
        if key in self._seen:
            return self.items[self._seen[key] - 1]
        n = len(self.items) + 1
        quote = doc.text[start:end]
        citation = Citation(
            n,
            card.doc_id,
            card.source,
            doc.title,
            doc.page_at(start),
            self.section_at(card.doc_id, start),
            quote,
            start,
            end,
        )
        self._seen[key] = n
        self.items.append(citation)
        return citation


def _flat(text: str) -> str:
    return " ".join(text.split())


def _window_field(card: ProgramCard) -> CardField | None:
    return card.apply_period


def _describe(card: ProgramCard, today: dt.date, cites: CardCitations, show_name: str) -> str:
    """One line of a list: the name (cited by its title line when the window line does not hold its
    numbers), a status badge and the window as quoted."""
    window = _window_field(card)
    status = (
        "상시 접수" if card.rolling and card.status(today) == "unknown" else STATUS_KO[card.status(today)]
    )
    name = f"「{show_name}」"
    window_quote = cites.docs[card.doc_id].text[window.start : window.end] if window else ""
    if card.title_quote is not None and (window is None or ungrounded_values(show_name, [window_quote])):
        name += f" [{cites.cite(card, card.title_quote, whole_line=False).n}]"
    if window is None:
        if card.apply_tbd:
            return f"{name} [{status}] 접수기간: 추후 공지"
        return f"{name} [{status}] 접수기간: 카드에서 찾지 못함(공고문 원문 확인)"
    c = cites.cite(card, window)
    # the window as normalised ("2025년 4월 17일(목) ~ 2025년 5월 7일(수) 18:00") when its quoted line grounds
    # every value of it, else as quoted
    shown = window.value if not ungrounded_values(window.value, [c.quote]) else _flat(window.quote)
    return f"{name} [{status}] 접수기간: {shown} [{c.n}]"


def _answer(
    question: str, intent: str, program: str | None, lines: list[str], cites: CardCitations, scope: str
) -> Answer:
    return Answer(
        question=question,
        text="\n".join(lines),
        status="answered",
        intent=intent,
        program=program,
        citations=tuple(cites.items),
        intents=(intent,),
        facts={"scope": scope},
        lead=(lines[0],),
    )


def listing_answer(
    question: str,
    cross: CrossQuestion,
    cards: Sequence[ProgramCard],
    docs: Mapping[str, SourceDoc],
    today: dt.date,
    section_at: SectionAt,
) -> Answer:
    """The programs a cross-program question asks for, as of ``today``, each with its quoted window; when
    none is in scope, the next to open and the last to close."""
    cites = CardCitations(docs, section_at)
    chosen = select(cards, cross, today)
    narrowed = f" ({cross.narrowing()})" if cross.narrowing() else ""
    what = SCOPE_KO[cross.scope]
    if chosen:
        order = "접수 시작이 가까운 순" if cross.scope == "upcoming" else "마감이 가까운 순"
        lines = [f"{today.isoformat()} 기준 {what} 지원사업{narrowed}입니다({order}):"]
        lines += [f"{i}. {_describe(c, today, cites, c.program)}" for i, c in enumerate(chosen, 1)]
        lines.append("접수기간은 각 공고문 원문 기준이며, 수정공고가 있는 사업은 수정공고를 따랐습니다.")
        return _answer(question, "programs", None, lines, cites, cross.scope)
    pool = _narrowed(current_notices(cards), cross, today)
    nxt, last = _nearest(pool, today)
    lines = [f"{today.isoformat()} 기준 {what} 지원사업{narrowed}은 색인된 공고문에 없습니다."]
    if cross.scope in ("closing", "this_month"):
        still_open = select(
            cards, CrossQuestion("open_now", cross.kinds, cross.regions, cross.ministries), today
        )
        dated = [c for c in still_open if c.apply_end is not None]
        if dated:
            lines.append(
                f"접수 중이며 마감이 가장 가까운 사업: {_describe(dated[0], today, cites, dated[0].program)}"
            )
    if nxt is not None:
        lines.append(f"다음으로 접수가 시작되는 사업: {_describe(nxt, today, cites, nxt.program)}")
    if last is not None:
        lines.append(f"가장 최근에 마감된 사업: {_describe(last, today, cites, last.program)}")
    if nxt is None and last is None:
        lines.append("접수기간이 확인된 공고가 없습니다.")
    return _answer(question, "programs", None, lines, cites, cross.scope)


def rounds_answer(
    question: str,
    rounds: Sequence[ProgramCard],
    docs: Mapping[str, SourceDoc],
    today: dt.date,
    section_at: SectionAt,
) -> Answer:
    """Every round of one program with its window and status, the current or next round first."""
    cites = CardCitations(docs, section_at)
    ordered = sorted(rounds, key=lambda c: round_order(c, today))
    name = family_name(ordered[0].program) or ordered[0].program
    lines = [
        f"「{name}」은(는) 공고된 차수(연도·회차)가 여럿입니다. {today.isoformat()} 기준 차수별 "
        "접수기간과 상태입니다(현재 또는 다음 차수 먼저):"
    ]
    lines += [f"{i}. {_describe(c, today, cites, c.program)}" for i, c in enumerate(ordered, 1)]
    amended = [c for c in ordered if c.amends]
    if amended:
        lines.append("수정공고가 있는 차수는 수정공고의 내용을 따랐습니다.")
    return _answer(question, "deadline", name, lines, cites, "rounds")
