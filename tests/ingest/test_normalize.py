"""ingest.normalize: every spelling from the 공고문 corpus, the original span kept, and the look-alikes refused."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ingest.normalize import (
    find_amounts,
    find_dates,
    find_foreign_amounts,
    find_periods,
    find_phones,
    find_ratios,
    format_datetime_ko,
    format_won,
)

SEED = (
    Path(__file__).resolve().parents[2]
    / "corpus"
    / "seeds"
    / ("2024-12-11_공고_2025년_시군구연고산업육성사업_시행계획_제주_세종.txt")
)


@pytest.mark.parametrize(
    ("text", "expected", "has_time"),
    [
        ("2024.12.27.(금) 18:00", dt.datetime(2024, 12, 27, 18, 0), True),
        ("'25.2.1.", dt.datetime(2025, 2, 1), False),
        ("’25.2.1.", dt.datetime(2025, 2, 1), False),
        ("‘25.2.1.", dt.datetime(2025, 2, 1), False),
        ("2025. 4. 17.(목)", dt.datetime(2025, 4, 17), False),
        ("2025-04-17", dt.datetime(2025, 4, 17), False),
        ("2025년 4월 17일(목) 16:00", dt.datetime(2025, 4, 17, 16, 0), True),
        ("2025.4.17. 18시", dt.datetime(2025, 4, 17, 18, 0), True),
        ("2025년 4월 17일 오후 6시", dt.datetime(2025, 4, 17, 18, 0), True),
        ("2025. 5. 8.(목) 24:00", dt.datetime(2025, 5, 8, 23, 59), True),
    ],
)
def test_find_dates_spellings_keep_the_span(text: str, expected: dt.datetime, has_time: bool) -> None:
    sentence = f"접수마감 {text}까지 제출"
    [d] = find_dates(sentence)
    assert d.value == expected
    assert d.has_time is has_time
    assert d.year_inferred is False
    assert sentence[d.start : d.end] == d.text == text


def test_date_without_year_takes_default_or_earlier_year() -> None:
    [d] = find_dates("12월 27일 마감", default_year=2024)
    assert d.value == dt.datetime(2024, 12, 27)
    assert d.year_inferred is True
    later = find_dates("공고일 2025. 1. 3. 이후 3월 4일 설명회")
    assert [x.value for x in later] == [dt.datetime(2025, 1, 3), dt.datetime(2025, 3, 4)]
    assert later[1].year_inferred is True
    # no year anywhere and no default: the date is not guessed
    assert find_dates("12월 27일 마감") == []


@pytest.mark.parametrize(
    "text",
    [
        "공고 제2025-221호",
        "제2025-24호",
        "v2.1.3 버전",
        "ver 3.10.5",
        "044-204-7570",
        "1811-3655",
        "5천만원",
        "1,233백만원",
        "3.1절",
        "매출액 10억원 미만 5%",
        "2025.13.40",
    ],
)
def test_find_dates_ignores_look_alikes(text: str) -> None:
    assert find_dates(text, default_year=2025) == []


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        (
            "2024.12.16.(월) 09:00 ~ 2024.12.27.(금) 18:00",
            dt.datetime(2024, 12, 16, 9, 0),
            dt.datetime(2024, 12, 27, 18, 0),
        ),
        ("’25.2.1. ~ 2.28.", dt.datetime(2025, 2, 1), dt.datetime(2025, 2, 28)),
        ("2025. 4. 17.(목) ~ 5. 8.(목) 16:00", dt.datetime(2025, 4, 17), dt.datetime(2025, 5, 8, 16, 0)),
        ("‘25. 2. 1. ~ ’26. 12. 31.", dt.datetime(2025, 2, 1), dt.datetime(2026, 12, 31)),
        ("2024.12.30. ~ 1.10.", dt.datetime(2024, 12, 30), dt.datetime(2025, 1, 10)),
        ("2025.3.4.(화) 10:00 ~ 18:00", dt.datetime(2025, 3, 4, 10, 0), dt.datetime(2025, 3, 4, 18, 0)),
        ("2025년 3월 4일 ~ 25일", dt.datetime(2025, 3, 4), dt.datetime(2025, 3, 25)),
    ],
)
def test_find_periods(text: str, start: dt.datetime, end: dt.datetime) -> None:
    sentence = f"◦ 접수기간 : {text}까지"
    [p] = find_periods(sentence)
    assert p.start is not None and p.end is not None
    assert (p.start.value, p.end.value) == (start, end)
    assert p.tbd is False
    assert sentence[p.start_offset : p.end_offset] == p.text == text


def test_find_periods_korean_months_need_a_year() -> None:
    [p] = find_periods("12월 16일 ~ 12월 27일", default_year=2024)
    assert p.start is not None and p.end is not None
    assert p.start.value == dt.datetime(2024, 12, 16)
    assert p.end.value == dt.datetime(2024, 12, 27)


def test_find_periods_tbd() -> None:
    [p] = find_periods("◦ 접수기간 : 추후 공지 예정")
    assert p.tbd is True and p.start is None and p.end is None and p.text == "추후 공지"
    assert find_periods("별도 안내")[0].tbd
    assert find_periods("추후 안내")[0].tbd


def test_seed_application_period() -> None:
    text = SEED.read_text(encoding="utf-8")
    periods = [p for p in find_periods(text) if not p.tbd]
    texts = [p.text for p in periods]
    assert "2024.12.16.(월) 09:00 ~ 2024.12.27.(금) 18:00" in texts
    assert "2024.12.11.(수) ~ 2024.12.27.(금)" in texts
    for p in periods:
        assert text[p.start_offset : p.end_offset] == p.text


@pytest.mark.parametrize(
    ("text", "won", "qualifier"),
    [
        ("5천만원", 50_000_000, ""),
        ("1,233백만원", 1_233_000_000, ""),
        ("1조 445억원", 1_044_500_000_000, ""),
        ("3억 원", 300_000_000, ""),
        ("500만원", 5_000_000, ""),
        ("2억5천만원", 250_000_000, ""),
        ("2억 5,000만원", 250_000_000, ""),
        ("20백만원", 20_000_000, ""),
        ("50,000,000원", 50_000_000, ""),
        ("1.5억원", 150_000_000, ""),
    ],
)
def test_find_amounts(text: str, won: int, qualifier: str) -> None:
    sentence = f"지원금 {text} 지급"
    [a] = find_amounts(sentence)
    assert a.won == won
    assert a.qualifier == qualifier
    assert sentence[a.start : a.end] == a.text == text


def test_amount_qualifiers_and_per_year() -> None:
    [a] = find_amounts("과제당 최대 7억원/년 지원")
    assert (a.text, a.won, a.qualifier, a.per) == ("7억원/년", 700_000_000, "최대", "년")
    [b] = find_amounts("기업당 연 최대 5천만원 지원")
    assert (b.won, b.qualifier, b.per) == (50_000_000, "최대", "년")
    [c] = find_amounts("신규 과제 3개, 총 15억원 내외")
    assert (c.won, c.qualifier) == (1_500_000_000, "총")
    [d] = find_amounts("정부출연금 5억 이내")
    assert (d.text, d.won, d.qualifier) == ("5억", 500_000_000, "이내")


@pytest.mark.parametrize(
    "text", ["(단위: 백만원)", "30명", "2025년 4월", "1357", "044-204-7570", "5%", "제2025-221호", "3억 명"]
)
def test_find_amounts_ignores_non_amounts(text: str) -> None:
    assert find_amounts(text) == []


def test_find_ratios() -> None:
    text = "자부담(매출액 10억원 미만 5%, 10억원 이상 10 %) 및 75% 이내"
    ratios = find_ratios(text)
    assert [r.percent for r in ratios] == [5.0, 10.0, 75.0]
    assert [r.text for r in ratios] == ["5%", "10 %", "75%"]
    for r in ratios:
        assert text[r.start : r.end] == r.text


def test_find_ratios_reads_statute_fractions_in_order() -> None:
    text = "정부지원연구개발비 100분의 70 이하, 기관부담연구개발비의 100분의 20 이상(현금 15%), 기술료 1,000분의 30"
    ratios = find_ratios(text)
    assert [r.percent for r in ratios] == [70.0, 20.0, 15.0, 3.0]
    for r in ratios:
        assert text[r.start : r.end] == r.text
    assert find_ratios("3분의 2 이상 출석") == []  # only shares of 10, 100 or 1,000


@pytest.mark.parametrize(
    ("text", "digits", "span"),
    [
        ("담당자 044-204-7570", "0442047570", "044-204-7570"),
        ("연락처: 02-1234-5678", "0212345678", "02-1234-5678"),
        ("중소기업 통합콜센터(국번없이 1357)", "1357", "1357"),
        ("☎ 1357", "1357", "1357"),
        ("(지역혁신정책과) 1357", "1357", "1357"),
        ("고객센터 1811-3655", "18113655", "1811-3655"),
        ("(02) 123-4567", "021234567", "(02) 123-4567"),
        ("가나센터 ☎1877 - 2041", "18772041", "1877 - 2041"),  # spaced around its hyphen, after a cue
    ],
)
def test_find_phones(text: str, digits: str, span: str) -> None:
    [p] = find_phones(text)
    assert p.digits == digits
    assert p.text == span == text[p.start : p.end]


@pytest.mark.parametrize(
    "text",
    [
        "2025년 공고",
        "공고 제2025-221호",
        "2024.12.27.(금) 18:00",
        "5천만원",
        "1,233백만원",
        "1234명",
        "매출액 1500억원",
        "제1357조",
        "2025-04-17",
        "기간 1998 - 2024 합계",  # a spaced hyphen without a phone cue is a range, not a number
    ],
)
def test_find_phones_ignores_years_amounts_dates_notice_numbers(text: str) -> None:
    assert find_phones(text) == []


def test_format_won() -> None:
    assert format_won(50_000_000) == "5천만원"
    assert format_won(700_000_000) == "7억원"
    assert format_won(1_233_000_000) == "12억 3,300만원"
    assert format_won(1_044_500_000_000) == "1조 445억원"
    assert format_won(250_000_000) == "2억 5천만원"
    assert format_won(5_000_000) == "500만원"


def test_format_datetime_ko() -> None:
    assert format_datetime_ko(dt.datetime(2024, 12, 27, 18, 0), True) == "2024년 12월 27일(금) 18:00"
    assert format_datetime_ko(dt.datetime(2024, 12, 27), False) == "2024년 12월 27일(금)"


def test_an_article_of_a_law_is_not_an_amount() -> None:
    assert find_amounts("「중소기업기본법」제2조에서 정한 중소기업") == []
    assert find_amounts("법 제 3조제1항") == []
    assert [a.won for a in find_amounts("총 1조 445억원, 예산 2조")] == [1_044_500_000_000, 2_000_000_000_000]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("체재비 12,000RMB/월/인 지급", ["12,000RMB"]),
        ("연분담금 약 5억원(420,000USD)", ["420,000USD"]),
        ("3만 달러 이상 장비는 사전 승인", ["3만 달러"]),
        ("항공료 US$ 1,500 이내", ["US$ 1,500"]),
        ("체재비 2,000유로, 숙박 €80", ["2,000유로", "€80"]),
    ],
)
def test_find_foreign_amounts(text: str, expected: list[str]) -> None:
    assert find_foreign_amounts(text) == expected


@pytest.mark.parametrize("text", ["총 5억원 이내", "3엔진 모델", "Excel 2개", "과제 3개"])
def test_find_foreign_amounts_ignores_won_and_look_alikes(text: str) -> None:
    assert find_foreign_amounts(text) == []
