"""What a question or a filter names: kinds, regions and ministries (assistant.program_filters)."""

from __future__ import annotations

import pytest

from assistant.program_filters import ProgramFilter, kinds_named, regions_named


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("R&D 중에 지금 접수 중인 거 있어요?", ("R&D",)),
        ("지금 신청 가능한 알앤디 사업", ("R&D",)),
        ("스타트업이 지금 신청할 수 있는 거", ("창업",)),
        ("창업 관련 수출 지원사업", ("창업", "수출")),
        # inside a program's name the word names that program, not a kind
        ("창업성장기술개발사업 지금 신청할 수 있어요?", ()),
        ("창업도약패키지 접수 중인가요?", ()),
    ],
)
def test_kinds_are_words_of_their_own(text: str, kinds: tuple[str, ...]) -> None:
    assert kinds_named(text) == kinds


@pytest.mark.parametrize(
    ("text", "regions"),
    [
        ("대구나 경북 회사인데", {"대구", "경북"}),
        ("경기도에 있는 제조업체", {"경기"}),
        ("제주특별자치도 소재 기업", {"제주"}),
        ("… 시행계획 공고(제주, 세종)", {"제주", "세종"}),
        # a region's name at the start of another word is not the region
        ("디지털 대전환 지원사업", set()),
        ("경기침체 극복 자금", set()),
    ],
)
def test_regions_by_any_spelling_and_only_as_words(text: str, regions: set[str]) -> None:
    assert set(regions_named(text)) == regions


def test_a_filter_names_a_bad_status_or_region_in_korean() -> None:
    with pytest.raises(ValueError, match="알 수 없는 상태"):
        ProgramFilter(status="soon")
    with pytest.raises(ValueError, match="알 수 없는 지역"):
        ProgramFilter(region="화성")
    assert ProgramFilter(region="경기도", status="unknown").region == "경기도"
