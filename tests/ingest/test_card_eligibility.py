"""ingest.card_eligibility on real corpus notices, read through the real ingest path: every fact's quote is a
verbatim slice of the document, and the limits read are those the notices state."""

from __future__ import annotations

from functools import cache

from ingest.card_eligibility import EligibilityFacts, extract_eligibility
from ingest.cards import extract_card
from ingest.pipeline import build_source_doc
from ingest.types import SourceDoc
from tests.conftest import real_file

DIDIMDOL_2026 = "공고_제2025-654호_2026년도_창업성장기술개발사업"
LEAP = "창업도약패키지_일반형_창업기업_모집_수정공고"
STAR = "스타기업_육성사업_기업_모집"
SAFETY = "산재예방_기술개발지원사업"


@cache
def doc(fragment: str) -> SourceDoc:
    path = real_file(fragment)
    return build_source_doc(path.read_bytes(), path.name)


def _verbatim(d: SourceDoc, facts: EligibilityFacts) -> None:
    for f in facts.facts:
        assert d.text[f.start : f.end] == f.quote
        assert f.line_start <= f.start and f.end <= f.line_end


def test_common_qualification_line_gives_age_revenue_kind_and_first_rnd() -> None:
    d = doc(DIDIMDOL_2026)
    facts = extract_eligibility(d)
    _verbatim(d, facts)
    age = [f for f in facts.of("age") if not f.unsure]
    assert [(f.quote, f.high, f.high_open) for f in age] == [("업력 7년 이하", 7.0, False)]
    revenue = [f for f in facts.of("revenue") if not f.unsure]
    assert revenue[0].quote == "매출액 20억원 미만"
    assert revenue[0].high == 2_000_000_000 and revenue[0].high_open
    assert not revenue[0].admits(2_000_000_000) and revenue[0].admits(1_200_000_000)
    assert "중소기업" in {f.value for f in facts.of("applicant") if not f.unsure}
    assert facts.of("first_rnd") and "처음" in facts.of("first_rnd")[0].quote


def test_exception_for_new_industries_is_unsure() -> None:
    """ "단, 신산업 창업분야 … 업력 10년" is an exception: read, but marked unsure."""
    facts = extract_eligibility(doc(DIDIMDOL_2026))
    ten = [f for f in facts.of("age") if f.high == 10.0]
    assert ten and all(f.unsure for f in ten)


def test_age_range_with_lower_and_upper_bound() -> None:
    d = doc(LEAP)
    facts = extract_eligibility(d)
    _verbatim(d, facts)
    age = [f for f in facts.of("age") if not f.unsure][0]
    assert "3년초과 7년이내" in age.quote
    assert (age.low, age.low_open, age.high, age.high_open) == (3.0, True, 7.0, False)
    assert not age.admits(3) and age.admits(5) and age.admits(7) and not age.admits(8)


def test_revenue_band_and_exclusions_of_a_regional_notice() -> None:
    d = doc(STAR)
    facts = extract_eligibility(d)
    _verbatim(d, facts)
    band = [f for f in facts.of("revenue") if f.low == 5_000_000_000]
    assert band and band[0].high == 70_000_000_000 and band[0].high_open
    grounds = {f.value for f in facts.of("exclusion")}
    assert {"국세·지방세 체납", "휴·폐업"} <= grounds
    tax = next(f for f in facts.of("exclusion") if f.value == "국세·지방세 체납")
    assert "체납" in tax.quote


def test_employee_limit() -> None:
    d = doc(SAFETY)
    facts = extract_eligibility(d)
    _verbatim(d, facts)
    assert any(f.high == 50 and f.high_open and "50인 미만" in f.quote for f in facts.of("employees"))


def test_card_carries_the_facts() -> None:
    card = extract_card(doc(DIDIMDOL_2026))
    assert card is not None and card.eligibility_facts.of("age")
    assert card.to_dict()["eligibility_facts"]["facts"][0]["quote"]


def test_limit_broken_over_two_pdf_lines_and_a_spelled_out_bound() -> None:
    pdf = doc(
        "공고_제2025-221호_2025년도_창업성장기술개발사업_디딤돌_제1차_시행계획_공_88050911370977888.pdf"
    )
    facts = extract_eligibility(pdf)
    _verbatim(pdf, facts)
    assert any(f.high == 7 and "\n" in f.quote for f in facts.of("age"))
    tips = doc("2025년_팁스TIPS_창업기업_지원계획_통합공")
    spelled = [f for f in extract_eligibility(tips).of("age") if "지나지 아니한" in f.quote]
    assert spelled and spelled[0].high == 7 and spelled[0].value == "업력 7년 이하"


def test_a_limit_waived_for_a_named_group_is_kept_as_a_rule() -> None:
    """ "매출액 기준(20억원 이상) 미적용" for some selected companies: the revenue floor still stands for the rest,
    marked waived (not unsure), so a small company is ruled out with the waiver named."""
    d = doc("공고_제_2025-24호_2025년도_중소기업기술혁신개발사업_시행계획")
    facts = extract_eligibility(d)
    _verbatim(d, facts)
    floors = [f for f in facts.of("revenue") if f.low == 2_000_000_000 and not f.unsure]
    assert floors and all(f.waived for f in floors)
    assert "미적용" in d.text and not any(f.waived for f in facts.of("applicant"))


