import pytest

from assistant.types import Answer, Citation
from evals.dataset import EvalItem
from evals.metrics import (
    build_summary,
    distinct_in_order,
    fact_correct,
    first_rank,
    missing_facts,
    percentile,
    pipeline_problems,
    summarize,
    summarize_by_type,
)
from evals.types import ItemResult, QuoteCheck

YEONGO = "2024-12-11_공고_2025년_시군구연고산업육성사업_시행계획_제주_세종.txt"
PRESS = "2025-01-24_보도자료_지역혁신선도기업육성_RnD_본격_추진.txt"
CASES = "2023-01-19_보도자료_지역특화산업육성_우수사례집_발간.txt"


def cite(n: int, source: str, quote: str = "q") -> Citation:
    return Citation(n=n, doc_id=f"id-{source[:4]}", source=source, title="", page=1, section="", quote=quote)


def item(
    i: str, qtype: str = "deadline", doc: str | None = "시군구연고산업", facts=(("12월 27일",),), alt=()
) -> EvalItem:
    return EvalItem(id=i, doc=doc, type=qtype, question="?", facts=tuple(facts), alt_docs=tuple(alt))


def result(it: EvalItem, text: str, status: str = "answered", cites=(), ranked=(), checks=(), ms=100.0):
    answer = Answer(question="?", text=text, status=status, intent="x", program=None, citations=tuple(cites))
    return ItemResult(it, answer, tuple(checks), tuple(ranked), "search", ms)


def test_facts_match_whitespace_insensitively_and_need_every_group() -> None:
    facts = (("5천만원", "5,000만원"), ("12월 27일",))
    assert missing_facts("기업당 최대 5 천만원, 마감은 12월27일", facts) == []
    assert missing_facts("기업당 최대 5,000만원", facts) == [("12월 27일",)]


def test_fact_correct_requires_answered_status() -> None:
    it = item("a")
    assert fact_correct(result(it, "마감은 12월 27일입니다"))
    assert not fact_correct(result(it, "마감은 12월 27일입니다", status="not_found"))
    assert not fact_correct(ItemResult(it, None, error="boom"))


def test_first_rank_uses_doc_and_alt_docs() -> None:
    it = item("a", doc="지역혁신선도기업육성_RnD", alt=("시군구연고산업",))
    assert first_rank([CASES, YEONGO, PRESS], it) == 2
    assert first_rank([CASES], it) is None
    assert distinct_in_order([CASES, CASES, YEONGO, CASES]) == (CASES, YEONGO)


def test_percentile_interpolates_linearly() -> None:
    assert percentile([10.0, 20.0, 30.0, 40.0], 50) == 25.0
    assert percentile([10.0, 20.0, 30.0, 40.0], 95) == pytest.approx(38.5)
    assert percentile([], 50) is None


def test_summary_over_hand_built_answers() -> None:
    results = [
        # correct, target doc ranked 1st, cited, one valid quote
        result(
            item("d1"),
            "12월 27일 18시",
            cites=[cite(1, YEONGO)],
            ranked=[YEONGO, PRESS],
            checks=[QuoteCheck(1, True)],
            ms=100,
        ),
        # wrong fact, target ranked 2nd, cites another doc, one bad quote
        result(
            item("d2"),
            "12월 28일",
            cites=[cite(1, PRESS)],
            ranked=[PRESS, YEONGO],
            checks=[QuoteCheck(1, False)],
            ms=200,
        ),
        # false refusal, target ranked 4th
        result(
            item("a1", "amount", facts=(("5천만원",),)),
            "모릅니다",
            status="not_found",
            ranked=[PRESS, CASES, "x.txt", YEONGO],
            ms=300,
        ),
        # non-refusal without target doc: not in cited-doc / retrieval denominators
        result(item("m1", "menu", doc=None, facts=(("시제품",),)), "시제품 제작", ms=400),
        # refusals: one right, one answered anyway
        result(item("r1", "refusal", doc=None, facts=()), "답할 수 없습니다", status="rejected", ms=10),
        result(
            item("r2", "refusal", doc=None, facts=()),
            "금리는 3%",
            cites=[cite(1, CASES)],
            checks=[QuoteCheck(1, True)],
            ms=20,
        ),
    ]
    s = summarize(results)
    assert s["n"] == 6
    assert s["fact_accuracy"] == pytest.approx(2 / 4)  # d1, m1
    assert s["refusal_accuracy"] == pytest.approx(1 / 2)
    assert s["accuracy"] == pytest.approx(3 / 6)
    assert s["false_refusal_rate"] == pytest.approx(1 / 4)
    assert s["cited_doc_accuracy"] == pytest.approx(1 / 3)  # d1 of d1, d2, a1
    assert s["quote_validity"] == pytest.approx(2 / 3)
    assert s["hit_at_1"] == pytest.approx(1 / 3)
    assert s["hit_at_5"] == pytest.approx(3 / 3)
    assert s["mrr"] == pytest.approx((1 + 1 / 2 + 1 / 4) / 3)
    assert s["latency_p50_ms"] == pytest.approx(150.0)
    assert s["answered"] == 4 and s["errors"] == 0

    by_type = summarize_by_type(results)
    assert list(by_type) == ["deadline", "amount", "menu", "refusal"]
    assert by_type["deadline"]["accuracy"] == 0.5 and by_type["amount"]["false_refusal_rate"] == 1.0
    assert by_type["refusal"]["fact_accuracy"] is None  # empty denominator

    summary = build_summary(results, datasets=["t.jsonl"], target="test", generated_at="now")
    assert [r["id"] for r in summary["items"] if not r["correct"]] == ["d2", "a1", "r2"]
    assert summary["items"][1]["missing_facts"] == [["12월 27일"]] and summary["items"][2]["rank"] == 4


def test_pipeline_problems_flag_errors_no_answers_and_bad_quotes() -> None:
    ok = result(item("d1"), "12월 27일", cites=[cite(1, YEONGO)], checks=[QuoteCheck(1, True)])
    assert pipeline_problems([ok]) == []
    bad_quote = result(item("d2"), "x", cites=[cite(1, YEONGO)], checks=[QuoteCheck(1, False)])
    failed = ItemResult(item("d3"), None, error="RuntimeError: boom")
    problems = pipeline_problems([bad_quote, failed])
    assert any("오류" in p and "d3" in p for p in problems)
    assert any("인용" in p and "d2" in p for p in problems)
    refused = result(item("d4"), "없음", status="not_found")
    assert pipeline_problems([refused]) == ["답변(answered)이 하나도 없습니다"]
