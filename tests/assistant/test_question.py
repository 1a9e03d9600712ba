"""The question read once (``assistant.question``): real Kiwi, made-up questions."""

from __future__ import annotations

import pytest

from assistant.intent import classify
from assistant.question import QUESTION_WORDS, Words, parse_question
from assistant.types import Turn


def test_a_question_is_read_with_its_asked_attribute_and_the_asker_s_own_facts() -> None:
    question = "저희 강원 원주에 있는 목공 제조업체인데 포장디자인 지원 한도가 얼마예요?"
    parsed = parse_question(f"  {question}  ", [], {})
    assert parsed.text == question
    assert parsed.intent.primary == "amount"  # 한도, 얼마: how much
    assert {"원주", "목공"} <= parsed.words.asker  # where the asker is and what it makes
    # the subject is what is left: not the asker's facts, not the words every question uses
    assert parsed.weights and not set(parsed.weights) & parsed.words.asker
    assert not set(parsed.weights) & QUESTION_WORDS
    assert {"포장", "디자인"} <= set(parsed.weights)
    assert not parsed.points_back and parsed.earlier == "" and parsed.history == ()


def test_the_nouns_keep_the_question_s_order_and_take_their_weights_from_the_idf() -> None:
    words = Words.of("스프링클러 농장 블루베리 설치")
    weights = words.distinctive({"농장": 2.5, "블루베리": 9.0})
    assert list(weights) == sorted(weights, key=words.text.index)
    assert weights["농장"] == 2.5
    assert weights["블루베리"] == 6.0  # capped: one rare word does not outweigh the rest
    assert weights["스프링클러"] == 4.0  # unknown to the index: a middling weight


def test_a_follow_up_points_back_and_asks_what_the_previous_question_asked() -> None:
    earlier = "가나다산업 지원사업 신청 마감 언제예요?"
    history = [Turn("user", earlier), Turn("assistant", "3월 말일입니다.")]
    parsed = parse_question("그건요?", history, {})
    assert parsed.points_back and parsed.earlier == earlier
    assert parsed.intent.all == classify(earlier).all  # a bare follow-up asks the same thing again
    assert parsed.history == tuple(history)
    alone = parse_question("가나다산업 문의처 알려주세요", history, {})
    assert not alone.points_back and alone.intent.primary == "contact"


def test_the_rounds_a_question_names_are_read_but_not_the_steps_of_one() -> None:
    assert parse_question("가나다사업 2차 공고 언제 나와요?", [], {}).asked_rounds == ["2"]
    assert parse_question("가나다사업 2차 평가는 어떻게 해요?", [], {}).asked_rounds == []


def test_kiwi_reads_the_question_once_per_ask(assistant, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """The stages read the parsed question: no stage sends the question itself to Kiwi again."""
    import assistant.answerability as answerability
    import assistant.question as question_module
    import assistant.resolution as resolution
    from ingest import korean

    question = "가나다산업 지원사업 포장디자인 지원 한도는 얼마예요?"
    seen: list[str] = []

    def counting(text: str) -> list[tuple[str, str]]:
        seen.append(text)
        return korean.tagged_nouns(text)

    for module in (question_module, answerability, resolution):
        monkeypatch.setattr(module, "tagged_nouns", counting)
    assistant.ask(question)
    assert seen.count(question) == 1
