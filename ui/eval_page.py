"""Streamlit page for staff: run an evaluation dataset and read the results.

Thin adapter over ``evals`` (runner, metrics, report). Uses the in-process assistant when the
backend has an ``assistant`` attribute, otherwise the running API at ``backend.api_url``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tempfile
from pathlib import Path

import streamlit as st

from evals.dataset import DatasetError, load_dataset
from evals.metrics import build_summary, pipeline_problems
from evals.report import HEADLINES, TYPE_LABELS, format_metric, render_report
from evals.runner import EvalBackend, HttpBackend, InProcessBackend, Runner
from ui.busy import EVAL_RUN_KEY, eval_running, lock
from ui.citations import md_escape

DATASETS_DIR = Path(__file__).resolve().parents[1] / "evals" / "datasets"
STATE = "eval_page_result"
PROBLEMS = "eval_page_problems"


def _eval_backend(backend: object) -> tuple[EvalBackend, str] | None:
    assistant = getattr(backend, "assistant", None)
    if assistant is not None:
        return InProcessBackend(assistant), "내장 도우미"
    url = getattr(backend, "api_url", None)
    if url:
        return HttpBackend(str(url)), str(url)
    return None


def _load(choice: str, upload: object | None) -> tuple[list, str]:
    if upload is not None:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / upload.name  # type: ignore[attr-defined]
            path.write_bytes(upload.getvalue())  # type: ignore[attr-defined]
            return load_dataset(path), upload.name  # type: ignore[attr-defined]
    return load_dataset(DATASETS_DIR / choice), choice


def natural_key(name: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key that puts holdout2 before holdout10 (digit runs compare as numbers)."""
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"(\d+)", name) if part)


def render_eval_page(backend: object) -> None:
    st.header("답변 품질 평가")
    st.caption("평가 데이터셋의 질문을 모두 물어 보고 정답률·인용 정확도·검색 순위·응답 시간을 측정합니다.")
    target = _eval_backend(backend)
    if target is None:
        st.error("평가할 도우미가 없습니다. 색인을 열거나 GILJABI_API_URL을 설정하세요.")
        return
    eval_backend, target_name = target
    bundled = sorted((p.name for p in DATASETS_DIR.glob("*.jsonl")), key=natural_key)
    running = eval_running()
    col1, col2 = st.columns(2)
    choice = col1.selectbox(
        "기본 데이터셋",
        bundled,
        index=bundled.index("smoke.jsonl") if "smoke.jsonl" in bundled else 0,
        disabled=running,
    )
    upload = col2.file_uploader("또는 JSONL 파일 올리기", type=["jsonl"], disabled=running)
    st.caption("평가가 도는 동안에는 다른 탭의 질문과 검색이 잠깁니다 (질문하면 평가가 중단되므로).")
    if st.button("평가 실행", type="primary", key=EVAL_RUN_KEY):
        try:
            items, name = _load(choice, upload)
        except DatasetError as exc:
            st.session_state[PROBLEMS] = exc.problems
            st.rerun()  # the other tabs were locked for this run: unlock them, then show the problems
        lock()
        bar = st.progress(0.0, text=f"0 / {len(items)}")
        done: list[int] = [0]

        def advance(_result: object) -> None:
            done[0] += 1
            bar.progress(done[0] / len(items), text=f"{done[0]} / {len(items)}")

        # entry point: one failing question must not stop the whole run
        results = Runner(eval_backend, tolerate=(Exception,)).run(items, on_result=advance)
        summary = build_summary(
            results,
            datasets=[name],
            target=target_name,
            generated_at=dt.datetime.now().isoformat(timespec="seconds"),
        )
        st.session_state[STATE] = (summary, render_report(summary, results), pipeline_problems(results))
        st.rerun()  # unlock the other tabs and show the result
    dataset_problems = st.session_state.pop(PROBLEMS, None)
    if dataset_problems:
        lines = "\n".join(f"- {md_escape(p)}" for p in dataset_problems)
        st.error(f"데이터셋에 문제가 있습니다:\n\n{lines}")
    if STATE not in st.session_state:
        return
    summary, html, problems = st.session_state[STATE]
    for problem in problems:
        st.warning(f"파이프라인 이상: {problem}")
    overall = summary["overall"]
    cols = st.columns(4)
    keys = [*HEADLINES, ("latency_p95_ms", "지연 p95")]
    for i, (key, label) in enumerate(keys):
        cols[i % 4].metric(label, format_metric(key, overall.get(key)))
    st.subheader("유형별")
    st.dataframe(
        [
            {
                "유형": TYPE_LABELS.get(qtype, qtype),
                "문항": group["n"],
                "정답률": format_metric("accuracy", group["accuracy"]),
                "인용 문서": format_metric("cited_doc_accuracy", group["cited_doc_accuracy"]),
                "hit@5": format_metric("hit_at_5", group["hit_at_5"]),
                "p95": format_metric("latency_p95_ms", group["latency_p95_ms"]),
            }
            for qtype, group in summary["by_type"].items()
        ],
        hide_index=True,
    )
    st.download_button(
        "요약 JSON 내려받기",
        json.dumps(summary, ensure_ascii=False, indent=2),
        file_name="giljabi-eval.json",
        mime="application/json",
    )
    st.download_button("HTML 보고서 내려받기", html, file_name="giljabi-eval.html", mime="text/html")
    st.subheader("보고서")
    st.iframe(html, height=900)
