"""The line that decides the asker's case, beside the notice's general rule.

A question about an unusual situation ("접수 끝나고 참여기관을 바꿔도 돼요?", "해외 장비도 살 수 있어요?")
is scored like any eligibility or procedure question, so the quotes it gets are the notice's blocks on
that attribute (신청자격, 유의사항). The one line that settles the case is usually elsewhere in the notice,
a single sentence that holds the question's own words the chosen blocks lack (마감 이후 … 수정 불가,
해외기관의 장비 구입은 불허). Such a line is added after the chosen quotes when the words only it holds are
worth enough (their IDF weights in the question), so the general rule is still shown and the deciding line
is not lost below it.

A question about a case ("…안 내면 어떻게 되나요?", "…도 신청 가능해요?") is decided by a rule's ruling on it
(불가, 무효, 예외, …으로만, 승인): when no line holds words the chosen quotes lack, a short line of the same
document that rules (lexicon ``[question] ruling``) on the question's words is the deciding line, looked for
further down the ranking.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from assistant.intent import asks_yes_no
from assistant.lexicon import pattern, table

if TYPE_CHECKING:
    from assistant.evidence import Evidence
    from assistant.rerank import SentenceSimilarity

RULE_INTENTS = frozenset({"eligibility", "procedure", "general", "menu"})
MIN_GAIN = 2.0  # the weight of question words only the line holds: one fairly rare word, or two common ones
MAX_CHARS = 300  # one sentence or row, not another block
LOOK = 40  # how far down the ranking a deciding line is looked for
COMPARED = 8  # lines compared by meaning with the question
CASE_LOOK = 80  # how far down a ruling on the asker's case is looked for
TIE = 0.25  # rulings whose gains differ by less (about one IDF rounding) are compared by meaning
_CONSEQUENCE = pattern("question", "consequence")
_RULING = pattern("question", "ruling")
# what askers call things the notices name otherwise ("주관기관" for 주관연구개발기관): the lexicon's [synonym]
_SYNONYMS: Mapping[str, tuple[str, ...]] = {k: tuple(v) for k, v in table("synonym").items()}


def held(words: Mapping[str, float], text: str) -> set[str]:
    """The question words ``text`` holds (as written, so a word inside a compound counts, or by another name
    the notices give it)."""
    return {w for w in words if w in text or any(alt in text for alt in _SYNONYMS.get(w, ()))}


def _overlaps(a: Evidence, b: Evidence) -> bool:
    return a.hit.chunk.doc_id == b.hit.chunk.doc_id and a.start < b.end and b.start < a.end


def _gain(
    asked: Mapping[str, float], span: Evidence, covered: set[str], also: re.Pattern[str] | None = None
) -> float:
    """The weight of the question words ``span`` holds that the chosen quotes lack (``MIN_GAIN`` more when
    it matches ``also``)."""
    extra = MIN_GAIN if also is not None and also.search(span.text) else 0.0
    return extra + sum(asked[w] for w in held(asked, span.text) - covered)


def _is_line(span: Evidence, chosen: Sequence[Evidence]) -> bool:
    """A short span apart from the chosen quotes that states something (a notice's own Q&A line
    "…할 수 있습니까?" states no rule)."""
    return (
        len(span.text.strip()) <= MAX_CHARS
        and not span.text.rstrip().endswith("?")
        and not any(_overlaps(span, c) for c in chosen)
    )


def asks_about_case(question: str) -> bool:
    """Whether the question asks what a rule says of a case: whether it may ("…해도 돼요?") or what follows
    ("…안 내면 어떻게 되나요?")."""
    return asks_yes_no(question) or bool(_CONSEQUENCE.search(question))


def deciding_line(
    intent: str,
    question: str,
    words: Mapping[str, float],
    ranked: Sequence[Evidence],
    chosen: Sequence[Evidence],
    similarity: SentenceSimilarity | None = None,
    name: str = "",
    also: re.Pattern[str] | None = None,
) -> Evidence | None:
    """A short span of the first quote's document that holds question words worth at least ``MIN_GAIN``
    which no chosen quote holds — of several, the one closest in meaning to the question (else the best
    ranked); None when there is none or the intent asks for a value. A question line (a notice's own Q&A
    "…할 수 있습니까?") states no rule. Words of the program's ``name`` (lower-case, without spaces) say which
    program is asked about, not what of it. A line matching ``also`` (a rule the question's shape asks for,
    "1개의 과제만" for "둘 다 신청해도 돼요?") counts as holding ``MIN_GAIN`` of words the quotes lack."""
    if intent not in RULE_INTENTS or not chosen:
        return None
    asked = {
        w: weight for w, weight in words.items() if len(w) > 1 and not w.isdigit() and w.lower() not in name
    }
    covered = set().union(*(held(asked, c.text) for c in chosen))
    doc = chosen[0].hit.chunk.doc_id
    lines = [
        span
        for span in ranked[:LOOK]
        if span.hit.chunk.doc_id == doc
        and _is_line(span, chosen)
        and _gain(asked, span, covered, also) >= MIN_GAIN
    ][:COMPARED]
    if asks_about_case(question):
        rulings = [
            span
            for span in ranked[:CASE_LOOK]
            if span.hit.chunk.doc_id == doc
            and _is_line(span, chosen)
            and _RULING.search(span.text)
            and _gain(asked, span, set(), also) >= MIN_GAIN
        ]
        rulings.sort(key=lambda span: -_gain(asked, span, covered, also))
        if rulings:
            # of the rulings, those holding the most of what the quotes lack; meaning picks among them
            top = _gain(asked, rulings[0], covered, also)
            lines = [span for span in rulings if _gain(asked, span, covered, also) >= top - TIE][:COMPARED]
    if len(lines) > 1 and similarity is not None:
        sims = similarity.scores(question, [span.text for span in lines])
        return max(zip(sims, range(len(lines)), lines, strict=True))[2]
    return lines[0] if lines else None
