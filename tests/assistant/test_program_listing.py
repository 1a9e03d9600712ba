"""Answers across program cards (assistant.program_listing) on every real bundled notice, read through
the real ingest path, with the reference day set inside known application windows."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest

from assistant.grounding import ungrounded_values
from assistant.program_listing import (
    CrossQuestion,
    current_notices,
    listing_answer,
    read_cross_question,
    rounds_answer,
    select,
    without_narrowing,
)
from assistant.types import Answer
from ingest.card_rounds import family_key
from ingest.cards import ProgramCard, extract_card, link_amendments
from ingest.errors import UnreadableDocument
from ingest.pipeline import build_source_doc
from ingest.types import SourceDoc

REAL = Path(__file__).resolve().parents[2] / "corpus" / "real"
# inside the windows of several notices (중소기업 연구인력지원사업 '25.1.31 ~ 3.4, 창업도약패키지 2.20 ~ 3.13 …)
IN_WINDOWS = dt.date(2025, 2, 20)
AFTER_ALL = dt.date(2026, 11, 22)


@pytest.fixture(scope="module")
def corpus() -> tuple[dict[str, SourceDoc], list[ProgramCard]]:
    docs: dict[str, SourceDoc] = {}
    for path in sorted(REAL.iterdir()):
        if path.suffix.lower() not in (".pdf", ".hwp", ".hwpx", ".txt"):
            continue
        try:
            doc = build_source_doc(path.read_bytes(), path.name)
        except UnreadableDocument:
            continue  # the DRM file the corpus keeps on purpose
        docs[doc.doc_id] = doc
    cards = link_amendments([c for d in docs.values() if (c := extract_card(d)) is not None])
    assert len(cards) >= 40
    return docs, cards


def _no_section(doc_id: str, offset: int) -> str:
    return ""


def _window_holds(card: ProgramCard, day: dt.date) -> bool:
    """Whether the card's window, as extracted, contains ``day`` (read from its dates, not its status)."""
    if card.apply_end is None or day > card.apply_end.date():
        return False
    opened = card.apply_start.date() if card.apply_start else card.posted()
    return opened is not None and opened <= day


def _checked(answer: Answer, docs: dict[str, SourceDoc], today: dt.date) -> None:
    """Verbatim quotes, and no value in the text beyond the quotes except the reference day."""
    assert answer.status == "answered" and answer.citations
    for c in answer.citations:
        assert docs[c.doc_id].text[c.start : c.end] == c.quote
    quotes = [c.quote for c in answer.citations]
    assert set(ungrounded_values(answer.text, quotes)) <= {today.isoformat()}
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", answer.text)}
    assert cited == {c.n for c in answer.citations}


def test_open_now_lists_every_open_window_and_nothing_closed_or_upcoming(corpus) -> None:  # type: ignore[no-untyped-def]
    docs, cards = corpus
    cross = read_cross_question("지금 신청할 수 있는 사업 뭐 있어요?", cards)
    assert cross == CrossQuestion("open_now")
    answer = listing_answer(
        "지금 신청할 수 있는 사업 뭐 있어요?", cross, cards, docs, IN_WINDOWS, _no_section
    )
    _checked(answer, docs, IN_WINDOWS)
    listed = select(cards, cross, IN_WINDOWS)
    dated = [c for c in listed if not c.rolling]
    expected = {c.doc_id for c in current_notices(cards) if _window_holds(c, IN_WINDOWS)}
    assert {c.doc_id for c in dated} == expected and len(expected) >= 8
    assert all(c.status(IN_WINDOWS) in ("open", "closing") for c in dated)
    # sorted by deadline, each with its window line quoted and a badge
    ends = [c.apply_end for c in dated]
    assert ends == sorted(ends)  # type: ignore[type-var]
    for c in dated:
        assert c.apply_period is not None
        line = next(x for x in answer.text.split("\n") if f"「{c.program}」" in x)
        assert "[접수중]" in line or "[마감임박]" in line
        assert c.apply_period.value in line  # the window as normalised; its line is the citation
        n = int(line.rsplit("[", 1)[1].rstrip("]"))
        assert c.apply_period.quote in answer.citations[n - 1].quote
    # one notice once: the PDF and HWP of one notice, or a notice and its amendment, are not both listed
    assert len({c.doc_id for c in listed}) == len(listed)
    assert not any(c.amended_by in {x.doc_id for x in listed} for c in listed)
    # notices taking applications at any time in today's year follow the dated ones
    assert all(c.rolling for c in listed[len(dated) :])


