"""Only a value of the attribute asked may lead an answer."""

from __future__ import annotations

from assistant.answer import _lead
from assistant.lead_values import foreign_label, of_asked_attribute
from ingest.normalize import find_amounts, find_phones, find_ratios

TODAY = __import__("datetime").date(2025, 3, 1)


def test_a_revenue_threshold_is_no_support_amount() -> None:
    text = "◦ 지원대상 : 매출액 10억원 미만 기업, 기업당 최대 1억원 지원"
    kept = of_asked_attribute("amount", text, find_amounts(text), "지원금 얼마 받아요?")
    assert [a.text.strip() for a in kept] == ["1억원"]
    lead = _lead("amount", text, 1, TODAY, "지원금 얼마 받아요?")
    assert lead is not None and "1억원" in lead and "10억원" not in lead


def test_a_word_the_question_uses_is_not_foreign() -> None:
    text = "◦ 매출액 10억원 미만 기업"
    assert foreign_label("amount", "◦ 매출액 ", "매출 얼마 이하여야 신청돼요?") is None
    assert of_asked_attribute("amount", text, find_amounts(text), "매출 얼마 이하여야 신청돼요?")


def test_only_other_attributes_values_means_no_lead() -> None:
    text = "- 기술료 : 정부출연금의 10% 납부"
    assert _lead("ratio", text, 1, TODAY, "자부담 비율은요?") is None
    text = "- 참여율 : 최소 20% 이상"
    assert _lead("ratio", text, 1, TODAY, "민간부담금 비율은요?") is None


def test_a_fax_number_is_no_number_to_call() -> None:
    text = "문의 : 042-123-4567, 팩스 042-123-4568"
    kept = of_asked_attribute("contact", text, find_phones(text), "문의 전화번호?")
    assert [p.text.strip() for p in kept] == ["042-123-4567"]


def test_ratios_keep_the_asked_share() -> None:
    text = "민간부담금 : 총사업비의 25% 이상 (참여율 10% 이상)"
    kept = of_asked_attribute("ratio", text, find_ratios(text), "민간부담금 비율?")
    assert [r.text.strip() for r in kept] == ["25%"] or [r.text.strip() for r in kept][0].startswith("25")
