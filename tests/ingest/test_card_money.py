"""ingest.card_money on real corpus notices: limits read from a table's limit column, budgets that are
not one project's cap, a budget from a table's total row (docs/CARD_AUDIT.md)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from ingest.card_lines import split_lines
from ingest.card_money import budget, limit
from ingest.pipeline import build_source_doc
from ingest.types import SourceDoc
from tests.conftest import real_file


@cache
def _doc(fragment: str) -> SourceDoc:
    path: Path = real_file(fragment)
    return build_source_doc(path.read_bytes(), path.name)


def _limit(fragment: str):  # type: ignore[no-untyped-def]
    doc = _doc(fragment)
    return doc, limit(doc, split_lines(doc.text))


def test_a_limit_column_gives_the_highest_row_not_one_rows_yearly_cap() -> None:
    # "내역 사업 | 개발기간 및 지원한도 | …" over rows "최대 4년, 20억 이내 (연차별 최대 5억 이내)",
    # "최대 3년, 6억 이내 (연차별 최대 3억 이내)", … — the notice's cap is the highest row, not "연차별 최대 3억"
    doc, (f, won) = _limit("공고_제_2025-24호_2025년도_중소기업기술혁신개발사업_시행계획")
    assert f is not None and f.value == "최대 20억원" and won == 2_000_000_000
    assert doc.text[f.start : f.end] == f.quote == "최대 4년, 20억 이내 (연차별 최대 5억 이내)"


def test_a_single_row_limit_column_keeps_the_rows_total() -> None:
    doc, (f, won) = _limit("공고_제2025-358호")
    assert f is not None and f.value == "6억원 이내" and won == 600_000_000
    line = next(ln for ln in split_lines(doc.text) if ln.start <= f.start < ln.end)
    assert "연차별 최대 3억원 이내" in line.text  # the yearly cap is on the same row, not the value


def test_a_labelled_line_before_the_table_still_wins() -> None:
    # "기업당 최대 1,520만원/년" in a labelled row: scope and 연 are kept
    _, (f, won) = _limit("연구인력지원사업")
    assert f is not None and f.value == "기업당 연 최대 1,520만원" and won == 15_200_000


def test_a_per_project_amount_is_not_the_budget() -> None:
    # "○ 지원규모 : 과제당 국비 2.85억 이내": one project's cap
    doc = _doc("장비보급지원사업")
    lines = split_lines(doc.text)
    assert budget(doc, lines) is None
    f, won = limit(doc, lines)
    assert f is not None and f.value == "과제당 2억 8,500만원 이내" and won == 285_000_000


def test_the_budget_of_a_labelled_total_is_kept() -> None:
    doc = _doc("공고_제_2025-24호_2025년도_중소기업기술혁신개발사업_시행계획")
    f = budget(doc, split_lines(doc.text))
    assert f is not None and f.value == "421억원 내외 (316개 과제 내외)"
    assert doc.text[f.start : f.end] == f.quote


def test_a_self_share_named_자기부담() -> None:
    # "• 총 사업비 = 정부지원사업비 70% 이하 + 자기부담사업비* 30% 이상"
    from ingest.card_money import self_share

    doc = _doc("창업도약패키지_일반형_창업기업_모집_수정공고")
    shares = self_share(doc, split_lines(doc.text))
    assert [f.value for f in shares][:2] == [
        "총 사업비 = 정부지원사업비 70% 이하 + 자기부담사업비* 30% 이상",
        "자기부담사업비 (30% 이상) : 현금 10% 이상 + 현물 20% 이하",
    ]
    assert all(doc.text[f.start : f.end] == f.quote for f in shares)


def test_a_budget_given_beside_the_count_of_projects_in_a_heading() -> None:
    """ "가. 기술지정 공모과제 (11개 과제, ’25년도 11,657백만원)": no budget label, one heading counting the
    projects and their money; the amount is that heading's, with its year and count."""
    d = _doc("대형산불_대응_지능형_솔루션_기술개발_사업")
    found = budget(d, split_lines(d.text))
    assert found is not None and found.quote in d.text
    assert found.value.endswith("(11개 과제)") and "116억 5,700만원" in found.value
    # two such headings (each a part of the notice) give no single budget
    two = build_source_doc(
        "가. 가나 공모과제 (2개 과제, ’25년도 300백만원)\n나. 다라 공모과제 (1개 과제, ’25년도 200백만원)\n".encode(),
        "가나_공고.txt",
    )
    assert budget(two, split_lines(two.text)) is None


def test_a_limit_column_of_bare_numbers_in_the_headers_unit() -> None:
    """ "지원한도 (백만원)" split into 당해 | 총 over rows of bare numbers: the highest 총 of the projects' rows
    (the 합계 row is no project's), quoted from its cell."""
    d = _doc("대형산불_대응_지능형_솔루션_기술개발_사업")
    found, won = limit(d, split_lines(d.text))
    assert found is not None and won is not None
    assert found.quote == d.text[found.start : found.end] and found.quote.replace(",", "").strip().isdigit()
    assert won == int(found.quote.replace(",", "")) * 1_000_000
    rows = [line.split("\t") for line in d.text.split("\n") if line.count("\t") == 4 and line[:1].isdigit()]
    totals = [int(r[-1].replace(",", "")) for r in rows if r[-1].replace(",", "").strip().isdigit()]
    assert totals and won == max(totals) * 1_000_000 and found.value.startswith("최대")
