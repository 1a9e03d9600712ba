"""Two programs side by side: "A랑 B 차이가 뭐예요?", "A와 B 비교".

The question is split at a joining word ("랑", "와", "하고", "vs" …: the lexicon's ``[compare]``) into two
parts that must each name a program, and two different ones (another program family, no shared document);
otherwise this is not a comparison and the question takes the normal path. Both programs are shown from
their cards (their latest notice: a 수정공고 over the notice it amends), field by field — 지원대상, 지원한도,
사업기간, 자부담, 접수기간 (with its status as of today), 신청방법 — each cell with its verbatim quote and a
citation. A field a card lacks is shown as "공고문에서 찾지 못함", never filled in. The table is also in
``Answer.facts["comparison"]`` (``facts["scope"] == "compare"``) for the UI.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from assistant.grounding import ungrounded_values
from assistant.lexicon import pattern
from assistant.program_listing import STATUS_KO, CardCitations
from assistant.programs import ProgramMatch
from assistant.types import Answer, Citation
from ingest.card_lines import CardField, field, split_lines
from ingest.card_rounds import family_key
from ingest.cards import ProgramCard
from ingest.types import SourceDoc

__all__ = [
    "MISSING",
    "ROWS",
    "Cell",
    "compare_answer",
    "compared_cards",
    "is_compare_question",
    "period_field",
]

MISSING = "공고문에서 찾지 못함"
ROWS = ("지원대상", "지원한도", "사업기간", "자부담", "접수기간", "신청방법")
VALUE_SHOWN = 140  # characters of a cell written in the answer text
LABEL_AT = 12  # a period label starts within this many characters of its line
# the value right after a period label: ": 최대 2년", ") 24개월", " 협약일로부터 12개월", " 2025.5.1.~"
_PERIOD_VALUE = re.compile(
    r"^\s*[)\]:：]?\s*(?:최대|총|약|\S{0,8}(?:부터|로부터))?\s*(?:\d+\s*(?:개월|년|월)|\d{4}\s*[.년])"
)

# a note or worked example, not the program's own period
_EXAMPLE = re.compile(r"^\s*[*※]|예시|예\s*[):：]|경우")

SectionAt = Callable[[str, int], str]
Resolve = Callable[[str], ProgramMatch | None]


@dataclass(frozen=True)
class Cell:
    value: str  # shown value (MISSING when the card lacks the field)
    quote: str = ""  # verbatim from the notice
    citation: Citation | None = None

    def to_dict(self) -> dict[str, Any]:
        c = self.citation
        return {
            "value": self.value,
            "quote": self.quote,
            "citation": None if c is None else {"n": c.n, "doc_id": c.doc_id, "start": c.start, "end": c.end},
        }


def is_compare_question(question: str) -> bool:
    return pattern("compare", "asked").search(question) is not None


def _latest(cards: Mapping[str, ProgramCard], doc_ids: frozenset[str]) -> ProgramCard | None:
    """The card of a program's latest notice: a notice nothing amends, in a stable order."""
    mine = [cards[d] for d in sorted(doc_ids) if d in cards]
    mine.sort(key=lambda c: c.amended_by is not None)
    return mine[0] if mine else None


def compared_cards(
    question: str, resolve: Resolve, cards: Mapping[str, ProgramCard]
) -> tuple[ProgramCard, ProgramCard] | None:
    """The two programs a comparison question names, as their latest cards: the first split of the question
    at a joining word whose two parts resolve to different programs (no shared document, another family
    name); None when there is no such split."""
    if not is_compare_question(question):
        return None
    cue = pattern("compare", "asked")
    for m in pattern("compare", "joiner").finditer(question):
        left, right = question[: m.start()], question[m.end() :]
        # the parts without the cue: "B 차이가 뭐예요?" names B, "비교해 주세요: A" names A
        after_cue = list(cue.finditer(left))
        left = left[after_cue[-1].end() :] if after_cue else left
        before_cue = cue.search(right)
        right = right[: before_cue.start()] if before_cue else right
        if not left.strip() or not right.strip():
            continue
        a, b = resolve(left), resolve(right)
        if a is None or b is None or a.doc_ids & b.doc_ids:
            continue
        ca, cb = _latest(cards, a.doc_ids), _latest(cards, b.doc_ids)
        if ca is None or cb is None or family_key(ca.program) == family_key(cb.program):
            continue
        return ca, cb
    return None


