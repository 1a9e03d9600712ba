"""Compare two evaluation summaries (``--compare PREVIOUS.json``) and flag regressions."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# metric key, Korean label, direction (+1 higher is better, -1 lower is better), regression threshold
# in percentage points (latency: in percent of the previous value). 0 means "any worsening".
METRICS: tuple[tuple[str, str, int, float], ...] = (
    ("accuracy", "정답률", +1, 2.0),
    ("fact_accuracy", "사실 정확도", +1, 2.0),
    ("refusal_accuracy", "거절 정확도", +1, 2.0),
    ("false_refusal_rate", "잘못된 거절률", -1, 2.0),
    ("cited_doc_accuracy", "인용 문서 정확도", +1, 2.0),
    ("quote_validity", "인용문 유효율", +1, 0.0),
    ("hit_at_1", "검색 hit@1", +1, 2.0),
    ("hit_at_5", "검색 hit@5", +1, 2.0),
    ("mrr", "검색 MRR", +1, 2.0),
)
LATENCY_METRICS: tuple[tuple[str, str], ...] = (
    ("latency_p50_ms", "지연 p50"),
    ("latency_p95_ms", "지연 p95"),
)
LATENCY_REGRESSION_PCT = 50.0
TYPE_REGRESSION_POINTS = 10.0


class SummaryFileError(Exception):
    """The previous summary cannot be read; ``reason`` is Korean."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Delta:
    key: str
    label: str
    before: float | None
    after: float | None
    change: float | None  # percentage points for rates, milliseconds for latency
    regression: bool
    unit: str  # "pt" or "ms"


def load_summary(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise SummaryFileError(f"이전 결과 파일이 없습니다: {path}") from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise SummaryFileError(f"이전 결과 파일이 올바른 JSON이 아닙니다: {path}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("overall"), dict):
        raise SummaryFileError(f"giljabi eval --save로 만든 결과 파일이 아닙니다: {path}")
    return data


def _rate_delta(key: str, label: str, direction: int, threshold: float, before: Any, after: Any) -> Delta:
    if not isinstance(before, int | float) or not isinstance(after, int | float):
        return Delta(key, label, before, after, None, False, "pt")
    change = (after - before) * 100.0
    worse = -change * direction
    regression = worse > threshold if threshold > 0 else worse > 1e-9
    return Delta(key, label, before, after, change, regression, "pt")


def compare_groups(current: dict[str, Any], previous: dict[str, Any]) -> list[Delta]:
    """Deltas of every metric between two ``summarize`` dicts (same group)."""
    deltas = [
        _rate_delta(key, label, direction, threshold, previous.get(key), current.get(key))
        for key, label, direction, threshold in METRICS
    ]
    for key, label in LATENCY_METRICS:
        before, after = previous.get(key), current.get(key)
        if isinstance(before, int | float) and isinstance(after, int | float):
            change = after - before
            regression = before > 0 and change / before * 100.0 > LATENCY_REGRESSION_PCT
            deltas.append(Delta(key, label, before, after, change, regression, "ms"))
        else:
            deltas.append(Delta(key, label, before, after, None, False, "ms"))
    return deltas


def compare_summaries(current: dict[str, Any], previous: dict[str, Any]) -> dict[str, Any]:
    """Overall deltas plus per-type accuracy deltas (regression: a drop over 10 points)."""
    by_type: list[Delta] = []
    for qtype, group in current.get("by_type", {}).items():
        old = previous.get("by_type", {}).get(qtype, {})
        by_type.append(
            _rate_delta(qtype, qtype, +1, TYPE_REGRESSION_POINTS, old.get("accuracy"), group.get("accuracy"))
        )
    return {
        "overall": compare_groups(current["overall"], previous["overall"]),
        "by_type": by_type,
        "previous_by_type": previous.get("by_type", {}),
    }


def has_regression(comparison: dict[str, Any]) -> bool:
    return any(d.regression for d in [*comparison["overall"], *comparison["by_type"]])


def comparison_to_json(comparison: dict[str, Any]) -> dict[str, Any]:
    def row(d: Delta) -> dict[str, Any]:
        return {
            "before": d.before,
            "after": d.after,
            "change": d.change,
            "unit": d.unit,
            "regression": d.regression,
        }

    return {
        "overall": {d.key: row(d) for d in comparison["overall"]},
        "by_type": {d.key: row(d) for d in comparison["by_type"]},
        "regression": has_regression(comparison),
    }
