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