def test_closing_this_month_and_upcoming_are_subsets_by_their_own_rule(corpus) -> None:  # type: ignore[no-untyped-def]
    docs, cards = corpus
    closing = select(cards, CrossQuestion("closing"), IN_WINDOWS)
    assert closing and all(0 <= (c.apply_end.date() - IN_WINDOWS).days <= 7 for c in closing if c.apply_end)
    month = select(cards, CrossQuestion("this_month"), IN_WINDOWS)
    assert month and all(c.apply_end and c.apply_end.month == 2 for c in month)
    upcoming = select(cards, CrossQuestion("upcoming"), IN_WINDOWS)
    assert upcoming and all(not _window_holds(c, IN_WINDOWS) for c in upcoming)
    # soonest opening first: the first day of the window, or the posting day of a deadline-only notice
    opens = [c.apply_start.date() if c.apply_start else c.posted() for c in upcoming]
    assert None not in opens and opens == sorted(opens)  # type: ignore[type-var]
    q = "곧 열리는 사업 알려줘"
    answer = listing_answer(q, read_cross_question(q, cards), cards, docs, IN_WINDOWS, _no_section)  # type: ignore[arg-type]
    _checked(answer, docs, IN_WINDOWS)
    assert "[접수예정]" in answer.text and "[접수중]" not in answer.text


def test_a_narrowed_question_lists_only_programs_of_that_kind_region_or_ministry(corpus) -> None:  # type: ignore[no-untyped-def]
    docs, cards = corpus
    rnd = read_cross_question("R&D 중에 지금 접수 중인 거 있어요?", cards)
    assert rnd is not None and rnd.kinds == ("R&D",)
    listed = select(cards, rnd, IN_WINDOWS)
    assert listed and all(re.search(r"R&D|연구개발|기술개발", c.program + c.title) for c in listed)
    ministry = read_cross_question("이번 달 마감인 중기부 사업", cards)
    assert ministry is not None and ministry.scope == "this_month"
    assert ministry.ministries == ("중소벤처기업부",)
    assert all(
        "중소벤처기업부" in (c.ministry.value if c.ministry else "")
        for c in select(cards, ministry, IN_WINDOWS)
    )
    # a region keeps the nationwide programs and that region's own, never another region's
    region = read_cross_question("경기도 회사인데 지금 신청할 수 있는 지원사업은?", cards)
    assert region is not None and region.regions == ("경기",) and not region.ministries
    day = dt.date(2025, 3, 1)  # the 경기도 스타기업 window (2.26 ~ 3.20) and nationwide ones are open
    everywhere = select(cards, CrossQuestion("open_now"), day)
    local = [c for c in everywhere if c.ministry is not None and c.ministry.value == "경기도"]
    assert local and len(everywhere) > len(local)
    in_gyeonggi = select(cards, CrossQuestion("open_now", regions=("경기",)), day)
    in_daegu = select(cards, CrossQuestion("open_now", regions=("대구",)), day)
    assert {c.doc_id for c in in_gyeonggi} == {c.doc_id for c in everywhere}
    assert {c.doc_id for c in in_daegu} == {c.doc_id for c in everywhere} - {c.doc_id for c in local}
    assert without_narrowing("이번 달 마감인 중기부 사업", ministry).split() == [
        "이번",
        "달",
        "마감인",
        "사업",
    ]


