"""Self-contained HTML report (inline CSS and SVG; no scripts, fonts or downloads)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

from evals.compare import Delta
from evals.metrics import is_correct, missing_facts
from evals.types import ItemResult

TYPE_LABELS = {
    "deadline": "마감·기간",
    "eligibility": "신청자격",
    "amount": "지원금액",
    "menu": "사업 구성",
    "contact": "문의처",
    "procedure": "절차·방법",
    "refusal": "거절",
    "followup": "후속 질문",
}
HEADLINES: tuple[tuple[str, str], ...] = (
    ("accuracy", "정답률"),
    ("fact_accuracy", "사실 정확도"),
    ("refusal_accuracy", "거절 정확도"),
    ("false_refusal_rate", "잘못된 거절률"),
    ("cited_doc_accuracy", "인용 문서 정확도"),
    ("quote_validity", "인용문 유효율"),
    ("hit_at_1", "검색 hit@1"),
    ("hit_at_5", "검색 hit@5"),
    ("mrr", "검색 MRR"),
)

CSS = """
body{font-family:'Noto Sans KR','Malgun Gothic',sans-serif;margin:24px auto;max-width:1100px;color:#1f2933;
line-height:1.5;padding:0 16px}
h1{font-size:1.6em;margin-bottom:4px}h2{margin-top:32px;border-bottom:2px solid #e4e7eb;padding-bottom:4px}
.meta{color:#616e7c;font-size:.9em}
.cards{display:flex;flex-wrap:wrap;gap:10px}
.card{border:1px solid #d9e2ec;border-radius:8px;padding:10px 14px;min-width:130px;background:#f8fafc}
.card .v{font-size:1.5em;font-weight:700}.card .k{color:#52606d;font-size:.85em}
.card .d{font-size:.85em}
table{border-collapse:collapse;width:100%;font-size:.92em}th,td{border:1px solid #d9e2ec;padding:5px 8px;
text-align:right}th:first-child,td:first-child{text-align:left}th{background:#f0f4f8}
.bad{color:#c81e1e;font-weight:700}.good{color:#0e7c3a}
.fail{border:1px solid #f5c2c2;border-left:5px solid #e12d39;border-radius:6px;padding:10px 14px;margin:14px 0}
.fail h3{margin:0 0 6px;font-size:1.05em}.lbl{color:#52606d;font-weight:600}
.answer{white-space:pre-wrap;background:#f8fafc;border:1px solid #e4e7eb;padding:8px;border-radius:4px}
.miss{background:#ffe3e3;padding:0 4px;border-radius:3px}.ok{background:#e3f9e5;padding:0 4px;border-radius:3px}
details{margin:4px 0}summary{cursor:pointer}.ctx{white-space:pre-wrap;font-size:.9em;background:#fffbea;
border:1px solid #f0e2b6;padding:8px;border-radius:4px}mark{background:#ffe066}
.invalid{color:#c81e1e;font-weight:700}
"""


def _pct(value: Any) -> str:
    return "—" if not isinstance(value, int | float) else f"{value * 100:.1f}%"


def format_metric(key: str, value: Any) -> str:
    if not isinstance(value, int | float):
        return "—"
    if key == "mrr":
        return f"{value:.3f}"
    if key.endswith("_ms"):
        return f"{value:,.0f} ms"
    return _pct(value)


def _delta_html(delta: Delta | None) -> str:
    if delta is None or delta.change is None:
        return ""
    sign = "+" if delta.change >= 0 else ""
    text = f"{sign}{delta.change:.1f}{' ms' if delta.unit == 'ms' else 'p'}"
    css = "bad" if delta.regression else "good" if delta.change != 0 else ""
    return f'<span class="{css}">{escape(text)}</span>'


def bar_chart_svg(
    by_type: dict[str, dict[str, Any]], previous: dict[str, dict[str, Any]] | None = None
) -> str:
    """Horizontal bars: the accuracy of each question type (previous run as a grey marker)."""
    rows = list(by_type.items())
    left, width, row_h = 150, 420, 30
    height = row_h * len(rows) + 40
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{left + width + 110}" height="{height}" '
        f'role="img" aria-label="질문 유형별 정답률">'
    ]
    for tick in (0, 25, 50, 75, 100):
        x = left + width * tick / 100
        parts.append(f'<line x1="{x}" y1="10" x2="{x}" y2="{height - 22}" stroke="#e4e7eb"/>')
        parts.append(
            f'<text x="{x}" y="{height - 6}" font-size="11" text-anchor="middle" fill="#616e7c">{tick}%</text>'
        )
    for i, (qtype, group) in enumerate(rows):
        y = 14 + i * row_h
        acc = group.get("accuracy") or 0.0
        label = f"{TYPE_LABELS.get(qtype, qtype)} ({group.get('n', 0)})"
        parts.append(
            f'<text x="{left - 8}" y="{y + 15}" font-size="13" text-anchor="end">{escape(label)}</text>'
        )
        color = "#2f80ed" if qtype != "refusal" else "#9b51e0"
        parts.append(
            f'<rect class="bar" data-type="{escape(qtype)}" x="{left}" y="{y}" width="{width * acc:.1f}" '
            f'height="20" fill="{color}" rx="3"/>'
        )
        parts.append(f'<text x="{left + width * acc + 6:.1f}" y="{y + 15}" font-size="12">{_pct(acc)}</text>')
        old = (previous or {}).get(qtype, {}).get("accuracy")
        if isinstance(old, int | float):
            x = left + width * old
            parts.append(
                f'<line x1="{x:.1f}" y1="{y - 3}" x2="{x:.1f}" y2="{y + 23}" stroke="#3e4c59" '
                f'stroke-width="2" stroke-dasharray="3,2"><title>이전 {_pct(old)}</title></line>'
            )
    parts.append("</svg>")
    return "".join(parts)


def _cards(overall: dict[str, Any], deltas: dict[str, Delta]) -> str:
    cards = []
    for key, label in (*HEADLINES, ("latency_p50_ms", "지연 p50"), ("latency_p95_ms", "지연 p95")):
        cards.append(
            f'<div class="card"><div class="k">{escape(label)}</div><div class="v">{format_metric(key, overall.get(key))}</div>'
            f'<div class="d">{_delta_html(deltas.get(key))}</div></div>'
        )
    return '<div class="cards">' + "".join(cards) + "</div>"


def _type_table(by_type: dict[str, dict[str, Any]]) -> str:
    cols = (
        ("n", "문항"),
        ("accuracy", "정답률"),
        ("fact_accuracy", "사실"),
        ("refusal_accuracy", "거절"),
        ("false_refusal_rate", "잘못된 거절"),
        ("cited_doc_accuracy", "인용 문서"),
        ("quote_validity", "인용문"),
        ("hit_at_1", "hit@1"),
        ("hit_at_5", "hit@5"),
        ("mrr", "MRR"),
        ("latency_p95_ms", "p95"),
    )
    head = "".join(f"<th>{escape(label)}</th>" for _, label in cols)
    rows = []
    for qtype, group in by_type.items():
        cells = "".join(
            f"<td>{group.get(k, 0)}</td>" if k == "n" else f"<td>{format_metric(k, group.get(k))}</td>"
            for k, _ in cols
        )
        rows.append(
            f"<tr><td>{escape(TYPE_LABELS.get(qtype, qtype))} <small>({qtype})</small></td>{cells}</tr>"
        )
    return f"<table><tr><th>유형</th>{head}</tr>{''.join(rows)}</table>"


def _comparison_table(comparison: dict[str, Any]) -> str:
    rows = []
    for d in comparison["overall"]:
        fmt = (lambda v, k=d.key: format_metric(k, v)) if d.unit == "ms" or d.key == "mrr" else _pct
        flag = '<span class="bad">회귀</span>' if d.regression else ""
        rows.append(
            f"<tr><td>{escape(d.label)}</td><td>{fmt(d.before)}</td><td>{fmt(d.after)}</td>"
            f"<td>{_delta_html(d)}</td><td>{flag}</td></tr>"
        )
    for d in comparison["by_type"]:
        flag = '<span class="bad">회귀</span>' if d.regression else ""
        rows.append(
            f"<tr><td>유형 {escape(TYPE_LABELS.get(d.key, d.key))} 정답률</td><td>{_pct(d.before)}</td>"
            f"<td>{_pct(d.after)}</td><td>{_delta_html(d)}</td><td>{flag}</td></tr>"
        )
    return (
        "<table><tr><th>지표</th><th>이전</th><th>이번</th><th>변화</th><th></th></tr>"
        + "".join(rows)
        + "</table>"
    )


def _failure(result: ItemResult) -> str:
    item, answer = result.item, result.answer
    missing = set(missing_facts(answer.text if answer else "", item.facts))
    facts = " ".join(
        f'<span class="{"miss" if tuple(g) in missing else "ok"}">{escape(" / ".join(g))}</span>'
        for g in item.facts
    )
    history = "".join(
        f"<div><span class='lbl'>{'사용자' if t.role == 'user' else '도우미'}:</span> {escape(t.content)}</div>"
        for t in item.history
    )
    out = [
        f'<div class="fail" id="{escape(item.id)}"><h3>{escape(item.id)} · {escape(TYPE_LABELS.get(item.type, item.type))}'
        f" <small>({escape(item.dataset)} {item.line}번째 줄)</small></h3>",
        f"<div><span class='lbl'>질문:</span> {escape(item.question)}</div>",
    ]
    if history:
        out.append(f"<div><span class='lbl'>이전 대화</span>{history}</div>")
    if item.type == "refusal":
        out.append("<div><span class='lbl'>기대:</span> 거절(not_found 또는 rejected)</div>")
    else:
        out.append(f"<div><span class='lbl'>기대 사실:</span> {facts}</div>")
        if item.doc:
            out.append(f"<div><span class='lbl'>대상 문서:</span> {escape(' | '.join(item.doc_names))}</div>")
    if answer is None:
        out.append(f"<div class='invalid'>오류: {escape(result.error or '')}</div></div>")
        return "".join(out)
    out.append(
        f"<div><span class='lbl'>상태:</span> {escape(answer.status)} · {result.latency_ms:,.0f} ms</div>"
    )
    out.append(f"<div class='answer'>{escape(answer.text)}</div>")
    checks = {c.n: c for c in result.quote_checks}
    for c in answer.citations:
        check = checks.get(c.n)
        badge = "" if check is None or check.valid else " <span class='invalid'>원문 불일치</span>"
        body = (
            f"{escape(check.before)}<mark>{escape(c.quote)}</mark>{escape(check.after)}"
            if check is not None and check.valid
            else f"<mark>{escape(c.quote)}</mark>"
        )
        out.append(
            f"<details><summary>[{c.n}] {escape(c.source)} · {c.page}쪽 · {escape(c.section)}{badge}</summary>"
            f"<div class='ctx'>{body}</div></details>"
        )
    out.append("</div>")
    return "".join(out)


def is_failure(result: ItemResult) -> bool:
    return not is_correct(result) or any(c.valid is False for c in result.quote_checks)


def render_report(
    summary: dict[str, Any], results: Sequence[ItemResult], comparison: dict[str, Any] | None = None
) -> str:
    """The full HTML document."""
    overall, by_type = summary["overall"], summary["by_type"]
    deltas = {d.key: d for d in comparison["overall"]} if comparison else {}
    previous_types = comparison.get("previous_by_type") if comparison else None
    failures = [r for r in results if is_failure(r)]
    body = [
        "<h1>길잡이 답변 품질 평가</h1>",
        f"<div class='meta'>데이터셋: {escape(', '.join(summary['datasets']))} · 대상: {escape(summary['target'])} · "
        f"{escape(summary['generated_at'])} · 문항 {overall['n']}개 · 오류 {overall['errors']}개</div>",
        "<h2>핵심 지표</h2>",
        _cards(overall, deltas),
        "<h2>질문 유형별 정답률</h2>",
        bar_chart_svg(by_type, previous_types),
        _type_table(by_type),
    ]
    if comparison:
        body += ["<h2>이전 실행과 비교</h2>", _comparison_table(comparison)]
    body.append(f"<h2>실패한 문항 ({len(failures)}개)</h2>")
    body += [_failure(r) for r in failures] or ["<p>실패한 문항이 없습니다.</p>"]
    return (
        '<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>길잡이 평가 보고서</title><style>{CSS}</style></head><body>{''.join(body)}</body></html>"
    )
