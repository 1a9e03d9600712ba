"""A Korean abbreviation is found in its long form in the documents' own text."""

from __future__ import annotations

from assistant.abbreviations import expansions

TEXT = "주관: 과학기술정보통신부, 한국산업진흥원 / 대상: 국가산업단지 입주기업 (영문 계획서 1부)"


def test_each_syllable_starts_a_part_of_the_long_form() -> None:
    assert expansions("과기정통부", TEXT) == ["과학기술정보통신부"]
    assert expansions("산진원", TEXT) == ["한국산업진흥원"]
    assert expansions("산단", TEXT) == ["국가산업단지"]


def test_a_word_that_abbreviates_nothing_here_has_no_long_form() -> None:
    assert expansions("영어", TEXT) == []
    assert expansions("소기업", TEXT) == []
    assert expansions("R&D", TEXT) == []  # only Hangul words are read as abbreviations