def test_when_nothing_is_open_the_next_and_the_latest_closed_are_shown(corpus) -> None:  # type: ignore[no-untyped-def]
    docs, cards = corpus
    q = "지금 신청 가능한 사업 있나요?"
    cross = read_cross_question(q, cards)
    assert cross is not None and cross.scope == "open_now"
    assert not select(cards, cross, AFTER_ALL)
    answer = listing_answer(q, cross, cards, docs, AFTER_ALL, _no_section)
    _checked(answer, docs, AFTER_ALL)
    assert "없습니다" in answer.text.split("\n")[0]
    latest = max((c for c in current_notices(cards) if c.apply_end), key=lambda c: c.apply_end)  # type: ignore[arg-type,return-value]
    last_line = next(x for x in answer.text.split("\n") if x.startswith("가장 최근에 마감된 사업"))
    assert f"「{latest.program}」" in last_line and "[마감]" in last_line
    # on a day between windows, the next one to open is named
    day, rnd = dt.date(2025, 8, 30), CrossQuestion("open_now", kinds=("R&D",))
    assert not select(cards, rnd, day)
    early = listing_answer(q, rnd, cards, docs, day, _no_section)
    _checked(early, docs, day)
    upcoming = select(cards, CrossQuestion("upcoming", kinds=("R&D",)), day)
    assert upcoming and all(c.status(day) == "upcoming" for c in upcoming)
    next_line = next(x for x in early.text.split("\n") if x.startswith("다음으로 접수가 시작되는 사업"))
    assert f"「{upcoming[0].program}」" in next_line and "[접수예정]" in next_line


def test_rounds_are_listed_with_status_current_first(corpus) -> None:  # type: ignore[no-untyped-def]
    docs, cards = corpus
    notices = current_notices(cards)
    family = [c for c in notices if family_key(c.program) == family_key("창업성장기술개발사업(디딤돌)")]
    assert len(family) == 3  # 2025 제1차 (PDF and HWP: one notice), 2025 제2차, 2026 제1차
    answer = rounds_answer("디딤돌 마감 언제예요?", family, docs, dt.date(2025, 5, 20), _no_section)
    _checked(answer, docs, dt.date(2025, 5, 20))
    items = [x for x in answer.text.split("\n") if re.match(r"\d+\. ", x)]
    assert len(items) == 3
    assert "제2차" in items[0] and "[접수중]" in items[0]
    assert "2026년" in items[1] and "[접수예정]" in items[1]
    assert "2025년" in items[2] and "제1차" in items[2] and "[마감]" in items[2]
    later = rounds_answer("디딤돌 마감 언제예요?", family, docs, AFTER_ALL, _no_section)
    first = next(x for x in later.text.split("\n") if x.startswith("1. "))
    assert "2026년" in first and "[마감]" in first
    assert answer.program == "창업성장기술개발사업(디딤돌)" and answer.facts["scope"] == "rounds"


@pytest.mark.parametrize(
    "question",
    [
        "디딤돌 마감 언제예요?",
        "창업도약패키지 지원금 얼마예요?",
        "자부담 비율은요?",
        "마감 지나고 서류 바꿔도 돼요?",
    ],
)
def test_questions_about_one_program_are_not_read_as_across_programs(corpus, question: str) -> None:  # type: ignore[no-untyped-def]
    _, cards = corpus
    assert read_cross_question(question, cards) is None


@pytest.mark.parametrize(
    ("question", "scope"),
    [
        ("현재 접수 중인 공고 알려주세요", "open_now"),
        ("요즘 신청할 수 있는 지원사업 있어요?", "open_now"),
        ("이번 달에 마감되는 사업은?", "this_month"),
        ("마감 임박한 공고 있나요", "closing"),
        ("곧 마감되는 거 뭐 있어요?", "closing"),
        ("다음 달에 접수 시작하는 사업", "upcoming"),
        ("접수 예정인 공고 목록", "upcoming"),
    ],
)
def test_cue_words_name_the_scope(corpus, question: str, scope: str) -> None:  # type: ignore[no-untyped-def]
    _, cards = corpus
    cross = read_cross_question(question, cards)
    assert cross is not None and cross.scope == scope


def test_current_notices_are_kept_per_list_of_cards(
    corpus: tuple[dict[str, SourceDoc], list[ProgramCard]],
) -> None:
    _, cards = corpus
    first = current_notices(cards)
    again = current_notices(cards)
    assert again == first and again is not first  # a caller may change its list, not the kept one
    # an index switch gives equal cards as new objects: they are listed, not the old generation's
    copies = [dataclasses.replace(c) for c in cards]
    fresh = current_notices(copies)
    assert [c.doc_id for c in fresh] == [c.doc_id for c in first]
    assert all(any(c is k for k in copies) for c in fresh)
    assert cards[0].doc_id not in {c.doc_id for c in current_notices(cards[1:])}
