"""Evaluation metrics as pure functions (definitions in docs/EVAL.md).

All rates are fractions in [0, 1], or None when their denominator is empty.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from evals.dataset import QUESTION_TYPES, EvalItem
from evals.types import ItemResult

REFUSED = ("not_found", "rejected")


def squash(text: str) -> str:
    """NFC-normalise and drop every whitespace character (facts match whitespace-insensitively)."""
    return "".join(unicodedata.normalize("NFC", text).split())


def missing_facts(text: str, facts: Sequence[Sequence[str]]) -> list[tuple[str, ...]]:
    """The fact groups none of whose spellings occur in ``text``."""
    hay = squash(text)
    return [tuple(group) for group in facts if not any(squash(s) in hay for s in group)]


def doc_matches(source: str, item: EvalItem) -> bool:
    """True when a file name contains the item's ``doc`` or one of its ``alt_docs``."""
    name = unicodedata.normalize("NFC", source)
    return any(unicodedata.normalize("NFC", d) in name for d in item.doc_names)


def is_refused(result: ItemResult) -> bool:
    return result.answer is not None and result.answer.status in REFUSED


def fact_correct(result: ItemResult) -> bool:
    """Answered, and every fact group has one spelling in the answer text."""
    answer = result.answer
    if answer is None or answer.status != "answered":
        return False
    return not missing_facts(answer.text, result.item.facts)


_MARKER = re.compile(r"\[\d+\]|\d{4}-\d\d-\d\d 기준")  # citation marks and the status date are no value


def value_lead(result: ItemResult) -> str:
    """The answer's lead when it states a value (a digit in it), else ''."""
    answer = result.answer
    if answer is None or answer.status != "answered" or result.item.type == "refusal":
        return ""
    lead = " ".join(answer.lead)
    return lead if any(ch.isdigit() for ch in _MARKER.sub("", lead)) else ""


def lead_right(result: ItemResult) -> bool:
    """The value lead holds one of the item's facts: a lead that states another value is the worst
    failure an answer can have, even when the quotes below it hold the fact."""
    lead = value_lead(result)
    return bool(lead) and len(missing_facts(lead, result.item.facts)) < len(result.item.facts)


def refusal_correct(result: ItemResult) -> bool:
    return is_refused(result)


def is_correct(result: ItemResult) -> bool:
    """The item's headline verdict: refusal accuracy for ``refusal`` items, fact accuracy otherwise."""
    return refusal_correct(result) if result.item.type == "refusal" else fact_correct(result)


def cited_doc_ok(result: ItemResult) -> bool:
    """Some citation comes from the target document (or one of its alternatives)."""
    answer = result.answer
    return answer is not None and any(doc_matches(c.source, result.item) for c in answer.citations)


def first_rank(sources: Sequence[str], item: EvalItem) -> int | None:
    """1-based position of the first entry of ``sources`` that is the target document, or None."""
    for position, source in enumerate(sources, start=1):
        if doc_matches(source, item):
            return position
    return None


def distinct_in_order(sources: Iterable[str]) -> tuple[str, ...]:
    """Drop repeats, keeping the first occurrence (passage ranking → document ranking)."""
    seen: dict[str, None] = {}
    for source in sources:
        seen.setdefault(source, None)
    return tuple(seen)


def hit_at(rank: int | None, k: int) -> bool:
    return rank is not None and rank <= k


def reciprocal_rank(rank: int | None) -> float:
    return 0.0 if rank is None else 1.0 / rank