def period_field(doc: SourceDoc) -> CardField | None:
    """The program's period of support ("□ 사업기간 : 최대 2년", "(협약기간) 24개월"): the first line that opens
    with a period label followed by a duration or a date, from the label to the line's end."""
    label = pattern("compare", "period_label")
    for line in split_lines(doc.text):
        m = label.search(line.text)
        if m is None or m.start() > LABEL_AT or "\t" in line.text:
            continue
        if re.search(r"접수|신청|모집", line.text[: m.start()]) or _EXAMPLE.search(line.text):
            continue  # an application window, or a worked example ("* 예) 개발기간 6개월인 경우")
        if _PERIOD_VALUE.match(line.text[m.end() :]):
            start = line.start + m.start()
            return field(doc, start, line.end, " ".join(doc.text[start : line.end].split()))
    return None


def _flat(text: str) -> str:
    return " ".join(text.split())


def _short(text: str) -> str:
    return text if len(text) <= VALUE_SHOWN else text[: VALUE_SHOWN - 1].rstrip() + "…"


def _cell(card: ProgramCard, f: CardField | None, cites: CardCitations, extra: str = "") -> Cell:
    if f is None:
        return Cell(MISSING)
    c = cites.cite(card, f)
    # the normalised value when its quote grounds every number of it, else the quote as printed
    value = f.value if not ungrounded_values(f.value, [c.quote]) else _flat(f.quote)
    return Cell(_short(value) + extra, f.quote, c)


def _window(card: ProgramCard, today: dt.date, cites: CardCitations) -> Cell:
    status = (
        "상시 접수" if card.rolling and card.status(today) == "unknown" else STATUS_KO[card.status(today)]
    )
    if card.apply_period is None:
        if card.apply_tbd:
            return Cell(f"추후 공지 [{status}]")
        return Cell(MISSING)
    cell = _cell(card, card.apply_period, cites)
    return cell if cell.value == status else Cell(f"{cell.value} [{status}]", cell.quote, cell.citation)


def _cells(
    card: ProgramCard, docs: Mapping[str, SourceDoc], today: dt.date, cites: CardCitations
) -> dict[str, Cell]:
    first = lambda fs: fs[0] if fs else None  # noqa: E731
    return {
        "지원대상": _cell(card, first(card.eligibility), cites),
        "지원한도": _cell(card, card.limit, cites),
        "사업기간": _cell(card, period_field(docs[card.doc_id]), cites),
        "자부담": _cell(card, first(card.self_share), cites),
        "접수기간": _window(card, today, cites),
        "신청방법": _cell(card, card.how_to_apply, cites),
    }


def _shown(cell: Cell) -> str:
    return f"{cell.value} [{cell.citation.n}]" if cell.citation is not None else cell.value


def compare_answer(
    question: str,
    pair: Sequence[ProgramCard],
    docs: Mapping[str, SourceDoc],
    today: dt.date,
    section_at: SectionAt,
) -> Answer:
    """The two cards side by side, row by row, each cell quoted and cited (or marked missing)."""
    left, right = pair
    cites = CardCitations(docs, section_at)
    cells_l, cells_r = _cells(left, docs, today, cites), _cells(right, docs, today, cites)
    lines = [
        f"「{left.program}」와(과) 「{right.program}」를 각 공고문 기준으로 비교합니다"
        f"(접수 상태는 {today.isoformat()} 기준):"
    ]
    rows: list[dict[str, Any]] = []
    for name in ROWS:
        lines.append(f"■ {name}")
        lines.append(f"  • {left.program}: {_shown(cells_l[name])}")
        lines.append(f"  • {right.program}: {_shown(cells_r[name])}")
        rows.append({"field": name, "left": cells_l[name].to_dict(), "right": cells_r[name].to_dict()})
    lines.append(f"'{MISSING}'은 공고문에서 해당 항목을 찾지 못했다는 뜻이며, 원문 확인이 필요합니다.")
    side = lambda c: {"program": c.program, "doc_id": c.doc_id, "source": c.source}  # noqa: E731
    return Answer(
        question=question,
        text="\n".join(lines),
        status="answered",
        intent="compare",
        program=None,
        citations=tuple(cites.items),
        intents=("compare",),
        facts={"scope": "compare", "comparison": {"left": side(left), "right": side(right), "rows": rows}},
        lead=(lines[0],),
    )