def test_certificates_form_requirements_split_at_possession_and_a_refused_one_is_not_read() -> None:
    """ "A 또는 B를 보유한 C, D": two requirements on one line (A|B, then C|D); "A를 보유한 …(B 불인정)": B is
    named only to be refused."""
    lab_only = doc("공고_제2025-285호_2025년도_중소기업기술혁신개발사업_글로벌협력형R_D")
    facts = extract_eligibility(lab_only)
    _verbatim(lab_only, facts)
    sure = [f for f in facts.of("certification") if not f.unsure]
    assert sure and {f.value for f in sure} == {"기업부설연구소"}
    staff = doc("공고문_2025년_중소기업_연구인력지원사업_공고")
    lines: dict[int, set[int]] = {}
    for f in extract_eligibility(staff).of("certification"):
        lines.setdefault(f.line_start, set()).add(f.group)
    assert any(groups == {0, 1} for groups in lines.values())  # a lab, and then one of several marks


# ---------------------------------------------------------------- lists that are not requirements (issue 19 audit)


def _snippet(text: str) -> tuple[SourceDoc, EligibilityFacts]:
    d = build_source_doc(text.encode("utf-8"), "가나_공고.txt")
    return d, extract_eligibility(d)


def test_a_sub_programs_marks_are_unsure_and_a_note_on_computing_a_ratio_refuses_nobody() -> None:
    """Three sub-programs each with its own "◦ 지원대상": the marks only the dispatch one names are unsure, the
    lab all three require is sure; the 부채비율 ground quotes its circled rule, not the note on computing it,
    and the rule's own exception ("다만, 창업 3년 미만 …") gives no age limit."""
    d = doc("공고문_2025년_중소기업_연구인력지원사업_공고")
    facts = extract_eligibility(d)
    _verbatim(d, facts)
    marks = [f for f in facts.of("certification") if f.value in ("이노비즈", "메인비즈", "벤처기업")]
    assert marks and all(f.unsure for f in marks)
    assert any(not f.unsure for f in facts.of("certification") if f.value == "기업부설연구소")
    debt = next(f for f in facts.of("exclusion") if f.value == "자본잠식·부채비율")
    assert "계산" not in debt.quote and not debt.quote.lstrip().startswith("*")
    assert not facts.of("age")
    assert "연구기관" not in {f.value for f in facts.of("applicant")}  # a line on who owns the results


def test_every_sector_an_operator_table_and_a_topic_heading_give_no_facts() -> None:
    """ "제조·서비스 등 전 분야" restricts no sector; a table of operating universities ("가나대학교
    산학협력단 37개사") names no applicant; the kind is quoted from the 신청자격 line, not the funding notes."""
    d = doc(LEAP)
    facts = extract_eligibility(d)
    _verbatim(d, facts)
    assert not facts.of("sector")
    assert "대학" not in {f.value for f in facts.of("applicant")}
    startup = next(f for f in facts.of("applicant") if f.value == "창업기업")
    assert "신청자격" in d.text[startup.line_start : startup.line_end]


def test_a_bonus_points_list_and_a_terms_definition_are_no_requirements() -> None:
    """The list under "가산점 적용대상" names what scores (여성기업 …); the lines under "※ 가나기업" define
    a term of an alternative threshold: neither gives a certificate or a sector."""
    d = doc(STAR)
    facts = extract_eligibility(d)
    _verbatim(d, facts)
    assert "여성기업" not in {f.value for f in facts.of("certification")}
    assert not facts.of("sector")
    assert {"기업부설연구소", "연구개발전담부서"} <= {f.value for f in facts.of("certification")}


def test_institutions_listed_after_the_law_include_companies() -> None:
    """ "산업체, 대학, 국·공·출연 연구기관 등": 산업체 is read as the kind 기업, beside 대학 and 연구기관."""
    d = doc("대형산불_대응_지능형_솔루션_기술개발_사업")
    facts = extract_eligibility(d)
    _verbatim(d, facts)
    kinds = {f.value for f in facts.of("applicant") if not f.unsure}
    assert {"기업", "대학", "연구기관"} <= kinds


def test_a_kind_on_one_row_of_a_table_of_tracks_is_unsure() -> None:
    d = doc("공고_제2025-288호_2025년도_창업성장기술개발사업_디딤돌_제2차")
    facts = extract_eligibility(d)
    rows = [f for f in facts.of("applicant") if d.text[f.line_start : f.line_end].strip().count("\t") >= 2]
    assert rows and all(f.unsure for f in rows)
    assert any(f.value == "중소기업" and not f.unsure for f in facts.of("applicant"))


def test_a_note_listing_a_terms_members_gives_no_sector() -> None:
    d = doc("한국탄소산업진흥원_장비보급지원사업")
    facts = extract_eligibility(d)
    assert not facts.of("sector")


