"""ingest.eligibility_roles: the role a kind of applicant is named in, on made-up sentences of the shapes
notices use, and on real corpus notices of joint projects."""

from __future__ import annotations

import pytest

from ingest.card_eligibility import extract_eligibility
from ingest.eligibility_roles import heading_role, mention_role
from ingest.pipeline import build_source_doc
from tests.conftest import real_file


def _role(text: str, word: str) -> str:
    i = text.index(word)
    return mention_role(text, i, i + len(word))


@pytest.mark.parametrize(
    ("text", "word", "role"),
    [
        ("가나기업을 주관기관으로 하고, 다라기업이 공동기관으로 참여하는 과제", "가나기업", "lead"),
        ("가나기업을 주관기관으로 하고, 다라기업이 공동기관으로 참여하는 과제", "다라기업", "partner"),
        ("주관기관 : 병원, 공동기관 : 소상공인 등", "병원", "lead"),
        ("주관기관 : 병원, 공동기관 : 소상공인 등", "소상공인", "partner"),
        ("(위탁연구개발기관) 대학, 연구소 등 비영리기관", "대학", "partner"),
        ("예) (주관)기업+(위탁)대학", "대학", "partner"),
        ("주관기관은 중소기업으로 하며, 비영리법인·대학은 주관기관으로 신청 불가", "대학", "barred"),
        ("주관기관은 중소기업으로 하며, 비영리법인·대학은 주관기관으로 신청 불가", "중소기업", "lead"),
        ("대학 외 비영리법인은 주관기관으로 참여 불가", "대학", ""),
        ("□ 지원대상 : 도내 중소기업 30개사 내외", "중소기업", ""),
    ],
)
def test_mention_role(text: str, word: str, role: str) -> None:
    assert _role(text, word) == role


def test_heading_role_names_a_partner_block_only_on_a_short_line() -> None:
    assert heading_role("▶ 수요기업 참여요건")
    assert heading_role("<공동연구개발기관>")
    assert heading_role("• 주관연구개발기관 신청요건") is None
    assert (
        heading_role(
            "- 공동연구개발기관은 주관기관과 다른 기관이어야 하며 자세한 조건은 붙임을 따른다고 합니다"
        )
        is None
    )


@pytest.mark.parametrize(
    "fragment",
    ["중견중소기업상생형혁신도약사업_신규지원_공고문", "문화체육관광_연구개발사업_신규과제_민간_투자연계"],
)
def test_a_joint_project_notice_names_a_lead_and_partners(fragment: str) -> None:
    path = real_file(fragment)
    d = build_source_doc(path.read_bytes(), path.name)
    facts = extract_eligibility(d).of("applicant")
    lead = [f for f in facts if f.role == "lead" and not f.unsure]
    partner = [f for f in facts if f.role == "partner"]
    assert lead and partner and all(f.unsure for f in partner)
    for f in facts:
        assert d.text[f.start : f.end] == f.quote
    # once the lead is named, a kind named with no role is no sure applicant
    assert all(f.unsure for f in facts if not f.role)
