"""ingest.card_lines.continued on made-up lines of the shapes notices wrap: a line ending in a bracket runs on
only when the next line carries on its sentence."""

from __future__ import annotations

from ingest.card_lines import continued, split_lines


def _joined(text: str) -> str:
    lines = split_lines(text)
    line = continued(lines, 0)
    return text[line.start : line.end]


def test_a_bracketed_list_runs_on_into_the_rest_of_its_sentence() -> None:
    text = (
        "- 가나 사업에 참여하는 시·군(가나, 다라, 마바, 사아, 자차)\n소재 기업은 기업당 5천만원 이내 지원\n"
    )
    assert _joined(text).endswith("5천만원 이내 지원")


def test_a_bracket_that_closes_a_statement_ends_it() -> None:
    text = "- 사업화자금 최대 1억원(평균 5천만원 내외, 선지급)\n지원 절차 안내는 누리집 참고\n"
    assert _joined(text).endswith("선지급)")
    text = "- 주관기관 : 중소기업(가나법 제2조에 따른 기업)\n공동기관 : 대학, 연구기관\n"
    assert _joined(text).endswith("기업)")