def percentile(values: Sequence[float], p: float) -> float | None:
    """Linear-interpolated percentile (``p`` in 0..100), as numpy's default method."""
    if not values:
        return None
    ordered = sorted(values)
    pos = (len(ordered) - 1) * p / 100.0
    low, high = math.floor(pos), math.ceil(pos)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def _rate(hits: int, total: int) -> float | None:
    return hits / total if total else None


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def summarize(results: Sequence[ItemResult]) -> dict[str, Any]:
    """Every metric over ``results`` (one group: overall or one question type)."""
    non_refusal = [r for r in results if r.item.type != "refusal"]
    refusal = [r for r in results if r.item.type == "refusal"]
    targeted = [r for r in non_refusal if r.item.doc is not None]
    ranks = [first_rank(r.ranked_sources, r.item) for r in targeted]
    checks = [c for r in results for c in r.quote_checks if c.valid is not None]
    latencies = [r.latency_ms for r in results if r.answer is not None]
    return {
        "n": len(results),
        "accuracy": _rate(sum(is_correct(r) for r in results), len(results)),
        "fact_accuracy": _rate(sum(fact_correct(r) for r in non_refusal), len(non_refusal)),
        "refusal_accuracy": _rate(sum(refusal_correct(r) for r in refusal), len(refusal)),
        "false_refusal_rate": _rate(sum(is_refused(r) for r in non_refusal), len(non_refusal)),
        "cited_doc_accuracy": _rate(sum(cited_doc_ok(r) for r in targeted), len(targeted)),
        "quote_validity": _rate(sum(bool(c.valid) for c in checks), len(checks)),
        "value_leads": len(leads := [r for r in non_refusal if value_lead(r)]),
        "lead_right": _rate(sum(lead_right(r) for r in leads), len(leads)),
        "citations_checked": len(checks),
        "hit_at_1": _rate(sum(hit_at(k, 1) for k in ranks), len(ranks)),
        "hit_at_5": _rate(sum(hit_at(k, 5) for k in ranks), len(ranks)),
        "mrr": _mean([reciprocal_rank(k) for k in ranks]),
        "latency_p50_ms": percentile(latencies, 50),
        "latency_p95_ms": percentile(latencies, 95),
        "answered": sum(1 for r in results if r.answer is not None and r.answer.status == "answered"),
        "errors": sum(1 for r in results if r.answer is None),
    }


def summarize_by_type(results: Sequence[ItemResult]) -> dict[str, dict[str, Any]]:
    """``summarize`` per question type, in the canonical type order, omitting absent types."""
    return {
        qtype: summarize([r for r in results if r.item.type == qtype])
        for qtype in QUESTION_TYPES
        if any(r.item.type == qtype for r in results)
    }


def item_record(result: ItemResult) -> dict[str, Any]:
    """A JSON-ready line per item for the machine-readable summary."""
    answer = result.answer
    rank = first_rank(result.ranked_sources, result.item) if result.item.doc else None
    return {
        "id": result.item.id,
        "dataset": result.item.dataset,
        "type": result.item.type,
        "faq": result.item.faq,
        "question": result.item.question,
        "correct": is_correct(result),
        "status": answer.status if answer else None,
        "answer": answer.text if answer else None,
        "missing_facts": [list(g) for g in missing_facts(answer.text if answer else "", result.item.facts)],
        "lead": list(answer.lead) if answer else [],
        "lead_right": lead_right(result) if value_lead(result) else None,
        "cited_doc_ok": cited_doc_ok(result) if result.item.doc else None,
        "rank": rank,
        "ranking": result.ranking,
        "citations": [c.source for c in answer.citations] if answer else [],
        "quotes_valid": sum(1 for c in result.quote_checks if c.valid),
        "quotes_checked": sum(1 for c in result.quote_checks if c.valid is not None),
        "latency_ms": round(result.latency_ms, 1),
        "error": result.error,
    }


SUMMARY_VERSION = 1


def build_summary(
    results: Sequence[ItemResult], *, datasets: Sequence[str], target: str, generated_at: str
) -> dict[str, Any]:
    """The machine-readable summary printed by ``--json`` and written by ``--save``."""
    return {
        "version": SUMMARY_VERSION,
        "generated_at": generated_at,
        "target": target,
        "datasets": list(datasets),
        "overall": summarize(results),
        "by_type": summarize_by_type(results),
        "faq": summarize(faq) if (faq := [r for r in results if r.item.faq]) else None,
        "items": [item_record(r) for r in results],
    }


def pipeline_problems(results: Sequence[ItemResult]) -> list[str]:
    """Reasons to call the pipeline broken (not merely weak): exceptions, no answer at all, or a
    citation whose quote is not verbatim document text."""
    problems: list[str] = []
    errors = [r for r in results if r.answer is None]
    if errors:
        problems.append(
            f"{len(errors)}개 문항에서 오류가 났습니다 (예: {errors[0].item.id}: {errors[0].error})"
        )
    if results and not any(r.answer is not None and r.answer.status == "answered" for r in results):
        problems.append("답변(answered)이 하나도 없습니다")
    bad = [(r.item.id, c.n) for r in results for c in r.quote_checks if c.valid is False]
    if bad:
        problems.append(
            f"원문과 일치하지 않는 인용이 {len(bad)}개 있습니다 (예: {bad[0][0]}의 [{bad[0][1]}])"
        )
    return problems
