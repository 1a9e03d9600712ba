"""The nouns of a question's conditional clauses (``assistant.conditions``), read by real Kiwi."""

from __future__ import annotations

from assistant.conditions import condition_nouns


def test_the_event_a_question_supposes_is_its_condition() -> None:
    clauses = condition_nouns("협약 기간 중에 상호가 바뀌면 과제는 어떻게 되나요?")
    assert len(clauses) == 1
    assert "상호" in clauses[0] and "과제" not in clauses[0]


def test_a_condition_starts_after_the_clause_before_it() -> None:
    clauses = condition_nouns("선정되고 나서 업종을 바꾸게 되면 협약은 그대로인가요?")
    assert clauses == (("업종",),)
    told = condition_nouns("저희가 식품 회사인데, 매출이 줄면 어떻게 돼요?")
    assert told == (("매출",),)


def test_a_noun_run_written_together_comes_whole_and_in_parts() -> None:
    (clause,) = condition_nouns("직원이 해외연수를 가면 인건비는 어떻게 되나요?")
    assert clause.index("해외연수") < clause.index("해외")
    assert "연수" in clause


def test_a_case_after_a_modifier_is_a_condition() -> None:
    assert condition_nouns("공장을 이전할 경우에도 지원되나요?") == (("공장", "이전"),)


def test_a_choice_and_a_plain_question_suppose_nothing() -> None:
    assert condition_nouns("서면평가예요 아니면 발표평가예요?") == ()
    assert condition_nouns("접수 마감이 며칠 몇 시예요?") == ()
