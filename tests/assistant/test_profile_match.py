"""assistant.profile_match on real notices read through the real ingest path: verdicts rest on quoted rules,
excluded programs are never listed as fitting, and the ranking is fits → 확인 필요, then by status."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

import pytest

from assistant.company_profile import CompanyProfile, read_profile
from assistant.profile_match import STATUS_ORDER, VERDICTS, match_card, match_programs, profile_answer
from ingest.card_eligibility import EligibilityFacts
from ingest.cards import ProgramCard, extract_card, link_amendments
from ingest.pipeline import build_source_doc
from ingest.types import SourceDoc
from tests.conftest import real_file

FILES = (
    "공고_제2025-654호_2026년도_창업성장기술개발사업",
    "창업도약패키지_일반형_창업기업_모집_수정공고",
    "스타기업_육성사업_기업_모집",
    "산재예방_기술개발지원사업",
    "2025년_팁스TIPS_창업기업_지원계획_통합공",
    "2025년_팁스_창업기업_지원계획_수정_공",
)
TODAY = dt.date(2025, 2, 20)


@pytest.fixture(scope="module")
def corpus() -> tuple[dict[str, SourceDoc], list[ProgramCard]]:
    docs = {}
    for fragment in FILES:
        path = real_file(fragment)
        d = build_source_doc(path.read_bytes(), path.name)
        docs[d.doc_id] = d
    cards = link_amendments([c for d in docs.values() if (c := extract_card(d)) is not None])
    return docs, cards


def _card(cards: list[ProgramCard], fragment: str) -> ProgramCard:
    return next(c for c in cards if fragment in c.source)


def test_age_over_the_limit_is_excluded_with_the_quoted_rule(corpus) -> None:  # type: ignore[no-untyped-def]
    docs, cards = corpus
    card = _card(cards, FILES[0])
    m = match_card(card, CompanyProfile(age_years=12, revenue_won=1_000_000_000, first_rnd=True), TODAY)
    assert m.verdict == "excluded" and m.deciding.kind == "age"
    assert docs[card.doc_id].text[m.deciding.start : m.deciding.end] == m.deciding.quote
    young = match_card(card, CompanyProfile(age_years=5, revenue_won=1_000_000_000, first_rnd=True), TODAY)
    assert young.verdict == "fits"
    # the 업력 10년 exception of new industries: a 9-year-old company needs checking, not refusing
    assert match_card(card, CompanyProfile(age_years=9, first_rnd=True), TODAY).verdict == "check"


def test_missing_fact_is_check_and_refusal_ground_excludes(corpus) -> None:  # type: ignore[no-untyped-def]
    _, cards = corpus
    card = _card(cards, FILES[0])
    m = match_card(card, CompanyProfile(age_years=5, revenue_won=1_000_000_000), TODAY)
    assert m.verdict == "check" and m.deciding.kind == "first_rnd"
    star = _card(cards, FILES[2])
    arrears = match_card(star, CompanyProfile(regions=("경기",), exclusions=("국세·지방세 체납",)), TODAY)
    assert arrears.verdict == "excluded" and "체납" in arrears.deciding.quote


def test_region_limited_program_excludes_other_regions(corpus) -> None:  # type: ignore[no-untyped-def]
    _, cards = corpus
    star = _card(cards, FILES[2])
    assert match_card(star, CompanyProfile(regions=("대구",), revenue_won=6_000_000_000), TODAY).verdict == (
        "excluded"
    )


def test_ranking_and_excluded_never_listed(corpus) -> None:  # type: ignore[no-untyped-def]
    _, cards = corpus
    profile = read_profile("업력 12년 매출 60억 직원 30명 대구 회사", TODAY)
    listed = match_programs(cards, profile, TODAY)
    assert listed and all(m.verdict != "excluded" for m in listed)
    keys = [(VERDICTS.index(m.verdict), STATUS_ORDER[m.status]) for m in listed]
    assert keys == sorted(keys)
    everything = match_programs(cards, profile, TODAY, excluded=True)
    assert any(m.verdict == "excluded" for m in everything)
    # one notice per program family: the TIPS notice and its amendment are one program
    assert len({m.card.program for m in everything}) == len(everything)


def test_profile_answer_cites_verbatim_deciding_rules(corpus) -> None:  # type: ignore[no-untyped-def]
    docs, cards = corpus
    q = "창업 5년차 제조업체인데 매출 12억, 신청할 수 있는 사업 추천해 주세요"
    answer = profile_answer(q, read_profile(q, TODAY), cards, docs, TODAY, lambda d, o: "")
    assert answer.intent == "programs" and answer.facts["scope"] == "profile"
    assert answer.citations
    for c in answer.citations:
        assert docs[c.doc_id].text[c.start : c.end] == c.quote
    assert {int(n) for n in re.findall(r"\[(\d+)\]", answer.text)} == {c.n for c in answer.citations}
    assert "창업도약패키지" in answer.text  # 3년 초과 7년 이내: a five-year-old company fits


def test_pre_founder_is_excluded_from_a_program_for_companies_three_to_seven_years_old(corpus) -> None:  # type: ignore[no-untyped-def]
    docs, cards = corpus
    leap = _card(cards, FILES[1])
    m = match_card(leap, read_profile("예비창업자인데 지원 가능한 사업 추천", TODAY), TODAY)
    assert m.verdict == "excluded"
    assert docs[leap.doc_id].text[m.deciding.start : m.deciding.end] == m.deciding.quote
    assert match_card(leap, CompanyProfile(age_years=5), TODAY).verdict in ("fits", "check")


JOINT = "중견중소기업상생형혁신도약사업_신규지원_공고문"


@pytest.fixture(scope="module")
def joint() -> tuple[SourceDoc, ProgramCard]:
    path = real_file(JOINT)
    d = build_source_doc(path.read_bytes(), path.name)
    card = extract_card(d)
    assert card is not None
    return d, card


def test_a_kind_named_only_as_a_partner_is_excluded_quoting_the_partner_rule(joint) -> None:  # type: ignore[no-untyped-def]
    d, card = joint
    facts = card.eligibility_facts.of("applicant")
    lead = next(f for f in facts if f.role == "lead" and not f.unsure)
    partner = next(f for f in facts if f.role == "partner" and f.value != lead.value)
    m = match_card(card, CompanyProfile(applicant=partner.value), TODAY)
    assert m.verdict == "excluded" and m.deciding.kind == "applicant"
    assert m.deciding.quote == partner.quote == d.text[m.deciding.start : m.deciding.end]
    # the lead kind itself is admitted on the applicant rule
    led = match_card(card, CompanyProfile(applicant=lead.value), TODAY)
    assert next(r for r in led.reasons if r.kind == "applicant").verdict == "fits"
    # a company of unstated size is only read as a 중소기업: never ruled out on its kind
    unstated = match_card(card, CompanyProfile(company=True), TODAY)
    assert next(r for r in unstated.reasons if r.kind == "applicant").verdict != "excluded"


def test_a_kind_barred_from_the_lead_is_excluded(joint) -> None:  # type: ignore[no-untyped-def]
    _, card = joint
    lead = next(f for f in card.eligibility_facts.of("applicant") if f.role == "lead")
    barred = replace(lead, value="대학", role="barred")
    card = replace(card, eligibility_facts=EligibilityFacts((*card.eligibility_facts.facts, barred)))
    m = match_card(card, CompanyProfile(applicant="대학"), TODAY)
    assert m.verdict == "excluded" and m.deciding.quote == barred.quote


def test_a_refusal_ground_in_a_long_circled_list_excludes(corpus) -> None:  # type: ignore[no-untyped-def]
    """The last items of an exclusion list with nested exception lists still refuse (휴·폐업 as an example)."""
    docs, cards = corpus
    leap = _card(cards, FILES[1])
    grounds = leap.eligibility_facts.of("exclusion")
    assert len({f.value for f in grounds}) >= 3
    for ground in grounds:
        m = match_card(leap, CompanyProfile(age_years=5, exclusions=(ground.value,)), TODAY)
        assert m.verdict == "excluded" and m.deciding.kind == "exclusion"
        assert docs[leap.doc_id].text[m.deciding.start : m.deciding.end] == m.deciding.quote


def test_a_certificate_the_asker_lacks_rules_out_only_when_every_line_needs_it() -> None:
    path = real_file("공고문_2025년_중소기업_연구인력지원사업_공고")
    d = build_source_doc(path.read_bytes(), path.name)
    card = extract_card(d)
    assert card is not None
    both = match_card(
        card, CompanyProfile(applicant="중소기업", lacks=("기업부설연구소", "연구개발전담부서")), TODAY
    )
    assert both.verdict == "excluded" and both.deciding.kind == "certification"
    assert d.text[both.deciding.start : both.deciding.end] == both.deciding.quote
    # lacking a lab but not saying anything of an R&D unit (either will do): to be checked, not refused
    one = match_card(card, CompanyProfile(applicant="중소기업", lacks=("기업부설연구소",)), TODAY)
    assert next(r for r in one.reasons if r.kind == "certification").verdict == "check"
    held = match_card(card, CompanyProfile(applicant="중소기업", certifications=("연구개발전담부서",)), TODAY)
    assert next(r for r in held.reasons if r.kind == "certification").verdict == "fits"
