"""Rounds of one program (ingest.card_rounds) and the card facts listings read (posting date, issuer,
title quote), on real corpus notices read through the real ingest path."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

from ingest.card_rounds import family_key, family_name, rounds_of
from ingest.cards import ProgramCard, extract_card
from ingest.pipeline import build_source_doc

REAL = Path(__file__).resolve().parents[2] / "corpus" / "real"
DIDIMDOL_2025_1 = (
    "공고_제2025-221호_2025년도_창업성장기술개발사업_디딤돌_제1차_시행계획_공_88051311744894927.hwp"
)
DIDIMDOL_2025_2 = (
    "공고_제2025-288호_2025년도_창업성장기술개발사업_디딤돌_제2차_시행계획_공_90469864832283384.hwp"
)
DIDIMDOL_2026_1 = (
    "공고_제2025-654호_2026년도_창업성장기술개발사업_디딤돌_제1차_시행계획_공_3689066283272811.hwp"
)
LEAP = "공고문_2025년도_창업도약패키지_일반형_창업기업_모집_수정공고.pdf"
DEMENTIA = "1._2026년도_제1차_치매극복연구개발사업_신규지원_대상과제_공고_공고_5384013285570896.pdf"
CULTURE = "공고문_2025년_문화체육관광_연구개발사업_신규과제_민간_투자연계_공_80830197308692303.hwp"
LAND = "붙임1_공고-국-제22호_2025년_국토교통연구기획_사업_제2차_시행_공고_102314521634765918.hwpx"


@cache
def card(name: str) -> ProgramCard:
    path = REAL / name
    doc = build_source_doc(path.read_bytes(), path.name)
    found = extract_card(doc)
    assert found is not None, name
    # every quote a listing cites is verbatim
    for f in (found.title_quote, found.apply_period, found.ministry, found.notice_date):
        assert f is None or doc.text[f.start : f.end] == f.quote
    return found


def test_rounds_of_one_program_share_a_family_and_others_do_not() -> None:
    rounds = [card(DIDIMDOL_2025_1), card(DIDIMDOL_2025_2), card(DIDIMDOL_2026_1)]
    keys = {family_key(c.program) for c in rounds}
    assert len(keys) == 1 and "디딤돌" in keys.pop()
    assert {family_name(c.program) for c in rounds} == {"창업성장기술개발사업(디딤돌)"}
    assert family_key(card(LEAP).program) != family_key(rounds[0].program)


def test_markers_of_year_round_and_re_issue_are_dropped() -> None:
    a = family_key("2025년도 3차 전력정보화 사업 (재공고)")
    assert a == family_key("2026년 제1차 전력정보화 사업") == family_key("’25년 전력정보화 사업 하반기")
    assert family_key("전력정보화 사업") != family_key("전력정보화 사업(신재생에너지 분야)")


def test_the_open_round_comes_first_then_the_next_then_the_latest_closed() -> None:
    all_cards = [card(DIDIMDOL_2025_1), card(DIDIMDOL_2025_2), card(DIDIMDOL_2026_1), card(LEAP)]
    # 2025-05-20 lies in the 제2차 window (5.15 ~ 5.30)
    on = dt.date(2025, 5, 20)
    ordered = rounds_of(card(DIDIMDOL_2025_1), all_cards, on)
    assert [c.status(on) for c in ordered] == ["open", "upcoming", "closed"]
    assert [c.doc_id for c in ordered] == [
        card(DIDIMDOL_2025_2).doc_id,
        card(DIDIMDOL_2026_1).doc_id,
        card(DIDIMDOL_2025_1).doc_id,
    ]
    # after every window: the latest round first
    later = rounds_of(card(DIDIMDOL_2025_1), all_cards, dt.date(2026, 11, 22))
    assert later[0].doc_id == card(DIDIMDOL_2026_1).doc_id
    assert all(c.status(dt.date(2026, 11, 22)) == "closed" for c in later)


def test_a_deadline_only_notice_is_upcoming_before_it_is_posted() -> None:
    c = card(DEMENTIA)
    posted = c.posted()
    assert c.apply_start is None and c.apply_end is not None and posted is not None
    assert posted < c.apply_end.date()
    assert c.status(posted - dt.timedelta(days=1)) == "upcoming"
    assert c.status(posted) in ("open", "closing")
    assert c.status(c.apply_end.date() + dt.timedelta(days=1)) == "closed"


def test_the_issuer_is_read_from_the_signature_line_of_bodies() -> None:
    assert card(CULTURE).ministry is not None and card(CULTURE).ministry.value == "문화체육관광부"
    assert card(LAND).ministry is not None and card(LAND).ministry.value == "국토교통부"  # "국 토 교 통 부"


def test_the_title_quote_is_the_title_as_printed() -> None:
    c = card(DIDIMDOL_2026_1)
    assert c.title_quote is not None
    assert "창업성장기술개발사업" in c.title_quote.quote and "2026" in c.title_quote.quote
