from ingest.structure import heading_level, split_sections
from tests.conftest import SEEDS


def test_heading_levels_follow_korean_outline_markers() -> None:
    assert heading_level("Ⅰ. 사업 개요") == 1
    assert heading_level("3. 과제 세부내용") == 2
    assert heading_level("□ 기업지원 규모 : 기업당 연 최대 5천만원 지원") == 3
    assert heading_level("◦ 주관기관은 (재)제주테크노파크") == 4
    assert heading_level("- 세부 항목") is None
    assert heading_level("구분\t금액") is None  # table rows are content
    assert heading_level("2025. 4. 17.(목) 마감") is None  # a date is not a heading
    assert heading_level("1) 제안 사업 아이템과 연관된 직전 연도 매출액이 10억원 이상인 경우") == 4


def test_numbered_items_do_not_head_the_sections_after_them() -> None:
    """ "1) 2) 3)" number the items under "⑦": the next "□" is not a section of "3) …"."""
    text = (
        "2. 세부사업별 지원계획\n□ 지원 제외사항\n⑦ 다음의 기준 요건에 해당하는 창업기업\n"
        "1) 직전 연도 매출액이 10억원 이상인 경우\n3) 누적 투자유치금액이 50억원 이상인 경우\n"
        "□ 선정 절차\nㅇ 예산 소진 시 조기 마감\n"
    )
    paths = [" > ".join(s.heading_path) for s in split_sections("d", text)]
    assert paths == [
        "2. 세부사업별 지원계획",
        "2. 세부사업별 지원계획 > □ 지원 제외사항",
        "2. 세부사업별 지원계획 > □ 선정 절차",
    ]


def test_seed_sections_carry_the_heading_path() -> None:
    path = SEEDS / "2024-12-11_공고_2025년_시군구연고산업육성사업_시행계획_제주_세종.txt"
    text = path.read_text(encoding="utf-8")
    sections = split_sections("d", text)
    paths = [" > ".join(s.heading_path) for s in sections]
    assert any(p.startswith("3. 과제 세부내용 > □ 기업지원 규모") for p in paths)
    # sections tile the text in order, never overlapping
    assert all(a.end <= b.start for a, b in zip(sections, sections[1:], strict=False))
    tops = [s.top for s in sections]
    assert tops == sorted(tops)
