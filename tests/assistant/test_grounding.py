"""Grounding guard over real Korean spellings (quotes are lines of the bundled corpus)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.grounding import cited_numbers, extract_checkable_values, ungrounded_values

SEEDS = Path(__file__).resolve().parents[2] / "corpus" / "seeds"
NOTICE = SEEDS / "2024-12-11_공고_2025년_시군구연고산업육성사업_시행계획_제주_세종.txt"
PRESS = SEEDS / "2025-01-24_보도자료_지역혁신선도기업육성_RnD_본격_추진.txt"


def corpus_line(path: Path, needle: str) -> str:
    """The one line of a corpus file that contains ``needle``."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if needle in line]
    assert len(lines) >= 1, needle
    return lines[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "◦ 온라인 접수기간 : 2024.12.16.(월) 09:00 ~ 2024.12.27.(금) 18:00까지",
            ["2024.12.16.(월) 09:00", "2024.12.27.(금) 18:00"],
        ),
        ("협약기간 '25.2.1. ~ ‘26.12.31.", ["'25.2.1.", "‘26.12.31."]),
        ("접수 마감: 2025. 4. 17.(목) 16:00", ["2025. 4. 17.(목) 16:00"]),
        ("마감은 12월 27일 18:00입니다", ["12월 27일 18:00"]),
        ("오후 6시까지 제출", ["오후 6시"]),
        ("기업당 연 최대 5천만원 지원", ["5천만원"]),
        ("국비 1,233백만원, 신규 과제 3개 내외", ["1,233백만원", "3개"]),
        ("컨소시엄형 (최대 7억원/년, 2년)", ["7억원/년", "2년"]),
        ("5년간 1조 445억원 투자", ["5년", "1조 445억원"]),
        ("매출액 10억원 미만 5%, 10억원 이상 10%", ["10억원", "5%", "10억원", "10%"]),
        ("책임자 과 장 전세희 (044-204-7570)", ["044-204-7570"]),
        ("중소기업 통합콜센터(국번없이 1357)", ["1357"]),
        ("926개 품목 규모", ["926개"]),
    ],
)
def test_extract_checkable_values_finds_real_spellings(text: str, expected: list[str]) -> None:
    assert extract_checkable_values(text) == expected


def test_citation_markers_and_list_numbering_are_not_values() -> None:
    text = "1. 마감은 12월 27일입니다 [1][2].\n2) 문의는 1357 [3, 4]\n(3) 끝"
    assert extract_checkable_values(text) == ["12월 27일", "1357"]


def test_values_spelled_differently_are_grounded() -> None:
    apply_line = corpus_line(NOTICE, "온라인 접수기간 :")  # 2024.12.16.(월) 09:00 ~ 2024.12.27.(금) 18:00까지
    period_line = corpus_line(NOTICE, "□ 지원기간")  # ‘25. 2. 1. ~ ’26. 12. 31.
    budget_line = corpus_line(NOTICE, "□ 지원규모")  # 국비 1,233백만원, 신규 과제 3개 내외
    support_line = corpus_line(NOTICE, "기업당 연 최대")  # 5천만원
    call_line = corpus_line(NOTICE, "국번없이 1357")
    phone_line = corpus_line(PRESS, "044-204-7570")
    rnd_line = corpus_line(PRESS, "최대 7억원/년")
    quotes = [apply_line, period_line, budget_line, support_line, call_line, phone_line, rnd_line]
    answer = (
        "온라인 접수는 12월 27일 18시까지입니다 [1]. 마감은 2024년 12월 27일(금) 오후 6시입니다 [1]. "
        "접수는 12. 16. 오전 9시에 시작합니다 [1]. 지원기간은 2025년 2월 1일부터 2026. 12. 31.까지입니다 [2]. "
        "국비는 12억 3,300만원이고 [3] 과제는 3 개 내외입니다 [3]. 기업당 최대 5,000만원 [4], "
        "즉 50백만원입니다 [4]. 문의는 국번없이 1357 [5] 또는 044 - 204 - 7570 [6]. "
        "컨소시엄형은 최대 7억 원/년입니다 [7]."
    )
    assert len(extract_checkable_values(answer)) >= 12
    assert ungrounded_values(answer, quotes) == []


