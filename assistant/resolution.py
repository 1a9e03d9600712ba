"""Which program (and which of its rounds) a question is about: by name, by a distinctive phrase of its
text, or by the conversation; and what a back-reference of a follow-up points at."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from assistant.abbreviations import expansions
from assistant.corpus_view import CorpusView, coverage
from assistant.lexicon import pattern
from assistant.program_listing import current_notices
from assistant.programs import ProgramMatch, question_years
from assistant.question import ParsedQuestion, asker_context, is_region
from ingest.card_rounds import family_key
from ingest.korean import tagged_nouns

if TYPE_CHECKING:
    from ingest.cards import ProgramCard

WEAK_PROGRAM_COVERAGE = 0.6  # a weakly matched program must hold this share of the question's nouns
ELLIPTICAL_NOUNS = 1  # a follow-up with at most this many distinctive nouns continues the previous subject
RARE_IDF = 4.5  # a question noun this rare must be in the quoted passage (e.g. 소상공인, 허가)
_THERE = pattern("question", "there")


def resolve(view: CorpusView, question: ParsedQuestion) -> tuple[ProgramMatch | None, bool]:
    """The program of the question (by name, else by a distinctive phrase of its text), else of the
    conversation, and whether it came from the conversation. A phrase wins over a lower name match whose
    documents do not contain it."""
    text, history = question.text, list(question.history)
    resolver = view.resolver
    program, from_history = resolver.resolve_with_history(text, history)
    found = resolver.content_match(text)
    if found is not None and all(
        is_region(f) or asker_context(text, f) for f, _ in tagged_nouns(found.phrase)
    ):  # the asker's own region and trade name no program
        found = None
    if found is not None and from_history and question.points_back:
        found = None  # "거기 공동형으로 들어가도 돼요?": 거기 is the conversation's program
    if found is not None and (
        program is None
        or (
            (from_history or found.score > program.score)
            and not resolver.holds(program.doc_ids, found.phrase)
            and not resolver.restates_name(found.phrase, program)
            and not (from_history and _holds_words(view, program, found.phrase))
        )
    ):
        program, from_history = found, False
    if program is None or from_history or not history:
        return program, from_history
    return _back_to_conversation(view, question, program)


def _back_to_conversation(
    view: CorpusView, question: ParsedQuestion, program: ProgramMatch
) -> tuple[ProgramMatch, bool]:
    """A follow-up's own match, or the conversation's program when the follow-up's match is one it does not
    mean: a weak match beside "거기", a form's name, a weak match of fewer of its words, a region only."""
    history = list(question.history)
    if question.points_back and (view.weak(program) or _THERE.search(question.text)):
        # "거기 담당 기관은요?": "거기" is the conversation's program, not a weak name match, nor a word of
        # another program's title ("거기 공동으로 들어가도 돼요?" beside a notice titled "…공동형")
        earlier = view.resolver.resolve_history(history)
        if earlier is not None:
            program, from_history = earlier, True
            return program, from_history
    if program.score < view.strong and view.resolver.attachments_only(program.doc_ids):
        # a follow-up about a form ("양식 문의는요?") in a conversation about a notice: the words of a form's
        # name (사업계획서 양식) are what every notice asks for, not a switch to another program's form
        earlier = view.resolver.resolve_history(history)
        if earlier is not None:
            return earlier, True
    from_history = False
    if view.weak(program):
        program, from_history = _weak_or_earlier(view, question, program)
    if not from_history and _named_by_region_only(view, question):
        # "세종은요?" after a question about the 사례집: 세종 is in the 연고산업 notice's title, but the
        # follow-up names a region of the conversation's program, not another program
        earlier = view.resolver.resolve_history(history)
        if earlier is not None:
            return earlier, True
    return program, from_history


def _holds_words(view: CorpusView, program: ProgramMatch, phrase: str) -> bool:
    """Whether the program's documents hold the nouns of ``phrase`` close together if not side by
    side: the 연고산업 notice says "(지방비는 기초+광역 매칭 …)", not "지방비 매칭"."""
    nouns = [form for form, _ in tagged_nouns(phrase) if len(form) > 1]
    if len(nouns) < 2:
        return False
    near = ".{0,20}".join(map(re.escape, nouns))  # in the phrase's order, a few words apart at most
    return re.search(near, view.program_text(program)) is not None


def _named_by_region_only(view: CorpusView, question: ParsedQuestion) -> bool:
    """Whether the question names a program only through region words (세종, 제주)."""
    regions = [f for f, tag in question.words.tagged if tag == "NNP" and is_region(f)]
    if not regions:
        return False
    rest = re.sub("|".join(map(re.escape, regions)), " ", question.text)
    return view.resolver.resolve(rest) is None and view.resolver.content_match(rest) is None


def _weak_or_earlier(
    view: CorpusView, question: ParsedQuestion, program: ProgramMatch
) -> tuple[ProgramMatch, bool]:
    """A follow-up that weakly matches another program stays with the conversation's program when
    that one holds more of its words (a track name asked after a plan is that plan's track, not another notice's)."""
    earlier = view.resolver.resolve_history(list(question.history))
    weights = dict(question.weights)
    if earlier is None or set(earlier.doc_ids) == set(program.doc_ids):
        return program, False
    if not weights:  # the follow-up names nothing of its own ("직원이 열 명인데 그럼 보증은요?")
        return earlier, True
    if coverage(weights, view.program_text(earlier))[0] > coverage(weights, view.program_text(program))[0]:
        return earlier, True
    return program, False


