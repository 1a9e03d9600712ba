"""The deadline lead over the real 연고산업 notice: the application window, its closing hour."""

import datetime as dt
from pathlib import Path

from assistant.answer import _application_first, _lead
from ingest.normalize import find_periods

NOTICE = (
    Path(__file__).resolve().parents[2]
    / "corpus/seeds/2024-12-11_공고_2025년_시군구연고산업육성사업_시행계획_제주_세종.txt"
)


def _block() -> str:
    text = NOTICE.read_text(encoding="utf-8")
    start = text.index("□ 신청기간")
    return text[start : text.index("18:00까지", start) + len("18:00까지")]


def test_the_application_window_comes_before_the_notice_period() -> None:
    block = _block()
    periods = find_periods(block)
    assert periods[0].start is not None and periods[0].start.value.day == 11  # 공고기간 is written first
    first = _application_first(block, periods)[0]
    assert first.start is not None and first.end is not None
    assert (first.start.value.day, first.end.value.hour) == (16, 18)


def test_the_deadline_lead_states_the_window_and_status() -> None:
    lead = _lead("deadline", _block(), 1, dt.date(2024, 12, 23))
    assert lead is not None
    assert "2024년 12월 16일(월) 09:00부터 2024년 12월 27일(금) 18:00까지" in lead
    assert "마감 4일 전" in lead
