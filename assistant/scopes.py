"""Questions answered from the program cards rather than from one program's passages — the asker's
company matched against every program, a list across programs, two programs compared, what a revision
changed — as scope handlers tried in order; each answers or passes (None)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

from assistant.answerability import absent_nouns
from assistant.company_profile import read_profile, without_profile
from assistant.corpus_view import CorpusView
from assistant.lexicon import pattern
from assistant.notice_changes import (
    INTENT_FIELDS,
    amendment_pair,
    changes_answer,
    is_change_question,
    names_revision,
    no_amendment_answer,
)
from assistant.profile_match import profile_answer
from assistant.program_compare import compare_answer, compared_cards, is_compare_question
from assistant.program_listing import listing_answer, read_cross_question, without_narrowing
from assistant.programs import ProgramMatch
from assistant.question import ParsedQuestion, Words
from assistant.resolution import named_program
from assistant.types import Answer

_LIST_ASKED = pattern("across", "list")


@dataclasses.dataclass(frozen=True)
class Scope:
    """What a scope handler reads: the question, its resolved program and the day it is asked."""

    view: CorpusView
    question: ParsedQuestion
    program: ProgramMatch | None
    from_history: bool
    today: dt.date


ScopeHandler = Callable[[Scope], Answer | None]


def profile(scope: Scope) -> Answer | None:
    """A question that states the asker's company and asks what it can apply to ("창업 5년차 제조업체인데
    신청할 수 있는 사업?"), answered from the cards (``profile_match``). A question naming a program is
    about that program; a follow-up is a profile question only when it asks for a list."""
    text, view = scope.question.text, scope.view
    if not pattern("profile", "asks_fit").search(text):
        return None
    found = read_profile(text, scope.today)
    if not found.states_company():  # "대구 지역 사업 뭐 있어요?" narrows a list; it states no company
        return None
    if not found.states_numbers() and not pattern("profile", "own").search(text):
        return None  # only a kind or a place, not said of the asker, and no list of programs asked for
        # ("○○카드는 어느 기업이나 받는 건가요?", "야유회 갈 강릉 숙소 추천")
    rest = without_profile(text)
    if scope.program is not None:
        if scope.from_history and not _LIST_ASKED.search(text):
            return None
        # a program named beyond the company's own facts; a weak match of common words ("공고 목록",
        # "지원금") names none
        named = view.resolver.resolve(rest) if not scope.from_history else None
        if named is not None and not view.weak(named):
            return None
    cards = list(view.cards.values())
    return profile_answer(text, found, cards, view.snap.docs, scope.today, view.section_at)


def across(scope: Scope) -> Answer | None:
    """A question across programs (open now, closing, this month, upcoming; narrowed by kind, region
    or ministry: "지금 신청할 수 있는 사업 뭐 있어요?") answered from the program cards as of today. A question
    that still names a program once its narrowing words are taken out is about that program — by its name,
    by a distinctive phrase of one document, or by a noun no document holds (then the answer is that the
    documents do not say); a follow-up is across programs only when it asks for a list ("사업 뭐 있어요?")."""
    text, view, program = scope.question.text, scope.view, scope.program
    cards = list(view.cards.values())
    cross = read_cross_question(text, cards)
    if cross is None:
        return None
    if program is None:
        rest = without_narrowing(text, cross)
        if view.resolver.content_match(rest) is not None or absent_nouns(view, Words.of(rest)):
            return None  # about one thing a document holds by its phrase, or one the documents lack
    else:
        if scope.from_history and not _LIST_ASKED.search(text):
            return None
        rest = without_narrowing(text, cross)
        if not scope.from_history and (
            view.resolver.resolve(rest) is not None
            or (program.phrase and view.resolver.content_match(rest) is not None)
        ):  # a program named by its name, or by a phrase of its text, beyond the narrowing words
            return None
    return listing_answer(text, cross, cards, view.snap.docs, scope.today, view.section_at)


def compare(scope: Scope) -> Answer | None:
    """Two programs the question names around a joining word ("A랑 B 차이가 뭐예요?"), compared from their
    cards; None when it does not name two different programs (``assistant.program_compare``)."""
    text, view = scope.question.text, scope.view
    if not is_compare_question(text):
        return None
    pair = compared_cards(text, lambda part: named_program(view, part), view.cards)
    if pair is None:
        return None
    return compare_answer(text, pair, view.snap.docs, scope.today, view.section_at)


def changes(scope: Scope) -> Answer | None:
    """What a revision notice of the question's program changed ("변경공고에서 달라진 게 뭐예요?",
    ``assistant.notice_changes``); that the program has none, when the question names one."""
    text, view, program = scope.question.text, scope.view, scope.program
    if program is None or not is_change_question(text):
        return None
    docs = view.snap.docs
    pair = amendment_pair(view.cards, sorted(program.doc_ids), text)
    if pair is None:
        card = view.card_for(program, ())
        if card is None or not names_revision(text):
            return None
        return no_amendment_answer(text, card, docs, view.section_at)
    asked = [INTENT_FIELDS[i] for i in scope.question.intent.all if i in INTENT_FIELDS]
    return changes_answer(text, pair[0], pair[1], docs, view.section_at, asked)


SCOPE_HANDLERS: tuple[ScopeHandler, ...] = (profile, across, compare, changes)


def scoped_answer(scope: Scope) -> Answer | None:
    """The answer of the first scope handler that takes the question; None: the one-program path."""
    for handler in SCOPE_HANDLERS:
        answer = handler(scope)
        if answer is not None:
            return answer
    return None