def test_made_up_layouts_of_kinds() -> None:
    """Made-up notice lines: a list of institutions, a law's list, a named institution, a researcher's
    institution, a contact line, and a sector line admitting every sector."""
    _, facts = _snippet(
        "□ 신청자격\n"
        "ㅇ 기업, 대학, 연구기관 등 「가나법」 제2조에 따른 기관\n"
        "① 「다라법」 제3조에 따른 회사\n"
        "② 「민법」에 따라 설립된 비영리법인\n"
        "ㅇ 기업의 경우 가나인증을 받은 기관\n"
        "ㅇ 지원분야 : 제조·서비스 등 전 분야\n"
    )
    kinds = [f.value for f in facts.of("applicant")]
    assert kinds.count("기업") == 1 and {"대학", "연구기관", "비영리법인"} <= set(kinds)
    assert not facts.of("sector")
    _, facts = _snippet(
        "□ 신청자격\nㅇ 「가나법」의 “대학” 및 “연구기관”에 소속된 “연구자” 중 박사학위 소지자\n"
    )
    assert {"대학", "연구기관"} <= {f.value for f in facts.of("applicant")}
    _, facts = _snippet(
        "□ 지원대상\nㅇ 과제 신청은 가나대학교 산학협력단 명의로 함\nㅇ 바이오 상담 02-123-4567\n"
    )
    assert not facts.of("applicant") and not facts.of("sector")


def test_a_topic_heading_inside_an_exclusion_block_is_not_quoted() -> None:
    _, facts = _snippet(
        "5. 신청제한 및 지원제외 사항\n"
        "□ 연구책임자 및 연구개발기관의 참여제한 여부\n"
        "ㅇ 접수 마감일 전날까지 참여제한 기간이 끝나지 않은 경우 지원대상에서 제외\n"
    )
    grounds = facts.of("exclusion")
    assert [f.value for f in grounds] == ["참여제한"] and grounds[0].quote.startswith("ㅇ")


def test_a_note_limiting_the_lead_rules_the_listed_kinds_unsure() -> None:
    """ "기업, 대학, 연구기관 등" then "* 주관기관은 비영리기관으로 한정": the lead is sure, the listed kinds
    with no role may be any participant."""
    _, facts = _snippet(
        "□ 신청자격\nㅇ 기업, 대학, 연구기관 등 「가나법」에 해당하는 기관\n* 주관기관은 비영리기관으로 한정\n"
    )
    lead = [f for f in facts.of("applicant") if f.role == "lead"]
    assert [(f.value, f.unsure) for f in lead] == [("비영리법인", False)]
    assert all(f.unsure for f in facts.of("applicant") if f.value == "기업")


def test_a_limit_only_one_row_of_sub_programs_states_is_unsure() -> None:
    """Rows "- (지원자격) 매출액 …" of three sub-programs: the floor two rows share stays sure, the one row's
    higher floor is that sub-program's (unsure), so a small company is still ruled out by the shared one."""
    _, facts = _snippet(
        "□ 세부과제별 지원자격\n"
        "가나형\n- (지원자격) 최근년도 매출액 50억원 이상인 중소기업\n"
        "다라형\n- (지원자격) 최근년도 매출액 20억원 이상인 중소기업\n"
        "마바형\n- (지원자격) 최근년도 매출액 20억원 이상인 중소기업\n"
    )
    floors = {f.low: f.unsure for f in facts.of("revenue")}
    assert floors == {5_000_000_000: True, 2_000_000_000: False}


def test_short_spellings_of_refusal_grounds() -> None:
    _, facts = _snippet("□ 신청 제외대상\n③ 자본잠식 및 금융불량 거래처로 규제 중인 기업\n")
    assert {f.value for f in facts.of("exclusion")} == {"자본잠식·부채비율", "금융 연체·신용불량"}


def test_a_lab_named_as_a_kind_of_institution_is_no_certificate() -> None:
    d, facts = _snippet(
        "□ 신청자격\n"
        "① 「가나법」 제2조에 따른 회사\n"
        "② 「다라법」 제3조에 따른 기업부설연구소 또는 기업의 연구개발전담부서\n"
        "ㅇ 기업부설연구소를 보유한 중소기업\n"
    )
    labs = facts.of("certification")
    assert [f.value for f in labs] == ["기업부설연구소"]
    assert all("따른" not in d.text[f.line_start : f.line_end] for f in labs)


def test_a_lead_glossed_as_a_company_is_the_kind_기업() -> None:
    """ "주관기관은 … 법인사업자(기업)이어야 함": the lead is a company of any size; a lead named only as "…하고자
    하는 기업" beside a 공통자격 of 중소기업 adds no kind and leaves 중소기업 sure."""
    _, facts = _snippet("□ 신청자격\n○ 주관기관은 접수마감일 현재 법인사업자(기업)이어야 함\n")
    assert [(f.value, f.role, f.unsure) for f in facts.of("applicant")] == [("기업", "lead", False)]
    _, facts = _snippet(
        "□ (공통자격) 「가나법」 제2조에서 정한 중소기업\n"
        "◦ (주관연구개발기관) 공공기술을 이전받아 상용화하고자 하는 기업\n"
    )
    assert [(f.value, f.unsure) for f in facts.of("applicant")] == [("중소기업", False)]