@pytest.mark.parametrize(
    "invented",
    [
        "마감은 12월 28일입니다",
        "마감은 2024.12.26.(목)입니다",
        "마감은 2023년 12월 27일입니다",
        "마감은 12월 27일 17:00입니다",
        "마감은 오후 7시입니다",
        "기업당 최대 6천만원입니다",
        "국비 1,234백만원입니다",
        "자부담은 7%입니다",
        "문의는 044-204-7571로 하세요",
        "문의는 국번없이 1358로 하세요",
        "신규 과제 4개 내외",
    ],
)
def test_invented_values_are_ungrounded(invented: str) -> None:
    quotes = [
        corpus_line(NOTICE, "온라인 접수기간 :"),
        corpus_line(NOTICE, "□ 지원규모"),
        corpus_line(NOTICE, "기업지원 최대 5천만원"),
        corpus_line(NOTICE, "국번없이 1357"),
        corpus_line(PRESS, "044-204-7570"),
    ]
    assert ungrounded_values(invented, quotes) != []


def test_only_the_invented_values_are_reported_in_order() -> None:
    quotes = [
        corpus_line(NOTICE, "기업지원 최대 5천만원")
    ]  # 5천만원 10% 이내 ... 10억원 미만 5%, 10억원 이상 10%
    answer = "최대 5천만원 [1], 자부담 10% 이내 [1], 매출 10억원 미만은 5% [1], 20억원 이상은 15% [1], 다시 15% [1]"
    assert ungrounded_values(answer, quotes) == ["20억원", "15%"]


def test_digit_boundaries_are_respected() -> None:
    quotes = ["매출액 15% 증가, 과제 13개, 예산 25억원"]
    assert ungrounded_values("5% 증가 [1]", quotes) == ["5%"]
    assert ungrounded_values("3개 [1]", quotes) == ["3개"]
    assert ungrounded_values("5억원 [1]", quotes) == ["5억원"]
    assert ungrounded_values("15% 증가, 13개, 25억원 [1]", quotes) == []


def test_no_quotes_ground_nothing_and_text_without_values_is_grounded() -> None:
    assert ungrounded_values("마감은 12월 27일입니다", []) == ["12월 27일"]
    assert ungrounded_values("온라인으로 신청합니다 [1]", []) == []


def test_cited_numbers() -> None:
    assert cited_numbers("접수는 온라인 [2]. 마감은 12월 27일 [1][3], 문의 1357 [3, 4].") == {1, 2, 3, 4}
    assert cited_numbers("출처 없이 쓴 문장. 1. 목록 2024.12.27.") == set()


def _lines_with_digits() -> list[str]:
    lines: list[str] = []
    for path in sorted(SEEDS.glob("*.txt")):
        lines += [
            line for line in path.read_text(encoding="utf-8").splitlines() if any(c.isdigit() for c in line)
        ]
    return lines


def test_every_corpus_line_grounds_itself() -> None:
    """No false alarm: a verbatim sentence is always grounded by its own source."""
    lines = _lines_with_digits()
    assert len(lines) > 200
    assert [
        (line, ungrounded_values(line, [line])) for line in lines if ungrounded_values(line, [line])
    ] == []


def test_a_changed_digit_is_caught_in_corpus_sentences() -> None:
    """Change the last digit of one value in a real sentence: the guard must notice almost always.

    Misses are values whose changed spelling occurs elsewhere in the same sentence (e.g. "18" → "19"
    next to a "19"), which digit-sequence matching cannot tell apart.
    """
    total = caught = 0
    for line in _lines_with_digits():
        for value in extract_checkable_values(line):
            start = line.index(value)
            i = max(k for k, c in enumerate(value) if c.isdigit())
            changed = value[:i] + str((int(value[i]) + 1) % 10) + value[i + 1 :]
            total += 1
            caught += bool(ungrounded_values(line[:start] + changed + line[start + len(value) :], [line]))
    assert total > 400
    assert caught / total >= 0.95, (caught, total)
