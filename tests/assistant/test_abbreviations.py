"""A Korean abbreviation is found in its long form in the documents' own text."""

from __future__ import annotations

from assistant.abbreviations import expansions

TEXT = "범부처 첨단 의료기기 연구개발사업 예비타당성조사 대응 기획연구, 발주: 한국보건산업진흥원 (부가가치세 포함)"


def test_each_syllable_starts_a_part_of_the_long_form() -> None:
    assert expansions("예타", TEXT) == ["예비타당성조사"]
    assert expansions("보산진", TEXT) == ["한국보건산업진흥원"]
    assert expansions("부가세", TEXT) == ["부가가치세"]


def test_a_word_that_abbreviates_nothing_here_has_no_long_form() -> None:
    assert expansions("영어", TEXT) == []
    assert expansions("중기업", TEXT) == []
    assert expansions("R&D", TEXT) == []  # only Hangul words are read as abbreviations