def named_program(view: CorpusView, text: str) -> ProgramMatch | None:
    """The program a part of a question names by its name: a strong match, or a weak one whose documents
    hold most of the part's distinctive nouns (as a weak match of a whole question must)."""
    match = view.resolver.resolve(text)
    if match is None or not view.weak(match):
        return match
    weights = view.nouns(text)
    covered = coverage(weights, view.program_text(match))[0] if weights else 0.0
    return match if covered >= WEAK_PROGRAM_COVERAGE else None


def names_held(view: CorpusView, question: ParsedQuestion, program: ProgramMatch) -> bool:
    """Whether the question names something rare, beyond the program's own name, that the program's
    documents hold ("팝업" in the 연고산업 notice's 사업화 items)."""
    text = view.program_text(program)
    name = "".join(program.name.split())
    return any(
        weight >= RARE_IDF and noun not in name and noun in text for noun, weight in question.weights.items()
    )


def confirmed(
    view: CorpusView,
    question: ParsedQuestion,
    program: ProgramMatch | None,
    from_history: bool,
    missing: Sequence[str],
    absent: Sequence[tuple[str, str]],
) -> ProgramMatch | None:
    """The question's own program match kept, or None when it is probably the wrong program: a match
    that misses a name in the question, or a weak one whose documents hold too little of its nouns. The
    conversation's program is kept as it is."""
    if program is None or from_history:
        return program
    if missing:
        return None
    if view.weak(program):
        weights = dict(question.weights)
        if absent or (weights and coverage(weights, view.program_text(program))[0] < WEAK_PROGRAM_COVERAGE):
            if _conversation_is(view, question, program):
                return program  # a follow-up naming the conversation's program again ("독일 쪽은요?")
            return (
                None  # a phrase naming another, unindexed program is not this one: judge it without a program
            )
    return program


def _conversation_is(view: CorpusView, question: ParsedQuestion, program: ProgramMatch) -> bool:
    """Whether the conversation so far is about ``program``."""
    if not question.history:
        return False
    earlier = view.resolver.resolve_history(list(question.history))
    return earlier is not None and set(earlier.doc_ids) == set(program.doc_ids)


def rounds(view: CorpusView, question: ParsedQuestion, program: ProgramMatch) -> list[ProgramCard]:
    """The current notices of the program's rounds (years, 1차/2차 …), when it has more than one and the
    question does not pick one by its year or round; [] otherwise."""
    mine = [view.cards[d] for d in sorted(program.doc_ids) if d in view.cards]
    if not mine:
        return []
    notices = current_notices(list(view.cards.values()))
    size = Counter(family_key(n.program) for n in notices)
    named = Counter(family_key(c.program) for c in mine)
    key = max(named, key=lambda k: (named[k], size[k], k))
    family = [n for n in notices if family_key(n.program) == key]
    years = question_years(question.text)
    if years:
        family = [c for c in family if years & set(re.findall(r"20\d\d", c.program))]
    asked = set(question.asked_rounds)
    if asked:
        family = [c for c in family if asked & set(re.findall(r"(?<!\d)(\d)\s*차", c.program))]
    return family if len(family) >= 2 else []


def referent(
    view: CorpusView, question: ParsedQuestion, program: ProgramMatch | None, elliptical: bool = False
) -> str:
    """What a back-reference of a follow-up ("거기 주력산업은?") points at: the distinctive nouns of
    the previous user turn beyond the program's name, as extra query words ("" when none). A follow-up
    that names no program and little else (a bare "몇 명까지요?" after a question that named a program)
    continues the previous question's subject too (``elliptical``)."""
    if not question.points_back and not (elliptical and len(question.weights) <= ELLIPTICAL_NOUNS):
        return ""
    name = "".join(program.name.split()) if program else ""
    from assistant.evidence import CUES

    # what the previous question asked for ("기업당 지원금") is not what "그거" points at
    cues = [c for i, c in CUES.items() if i != "count"]
    weights = view.nouns(question.earlier)
    nouns = [
        n
        for n in sorted(weights, key=lambda n: -weights[n])  # rarest first
        if n not in name and n not in question.text and not any(c.search(n) for c in cues)
    ]
    return " " + " ".join(nouns) if nouns else ""


def long_forms(view: CorpusView, question: ParsedQuestion, program: ProgramMatch | None) -> str:
    """The program's own spelling of the question's abbreviations ("산단" → 산업단지), for the query."""
    if program is None:
        return ""
    spaced = view.spaced_text(program)
    words = [f for f, _ in question.words.tagged if f.lower() not in spaced.lower()]
    return " ".join(dict.fromkeys(long for f in words for long in expansions(f, spaced)[:1]))


def query_for(
    view: CorpusView, question: ParsedQuestion, program: ProgramMatch | None, from_history: bool
) -> str:
    """The retrieval query: the question, what a back-reference points at, the program's long forms of its
    abbreviations. The program filter already narrows follow-ups; the program's name would only dilute."""
    query = question.text + referent(view, question, program, elliptical=from_history)
    forms = long_forms(view, question, program)
    return query + " " + forms if forms else query
