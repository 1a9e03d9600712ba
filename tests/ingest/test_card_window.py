"""ingest.card_window on real corpus notices: application windows in the layouts the card audit found
(docs/CARD_AUDIT.md) — a label whose cell wraps over lines, a 제출기간, a line of steps."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

import pytest

from ingest.card_lines import split_lines
from ingest.card_window import apply_window
from ingest.pipeline import build_source_doc
from ingest.types import SourceDoc
from tests.conftest import real_file

POOL = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "pool"


@cache
def _doc(path: Path) -> SourceDoc:
    return build_source_doc(path.read_bytes(), path.name)


def _window(fragment: str):  # type: ignore[no-untyped-def]
    doc = _doc(real_file(fragment))
    return doc, apply_window(doc, split_lines(doc.text), None)


def test_a_lone_label_reads_its_wrapped_cell_for_rolling_intake() -> None:
    # PDF: "신청기간" alone, then "신청하고자 하는 …" / "게시된 이후부터" / "당해연도 예산 소진시까지 상시접수"
    doc, (period, start, end, tbd, rolling) = _window("DCP_지원계획_공_100005636889328224.pdf")
    assert rolling and not tbd and (start, end) == (None, None)
    assert period is not None and period.value == "상시 접수"
    assert "상시접수" in period.quote and doc.text[period.start : period.end] == period.quote


def test_a_submission_period_is_a_deadline() -> None:
    # "◦ 제출기간 : 2025.9.16.(금) 18:00까지 도착 분"
    doc, (period, start, end, _, rolling) = _window("2026년도_연구사업_공고안내문.pdf")
    assert not rolling and start is None
    assert end == dt.datetime(2025, 9, 16, 18, 0)
    assert period is not None and period.quote == doc.text[period.start : period.end]
    assert "2025.9.16" in period.quote


def test_a_deadline_in_a_line_of_steps() -> None:
    # "공고 … ‘25.02.11 ▶ 사업계획 제출 ~‘25.03.7 ▶ 사전검토 (…) ‘25.03.10~’25.03.13 ▶ …"
    # the step opens on the date of the 공고 step just before it
    doc, (period, start, end, _, _) = _window("강소2-5_이노테크")
    assert start == dt.datetime(2025, 2, 11) and end is not None and end.date() == dt.date(2025, 3, 7)
    assert period is not None and period.value == "2025년 2월 11일(화) ~ 2025년 3월 7일(금)"
    assert period.quote.startswith("‘25.02.11") and period.quote.endswith("~‘25.03.7")
    assert doc.text[period.start : period.end] == period.quote


def test_steps_of_review_are_not_the_window() -> None:
    # the same line's "사전검토 ‘25.03.10~’25.03.13" is a review, not applying
    doc = _doc(real_file("강소2-5_이노테크"))
    _, _, end, _, _ = apply_window(doc, split_lines(doc.text), None)
    assert end is not None and end.date() != dt.date(2025, 3, 13)


def test_the_label_nearest_the_dates_on_a_table_row() -> None:
    # a pool notice: "신청 기간 및 관련 양식 교부 | ◦ 연구개발계획서 신청기간 : ’25. 4. 16.(수) ~ 5. 8.(목) 18:00 까지"
    path = (
        POOL
        / "1._산업부_공고_제2025-304호_2025년_1차_전력정보화및정책지원_전력기술기반_신규과제_공고_87816727904059647.hwp"
    )
    if not path.is_file():
        pytest.skip("the shared pool is not beside this checkout")
    doc = _doc(path)
    period, start, end, _, _ = apply_window(doc, split_lines(doc.text), 2025)
    assert (start, end) == (dt.datetime(2025, 4, 16), dt.datetime(2025, 5, 8, 18, 0))
    assert period is not None and period.quote.startswith("’25. 4. 16.(수)")
