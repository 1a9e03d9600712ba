"""assistant.company_profile: the asker's company read from a question with the lexicon's cues."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.company_profile import CompanyProfile, read_profile, without_profile
from assistant.lexicon import pattern
from assistant.lexicon import table as lexicon_table

TODAY = dt.date(2025, 3, 1)


def test_age_sector_and_company() -> None:
    p = read_profile("창업 5년차 제조업체인데 받을 수 있는 거 추천해 주세요", TODAY)
    assert p.age_years == 5 and "제조" in p.sectors and p.kind() == "중소기업"
    assert p.applicant is None  # a company of unstated size is read as a 중소기업, not stated as one


def test_revenue_employees_region() -> None:
    p = read_profile("업력 12년, 매출 12억, 직원 30명, 대구에 있는 회사예요", TODAY)
    assert (p.age_years, p.revenue_won, p.employees, p.regions) == (12, 1_200_000_000, 30, ("대구",))
    assert read_profile("매출 3억 5천", TODAY).revenue_won == 350_000_000
    assert read_profile("매출은 아직 없어요", TODAY).revenue_won == 0


def test_founding_year_months_and_kinds() -> None:
    assert read_profile("2021년 창업한 스타트업", TODAY).age_years == 4
    assert read_profile("창업한 지 8개월 됐어요", TODAY).age_years == 0.67
    assert read_profile("예비창업자인데 지원 가능한 사업", TODAY).kind() == "예비창업자"
    assert read_profile("중견기업입니다", TODAY).kind() == "중견기업"


def test_years_told_as_running_a_business_or_a_two_digit_founding_year() -> None:
    """ "운영한 지 7년", "20년째 운영", "19년에 창업" (made-up wordings of the same three phrasings)."""
    assert read_profile("매장을 운영한 지 7년 됐어요", TODAY).age_years == 7
    assert read_profile("인쇄업 20년째 운영 중입니다", TODAY).age_years == 20
    assert read_profile("19년에 창업했어요", TODAY).age_years == 6
    assert read_profile("2019년 설립", TODAY).age_years == 6  # four digits read as before
    assert read_profile("직원 11명이고 매출 4억", TODAY).age_years is None  # a count without a cue is no age
    assert read_profile("2020년에 공방 개업", TODAY).age_years == 5
    assert read_profile("23년 매출 20억", TODAY).age_years is None  # a year of revenue, not of founding


def test_rnd_done_or_never_in_more_wordings() -> None:
    assert read_profile("R&D 과제를 아직 안 해 봤어요", TODAY).first_rnd is True
    assert read_profile("연구개발 사업은 한 번도 해본 적 없어요", TODAY).first_rnd is True
    assert read_profile("R&D 과제를 두 건 수행했습니다", TODAY).first_rnd is False
    # a negated "해봤다" / "수행했다" is never read as done
    assert read_profile("R&D 과제는 아직 한 번도 안 해봤어요", TODAY).first_rnd is True
    assert read_profile("정부 R&D 수행했던 적은 없어요", TODAY).first_rnd is True
    assert read_profile("R&D 지원 신청 안 해봤고", TODAY).first_rnd is not False


def test_a_city_names_its_province() -> None:
    table = lexicon_table("profile", "city")
    for province, cities in table.items():
        p = read_profile(f"{cities[0]}에 있는 제조 회사인데 신청할 수 있는 사업", TODAY)
        assert p.regions == (province,)
        assert cities[0] not in without_profile(f"{cities[0]} 회사")
    assert read_profile("대구 본사, 공장은 경기 쪽", TODAY).regions == ("대구", "경기")


def test_first_rnd_certifications_and_refusal_grounds() -> None:
    assert read_profile("R&D 처음이에요", TODAY).first_rnd is True
    assert read_profile("정부 R&D 과제 수행한 적 있어요", TODAY).first_rnd is False
    p = read_profile("벤처기업 인증과 기업부설연구소가 있고 세금 체납이 있어요", TODAY)
    assert {"벤처기업", "기업부설연구소"} <= set(p.certifications)
    assert p.exclusions == ("국세·지방세 체납",)


def test_empty_and_merged() -> None:
    assert not read_profile("지금 신청할 수 있는 사업 뭐 있어요?", TODAY).describe()
    merged = read_profile("업력 3년", TODAY).merged(CompanyProfile(age_years=4.0, regions=("서울",)))
    assert merged.age_years == 4.0 and merged.regions == ("서울",)


def test_a_region_alone_narrows_a_list_but_states_no_company() -> None:
    assert not read_profile("대구 지역 지금 신청할 수 있는 사업", TODAY).states_company()
    assert read_profile("대구에 있는 회사인데 신청할 수 있는 사업", TODAY).states_company()
    assert read_profile("업력 5년인데 지원 가능한 사업", TODAY).states_company()


def test_without_profile_leaves_what_may_name_a_program() -> None:
    from assistant.company_profile import without_profile

    rest = without_profile("업력 12년, 매출 12억, 대구 중소기업인데 연구인력지원사업 신청 가능해요?")
    assert "연구인력지원사업" in rest
    assert not any(w in rest for w in ("12년", "12억", "대구", "중소기업"))


@pytest.mark.parametrize(
    "question",
    [
        "저희는 부산에서 화장품 만드는 회사고 설립 6년 됐어요. 매출 30억 정도인데 지원받을 만한 거 있을까요?",
        "2020년에 창업한 바이오 벤처인데 R&D 과제 처음 해보려고 합니다. 어떤 걸 신청하면 될까요",
        "업력2년 소프트웨어 스타트업 직원 8명 정부지원 뭐 받을수있나요",
        "경기 소재 식품 제조업체, 업력 15년. 신청 가능 공고 확인 부탁드립니다",
    ],
)
def test_ways_of_asking_what_a_company_can_apply_to(question: str) -> None:
    assert pattern("profile", "asks_fit").search(question)
    assert read_profile(question, dt.date(2026, 11, 22)).states_company()


@pytest.mark.parametrize(
    "question",
    [
        "업력 4년인데 디딤돌 지원 받을 수 있나요?",
        "매출 10억이면 자부담 얼마예요?",
        "대구 지역 사업 마감 언제예요?",
        "매출 15억인데 구매연계형으로 신청 가능한가요?",
    ],
)
def test_a_yes_no_question_about_one_thing_is_not_a_request_for_a_list(question: str) -> None:
    assert not pattern("profile", "asks_fit").search(question)


def test_founding_date_with_a_month() -> None:
    profile = read_profile("2024년 5월에 설립한 법인인데 받을 수 있는 사업?", dt.date(2026, 11, 22))
    assert profile.age_years is not None and 2 <= profile.age_years <= 3


def test_a_kind_alone_is_a_profile_only_when_said_of_the_asker_or_with_a_list_asked_for() -> None:
    today = dt.date(2026, 11, 22)
    about_a_thing = "온누리상품권은 아무 중소기업이나 받을 수 있는 거예요?"
    assert not read_profile(about_a_thing, today).states_numbers()
    assert not pattern("profile", "own").search(about_a_thing)
    assert pattern("profile", "own").search("예비창업자인데 받을 수 있는 지원사업 알려주세요")
    assert read_profile("업력 3년 법인, 매출 5억인데 받을 수 있는 거?", today).states_numbers()


def test_certificates_the_asker_has_and_lacks() -> None:
    p = read_profile("부설연구소는 아직 없고, 전담부서는 있어요", TODAY)
    assert p.certifications == ("연구개발전담부서",) and p.lacks == ("기업부설연구소",)
    p = read_profile("연구소도 전담부서도 없는 상태예요", TODAY)
    assert not p.certifications and set(p.lacks) == {"기업부설연구소", "연구개발전담부서"}
    assert read_profile("연구소 있고 매출은 없어요", TODAY).certifications == ("기업부설연구소",)
    # a university's or an institute's own "연구소" is no company certificate
    uni = read_profile("대학 산학협력단 소속 연구소라 기업 인증은 없습니다", TODAY)
    assert uni.applicant == "대학" and not uni.certifications and not uni.lacks
    assert "기업부설연구소 없음" in read_profile("연구소 없음, 업력 3년", TODAY).describe()
