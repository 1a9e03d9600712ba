"""The deciding line over the real 연고산업 notice (corpus/seeds), with made-up question words."""

import re

from assistant.deciding_line import MAX_CHARS, deciding_line
from assistant.evidence import Evidence
from assistant.types import Hit
from ingest.types import Chunk
from tests.conftest import notice_chunk


def _span(text: str, start: int, end: int, doc_id: str = "d") -> Evidence:
    chunk = notice_chunk(text, start, end)
    if doc_id != chunk.doc_id:
        chunk = Chunk("c2", doc_id, "other.txt", "다른 공고", 1, "", start, end, text[start:end])
    return Evidence(Hit(chunk, 1.0, 1), start, end, text[start:end], 1.0)


def _line(text: str, words: str, doc_id: str = "d") -> Evidence:
    start = text.index(words)
    end = text.index("\n", start)
    return _span(text, text.rindex("\n", 0, start) + 1, end, doc_id)


def _block(text: str, heading: str) -> Evidence:
    start = text.index(heading)
    return _span(text, start, start + 400)


def test_a_line_with_words_the_chosen_block_lacks_is_added(notice_text: str) -> None:
    block = _block(notice_text, "□ 지원대상")
    post = _line(notice_text, "우편 또는 택배를 통한 신청서류 접수 불가")
    words = {"택배": 4.0, "지원": 0.5, "기업": 0.4}  # "택배로 보내도 되나요?"-like words
    assert "택배" not in block.text
    found = deciding_line("procedure", "서류를 택배로 보내도 되나요?", words, [block, post], [block])
    assert found is post


def test_no_line_when_the_chosen_quotes_hold_the_words_or_the_words_weigh_little(notice_text: str) -> None:
    block = _block(notice_text, "□ 지원대상")
    post = _line(notice_text, "우편 또는 택배를 통한 신청서류 접수 불가")
    assert deciding_line("procedure", "q", {"택배": 4.0}, [block, post], [block, post]) is None
    assert deciding_line("procedure", "q", {"택배": 1.0}, [block, post], [block]) is None


def test_value_intents_get_no_extra_line(notice_text: str) -> None:
    block = _block(notice_text, "□ 지원대상")
    post = _line(notice_text, "우편 또는 택배를 통한 신청서류 접수 불가")
    for intent in ("amount", "deadline", "contact", "ratio"):
        assert deciding_line(intent, "q", {"택배": 4.0}, [block, post], [block]) is None


def test_only_short_lines_of_the_first_quotes_document_that_are_not_questions() -> None:
    text = (
        "□ 신청자격\n중소기업\n"
        "Q. 접수 후 참여기관을 교체할 수 있습니까?\n"
        "A. 접수 후에는 참여기관 교체가 불가합니다.\n" + "가" * (MAX_CHARS + 10) + " 참여기관 교체\n"
    )
    block = _span(text, 0, text.index("\n", 8))
    question = _line(text, "Q. 접수 후")
    answer = _line(text, "A. 접수 후")
    long = _line(text, "가" * 20)
    elsewhere = _line(text, "A. 접수 후", doc_id="other")
    words = {"교체": 4.0}
    assert deciding_line("eligibility", "q", words, [question, long, elsewhere, answer], [block]) is answer
    assert deciding_line("eligibility", "q", words, [question, long, elsewhere], [block]) is None


_CASE_TEXT = (
    "□ 신청 시 유의사항\n연구계획서는 기한 내에 제출하고, 마감 전 수정은 시스템에서 할 것\n"
    "연구계획서 작성 시 양식의 목차를 따를 것\n"
    "연구계획서 접수 마감 이후에는 임의로 수정할 수 없음\n"
)


def test_a_question_about_a_case_gets_the_rule_that_rules_on_it() -> None:
    # the chosen block holds every question word: only the line that rules (…할 수 없음) decides the case
    text = _CASE_TEXT
    block = _span(text, 0, text.index("연구계획서 작성"))
    form = _line(text, "연구계획서 작성 시")
    ruling = _line(text, "접수 마감 이후")
    words = {"연구계획서": 1.5, "마감": 1.0, "수정": 2.5}
    ranked = [block, form, ruling]
    assert (
        deciding_line("procedure", "마감 지나고 연구계획서 수정해도 되나요?", words, ranked, [block])
        is ruling
    )
    consequence = "마감 지나서 연구계획서를 수정하면 어떻게 되나요?"
    assert deciding_line("procedure", consequence, words, ranked, [block]) is ruling


def test_a_question_asking_a_value_gets_no_ruling_line() -> None:
    text = _CASE_TEXT
    block = _span(text, 0, text.index("연구계획서 작성"))
    ruling = _line(text, "접수 마감 이후")
    words = {"연구계획서": 1.5, "마감": 1.0, "수정": 2.5}
    question = "연구계획서 수정은 며칠까지 하나요?"
    assert deciding_line("procedure", question, words, [block, ruling], [block]) is None


def test_a_line_the_question_s_shape_asks_for_counts_as_deciding() -> None:
    """ "둘 다 신청해도 돼요?" is decided by a one-only rule that holds none of the question's words."""
    text = "□ 지원분야\n가나 분야, 다라 분야\n□ 본 사업 내에서 1개의 과제만 신청할 수 있음\n"
    block = _span(text, 0, text.index("□ 본 사업"))
    rule = _line(text, "1개의 과제만")
    words = {"가나": 3.0, "다라": 3.0}
    question = "가나 분야랑 다라 분야 둘 다 신청해도 돼요?"
    assert deciding_line("eligibility", question, words, [block, rule], [block]) is None
    one_only = re.compile("1개의 과제만")
    assert deciding_line("eligibility", question, words, [block, rule], [block], also=one_only) is rule
