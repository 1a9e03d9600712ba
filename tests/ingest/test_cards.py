"""ingest.cards on real corpus files, read through the real ingest path (build_source_doc)."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

import pytest

from ingest.card_contacts import DIRECTORY
from ingest.cards import (
    CardField,
    ProgramCard,
    card_field_for,
    distinct_notices,
    extract_card,
    is_announcement,
    link_amendments,
)
from ingest.notice_conflicts import mark_conflicts
from ingest.pipeline import build_source_doc
from ingest.types import SourceDoc

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
SEED = "2024-12-11_공고_2025년_시군구연고산업육성사업_시행계획_제주_세종.txt"
TIPS = "2025년_팁스TIPS_창업기업_지원계획_통합공_99031076827042302.hwp"
DIDIMDOL_2026 = (
    "공고_제2025-654호_2026년도_창업성장기술개발사업_디딤돌_제1차_시행계획_공_3689066283272811.hwp"
)
DIDIMDOL_PDF = (
    "공고_제2025-221호_2025년도_창업성장기술개발사업_디딤돌_제1차_시행계획_공_88050911370977888.pdf"
)
DIDIMDOL_HWP = (
    "공고_제2025-221호_2025년도_창업성장기술개발사업_디딤돌_제1차_시행계획_공_88051311744894927.hwp"
)
LEAP = "공고문_2025년도_창업도약패키지_일반형_창업기업_모집_수정공고.pdf"
TIPS_FIX = "2025년_팁스_창업기업_지원계획_수정_공_101298852483808541.hwpx"
PAIRS = [
    (TIPS, TIPS_FIX),
    (
        "공고_제_2025-24호_2025년도_중소기업기술혁신개발사업_시행계획_공_80889114071632358.hwp",
        "공고_제_2025-269호_2025년도_중소기업기술혁신개발사업_시행계획_수정_공_89811086990524638.hwp",
    ),
    (
        "공고_제2025-331호_2025년도_중소기업기술혁신개발사업_구매연계_상생협력_하반기_시행계획_공_91165726621732321.hwp",
        "공고_제2025-358호_2025년도_중소기업기술혁신개발사업_구매연계_상생협력_하반기_시행계획_수정공_92634836926819943.hwp",
    ),
    (
        "공고문_2025년_스케일업_팁스_일반형_기업_지원계획_공_89204681777639077.hwp",
        "2025.5.9_2025년_스케일업_팁스_기업_지원계획_통합_공_95699586148960655.pdf",
    ),
]


@cache
def _doc(path: Path) -> SourceDoc:
    return build_source_doc(path.read_bytes(), path.name)


def doc(name: str) -> SourceDoc:
    folder = CORPUS / ("seeds" if name.endswith(".txt") else "real")
    return _doc(folder / name)


@cache
def all_docs() -> tuple[SourceDoc, ...]:
    out = []
    for folder in (CORPUS / "real", CORPUS / "seeds"):
        for path in sorted(folder.iterdir()):
            if path.name == "SOURCES.md" or path.name.endswith("양자-스위스_공고_접수_및_안내.pdf"):
                continue  # DRM container: no text (tested by the readers)
            out.append(_doc(path))
    return tuple(out)


def fields(card: ProgramCard) -> list[CardField]:
    single = [card.notice_no, card.notice_date, card.ministry, card.agency, card.apply_period, card.budget]
    single += [card.limit, card.how_to_apply, card.desk]
    multi = [*card.eligibility, *card.exclusions, *card.self_share, *card.menu, *card.contacts]
    return [f for f in single if f is not None] + multi


def card(name: str) -> ProgramCard:
    c = extract_card(doc(name))
    assert c is not None
    return c


def test_seed_card_acceptance() -> None:
    c = card(SEED)
    assert c.program == "2025년 시군구연고산업육성사업"
    assert c.notice_no is not None and c.notice_no.value == "제2024-606호"
    assert c.apply_start == dt.datetime(2024, 12, 16, 9, 0)
    assert c.apply_end == dt.datetime(2024, 12, 27, 18, 0)
    assert c.apply_period is not None
    assert c.apply_period.quote == "2024.12.16.(월) 09:00 ~ 2024.12.27.(금) 18:00"
    assert c.status(dt.date(2026, 11, 22)) == "closed"
    assert c.limit is not None and c.limit.value == "기업당 연 최대 5천만원"
    assert "기업당 연 최대 5천만원" in c.limit.quote
    assert c.limit_won == 50_000_000
    [share] = c.self_share
    assert "매출액 10억원 미만 5%, 10억원 이상 10%" in share.quote
    assert any(f.value.endswith("1357") and "1357" in f.quote for f in c.contacts)
    assert c.apply_site == "www.smtech.go.kr"
    assert c.agency is not None and c.agency.value == "중소기업기술정보진흥원"
    assert c.budget is not None and "12억 3,300만원" in c.budget.value


def test_seed_card_status_over_time() -> None:
    c = card(SEED)
    assert c.status(dt.date(2024, 12, 1)) == "upcoming"
    assert c.status(dt.date(2024, 12, 16)) == "open"
    assert c.status(dt.date(2024, 12, 24)) == "closing"
    assert c.status(dt.date(2024, 12, 27)) == "closing"
    assert c.status(dt.date(2024, 12, 28)) == "closed"
    d = c.to_dict(dt.date(2024, 12, 24))
    assert d["status"] == "closing"
    assert d["apply_end"] == "2024-12-27T18:00:00"
    assert d["limit"]["quote"] == c.limit.quote if c.limit else False


def test_every_quote_is_a_verbatim_span_of_its_document() -> None:
    cards = 0
    for d in all_docs():
        c = extract_card(d)
        if c is None:
            continue
        cards += 1
        for f in fields(c):
            assert d.text[f.start : f.end] == f.quote, (d.source, f)
            assert f.page == d.page_at(f.start)
            assert f.value.strip()
    assert cards >= 40


@pytest.mark.parametrize(
    "name",
    [
        "별첨_1_2025년도_창업도약패키지_일반형_창업기업_사업계획서_양식.hwp",
        "별첨_3_2025년도_창업도약패키지_일반형_주관기관_소개자료.pdf",
        "참고_1_온라인_사업신청_매뉴얼_일반형.pdf",
        "2023-01-19_보도자료_지역특화산업육성_우수사례집_발간.txt",
        "2023-04-06_지역중소기업_혁신성장_촉진방안.txt",
    ],
)
def test_forms_manuals_and_press_releases_get_no_card(name: str) -> None:
    assert not is_announcement(doc(name))
    assert extract_card(doc(name)) is None


def test_tips_amendment_shows_amended_notice() -> None:
    original, amended = link_amendments([card(TIPS), card(TIPS_FIX)])
    assert original.notice_no is not None and original.notice_no.value == "제2025-246호"
    assert amended.notice_no is not None and amended.notice_no.value == "제2025-487호"
    assert amended.amends == original.doc_id
    assert original.amended_by == amended.doc_id
    assert amended.cites == ("제2025-246호",)
    assert amended.revision == "수정"
    assert amended.notice_date is not None and amended.notice_date.quote == "2025년 8월 29일"
    assert amended.rolling and amended.status(dt.date(2026, 11, 22)) == "unknown"


@pytest.mark.parametrize(("original", "amending"), PAIRS)
def test_amendment_pairs_are_linked(original: str, amending: str) -> None:
    linked = link_amendments([card(name) for name in (original, amending)])
    by_source = {c.source: c for c in linked}
    assert by_source[amending].amends == by_source[original].doc_id
    assert by_source[original].amended_by == by_source[amending].doc_id


def test_linking_over_the_whole_corpus_finds_exactly_the_known_pairs() -> None:
    cards = [c for c in (extract_card(d) for d in all_docs()) if c is not None]
    linked = link_amendments(cards)
    by_id = {c.doc_id: c.source for c in linked}
    found = {(by_id[c.amends], c.source) for c in linked if c.amends}
    assert found == set(PAIRS)
    # the known amendments agree with what they amend on deadline and phone: no link is undone, and
    # no two notices of one program in the bundled corpus disagree
    marked = mark_conflicts(linked)
    assert {(by_id[c.amends], c.source) for c in marked if c.amends} == set(PAIRS)
    assert [c.source for c in marked if c.conflicts] == []


@pytest.mark.parametrize(
    ("name", "start", "end"),
    [
        (
            "공고_제2025-296호_2025년도_중소기업기술혁신개발사업_수출지향형_경쟁형R_D_시행계획_공_89955126401058292.hwpx",
            dt.datetime(2025, 5, 27),
            dt.datetime(2025, 6, 9, 18, 0),
        ),
        (
            "공고_제2025-221호_2025년도_창업성장기술개발사업_디딤돌_제1차_시행계획_공_88051311744894927.hwp",
            dt.datetime(2025, 4, 17),
            dt.datetime(2025, 5, 7, 18, 0),
        ),
        (
            "붙임1._2025년_이공계_연구생활장려금_지원_사업_신규과제_공고.hwpx",
            dt.datetime(2025, 7, 1, 9, 0),
            dt.datetime(2025, 7, 17, 18, 0),
        ),
    ],
)
def test_real_application_periods(name: str, start: dt.datetime, end: dt.datetime) -> None:
    c = card(name)
    assert (c.apply_start, c.apply_end) == (start, end)


def test_card_field_for_intents() -> None:
    c = card(SEED)
    assert card_field_for(c, "deadline") == [c.apply_period]
    assert card_field_for(c, "amount")[0] == c.limit
    assert card_field_for(c, "ratio") == list(c.self_share)
    assert card_field_for(c, "contact") == list(c.contacts)
    assert card_field_for(c, "unknown-intent") == []


@pytest.mark.parametrize(
    ("name", "start", "end"),
    [
        # "◦ 신청‧접수기간 : 2026. 1. 6.(화) ~ 1. 23.(금), 18:00까지" in a notice dated 2025
        (DIDIMDOL_2026, dt.datetime(2026, 1, 6), dt.datetime(2026, 1, 23, 18, 0)),
        # a deadline section: "q 공고 및 접수기한" over a table whose rows give "2026. 02. 02 / 15 : 00"
        (
            "1._2026년도_제1차_치매극복연구개발사업_신규지원_대상과제_공고_공고_5384013285570896.pdf",
            None,
            dt.datetime(2026, 2, 2, 15, 0),
        ),
        # a table row "접수기간 | ▪ 2025. 01. 20 .(월) 09시 ∼ 2025. 03. 07. (금) 18시"
        (
            "2025년도_중견기업-지역_혁신_얼라이언스_지원사업_공고_80798309539779659.hwpx",
            dt.datetime(2025, 1, 20, 9, 0),
            dt.datetime(2025, 3, 7, 18, 0),
        ),
        # "◦기간 : 2025년 6월 27일 ~ 2025년 7월 28일 16:00까지" under "□ 서류접수"
        (
            "2025년_착수_민군겸용기술개발사업_주관연구개발기관_선정_공고문.hwp",
            dt.datetime(2025, 6, 27),
            dt.datetime(2025, 7, 28, 16, 0),
        ),
        # 접수기간, not the 공고기간 printed above it
        (
            "중소벤처기업부_공고_제2025-59호_2025년_지역혁신선도기업육성_R_D_공고문.hwp",
            dt.datetime(2025, 2, 17, 10, 0),
            dt.datetime(2025, 3, 4, 18, 0),
        ),
    ],
)
def test_windows_stated_in_other_layouts(name: str, start: dt.datetime | None, end: dt.datetime) -> None:
    c = card(name)
    assert (c.apply_start, c.apply_end) == (start, end)
    assert c.status(dt.date(2024, 1, 1)) != "unknown"


def test_a_period_of_something_else_after_the_label_is_not_the_window() -> None:
    # "** 사업 신청 접수 마감일 기준, 2024년 1월 1일 ~ 2025년 2월 27일 내 투자 건만 해당"
    c = card("공고문_2025년_문화체육관광_연구개발사업_신규과제_민간_투자연계_공_80830197308692303.hwp")
    assert c.apply_start is None or c.apply_start.year == 2025
    assert c.apply_end is not None and c.apply_end.date() == dt.date(2025, 2, 27)


def test_didimdol_pdf_card_fields() -> None:
    c = card(DIDIMDOL_PDF)
    assert "디딤돌" in c.program
    assert c.eligibility and "업력 7년" in c.eligibility[0].value
    assert c.limit is not None and "2억원" in c.limit.value
    assert any(
        f.value.endswith("10%이상은 현금으로 부담") and "기관부담연구개발비 중" in f.value
        for f in c.self_share
    )
    assert not any("친구" in f.value or "“" in f.value for f in c.contacts)
    assert any(f.value == "중소기업 통합콜센터 1357" for f in c.contacts)


def test_limit_stated_as_the_offer() -> None:
    c = card(LEAP)
    assert c.limit is not None and "3억원" in c.limit.value and c.limit_won == 300_000_000


def test_desk_is_the_programs_own_office_not_a_call_centre() -> None:
    c = card("2025년도_중견기업-지역_혁신_얼라이언스_지원사업_공고_80798309539779659.hwpx")
    assert c.desk is not None and c.desk.value == "한국산업기술진흥원 중견기업혁신실 02-6009-3505"
    # only 1357 and the IRIS help desk: no desk rather than a call centre
    assert card(SEED).desk is None and card(DIDIMDOL_HWP).desk is None
    # regional offices, one row each: a directory, not its first row
    regional = card("중소벤처기업부_공고_제2025-59호_2025년_지역혁신선도기업육성_R_D_공고문.hwp")
    assert regional.desk is not None and regional.desk.value == DIRECTORY
    # an office in an earlier cell of the phone's table row
    staff = card("공고문_2025년_중소기업_연구인력지원사업_공고.hwp")
    assert staff.desk is not None and staff.desk.value.startswith("중소기업기술정보진흥원 (지역정책기획실)")


def test_listing_shows_each_notice_once() -> None:
    today = dt.date(2025, 4, 20)
    amended = (
        "공고_제2025-331호_2025년도_중소기업기술혁신개발사업_구매연계_상생협력_하반기_시행계획_공_91165726621732321.hwp",
        "공고_제2025-358호_2025년도_중소기업기술혁신개발사업_구매연계_상생협력_하반기_시행계획_수정공_92634836926819943.hwp",
    )
    cards = link_amendments([card(n) for n in (DIDIMDOL_PDF, DIDIMDOL_HWP, *amended, SEED)])
    listed = distinct_notices([c.to_dict(today) for c in cards])
    assert [d["source"] for d in listed] == [DIDIMDOL_PDF, amended[1], SEED]


# ---------------------------------------------------------------- layouts found by the card audit
# (docs/CARD_AUDIT.md): each a rule of how notices are laid out, checked on the notice it was found in

STAR = "붙임1._2025년_스타기업_육성사업_기업_모집_공고문.pdf"
WILDFIRE = "산림청_공고_제2025-223호_대형산불_대응_지능형_솔루션_기술개발_사업_2025년도_신규과제_선정계획_공_89978835537611541.hwp"
LANDSLIDE = "산림청_공고_제2025-33호_산사태_현장대응_기술개발_사업_2025년도_제2차_재공고_신규과제_선정계획_공_80903380181317444.pdf"


def test_a_title_spelled_with_spaced_syllables() -> None:
    # "2025년도 경기도 스타기업 육성 사업" / "참 여 기 업 모 집 공 고"
    c = card(STAR)
    assert c.title == "2025년도 경기도 스타기업 육성 사업 참여기업모집공고"
    assert c.title_quote is not None and c.title_quote.quote.endswith("참 여 기 업 모 집 공 고")
    assert c.program == "2025년 경기도 스타기업 육성 사업"


def test_program_names_without_quotes_with_the_year_first() -> None:
    # "‘대형산불 대응 지능형 솔루션 기술개발’사업 2025년도 신규과제 선정계획 공고"
    assert card(WILDFIRE).program == "2025년 대형산불 대응 지능형 솔루션 기술개발 사업"
    # the issuer's signature ("산림청장") printed above the title is not part of it
    landslide = card(LANDSLIDE)
    assert landslide.title.startswith("‘산사태 현장대응 기술개발’사업 2025년도")
    assert landslide.program == "2025년 산사태 현장대응 기술개발 사업 제2차(재공고)"


def test_exclusions_under_a_heading_with_a_bracketed_condition() -> None:
    # "□ 신청 제외 대상 (사업 신청‧접수 마감일 기준)" / "① …" / "< ① 조건 예외 대상 >" / "1. …" / "② …";
    # the "□ 신청제외대상" printed twice in the amendment's 기존/수정 table before it is not the section
    c = card(LEAP)
    values = [f.value for f in c.exclusions]
    assert values[0] == "금융기관 등으로부터 채무불이행으로 규제중인 자 (기업)"
    assert values[1] == "국세 또는 지방세 체납 중인 자 (기업)"
    assert not any("불문하고" in v for v in values)


def test_how_to_apply_runs_on_over_a_joining_mark() -> None:
    # "◦ K-Startup 누리집 온라인 신청‧" / "접수 (www.k-startup.go.kr)"
    c = card(LEAP)
    assert c.how_to_apply is not None
    assert c.how_to_apply.value == "K-Startup 누리집 온라인 신청‧ 접수 (www.k-startup.go.kr)"
    # … but not over a "☞" note on the next line
    equipment = card("2025년_한국탄소산업진흥원_장비보급지원사업_공고_80811792473386683.hwp")
    assert equipment.how_to_apply is not None and "☞" not in equipment.how_to_apply.quote


def test_eligibility_under_a_requirements_heading_after_its_subject() -> None:
    # "가. 연구개발사업의 신청자격 요건" / "○ (연구개발기관) 산업체, 대학, …"
    c = card(WILDFIRE)
    assert c.eligibility and c.eligibility[0].value.startswith("(연구개발기관) 산업체, 대학")


def test_the_agency_in_angle_brackets_and_spaced_out() -> None:
    c = card("붙임1._2025년_이공계_연구생활장려금_지원_사업_신규과제_공고.hwpx")
    assert c.agency is not None and c.agency.value == "한국연구재단"
    assert c.desk is not None and c.desk.value == "한국연구재단 인재양성사업팀 042-869-6452"


def test_menu_from_a_table_with_a_지원내용_column() -> None:
    # "세부 지원분야 | 지원규모 | 지원내용 | 지원일정" over rows with merged cells on either side
    c = card(PAIRS[2][1])
    values = [f.value for f in c.menu]
    assert values[:2] == [
        "국내수요처의 수요가 있는 제품의 기술개발 지원",
        "민관협력 OI 플랫폼을 통해 발굴된 중소기업 대상 국내수요처의 수요가 있는 제품의 기술개발 지원",
    ]
    assert not any("과제 내외" in v for v in values)


def test_exclusions_under_a_heading_joined_to_another_topic() -> None:
    # "□ 신청제한 및 지원제외 사항" / "☞ …" notes / "① 주관연구개발기관의 신청자격 및 신청요건에 부적합한 경우"
    c = card("공고문_2025년_중소기업_연구인력지원사업_공고.hwp")
    assert c.exclusions and c.exclusions[0].value == "주관연구개발기관의 신청자격 및 신청요건에 부적합한 경우"


def test_a_sentence_introducing_refusal_grounds_gives_the_exclusions() -> None:
    """No labelled exclusion block, but "□ 다음의 경우는 지원대상에서 제외될 수 있음" over its items (made up)."""
    text = (
        "2025년도 가나다라 기술개발사업 신규지원 대상과제 공고\n"
        "공고 제2025-1호\n"
        "□ 지원대상 : 중소기업\n"
        "□ 다음의 경우는 지원대상에서 제외될 수 있음\n"
        "ㅇ 연구개발계획서를 기한 내에 내지 않은 경우\n"
        "ㅇ 국가연구개발사업에 참여제한 중인 경우\n"
        "□ 신청방법 : 온라인 접수\n"
    )
    card = extract_card(build_source_doc(text.encode("utf-8"), "가나다라_공고.txt"))
    assert card is not None
    assert [f.value for f in card.exclusions] == [
        "연구개발계획서를 기한 내에 내지 않은 경우",
        "국가연구개발사업에 참여제한 중인 경우",
    ]


def test_a_bare_apply_label_takes_the_item_naming_where_to_hand_in() -> None:
    """ "□ 신청방법" over a step of preparing, then the system to apply on (made up): the latter is the method."""
    text = (
        "2025년도 가나다라 공동연구사업 신규과제 공고\n"
        "공고 제2025-2호\n"
        "□ 신청방법\n"
        "ㅇ 공동연구는 상대국 연구책임자와 주제를 미리 정한 뒤 진행\n"
        "ㅇ 본 사업은 가나연구지원시스템(https://www.example.go.kr)을 통해 과제 신청\n"
    )
    card = extract_card(build_source_doc(text.encode("utf-8"), "가나다라_공모.txt"))
    assert card is not None and card.how_to_apply is not None
    assert "가나연구지원시스템" in card.how_to_apply.value
