"""문서 tab: what the index holds (indexed and refused files) and, with the admin token, uploads."""

from __future__ import annotations

import streamlit as st

from ui.backend import Backend, BackendError
from ui.busy import eval_running
from ui.citations import md_escape

STATUS_LABELS = {"indexed": "색인됨", "unchanged": "색인됨", "error": "읽지 못함", "removed": "삭제됨"}
FORMATS = ["pdf", "hwp", "hwpx", "txt", "md"]
UPLOADS_OFF = (
    "문서 업로드가 꺼져 있습니다. 서버에 `GILJABI_ADMIN_TOKEN`을 설정하면 이곳에서 공고문을 올릴 수 있습니다. "
    "지금은 `corpus/` 폴더에 파일을 넣고 `giljabi ingest`를 실행해 주세요."
)


def document_rows(backend: Backend, flags: dict[str, list[str]] | None = None) -> list[dict[str, object]]:
    """One row per file, refused files first; the refusal reason right after the file name."""
    flags = flags or {}
    return [
        {
            "상태": STATUS_LABELS.get(r.status, r.status),
            "파일": r.source,
            "사유": r.error or "",
            "제목": r.title,
            "형식": r.format or "-",
            "쪽": r.pages,
            "구절": r.chunks,
            "검토": ", ".join(flags.get(r.source, [])),
        }
        for r in sorted(backend.documents(), key=lambda r: (r.status != "error", r.source))
    ]


def _render_review(review: dict[str, object]) -> None:
    """Documents staff should look at: lines addressed to the reader, notices that disagree, replacements."""
    flagged = [d for d in review.get("documents", []) if isinstance(d, dict) and d.get("flags")]
    if flagged:
        st.markdown("##### 검토가 필요한 문서")
    for d in flagged:
        with st.expander(f"⚠️ {d['source']} — {', '.join(d['flags'])}"):
            for line in d.get("addressed_lines", []):
                st.markdown(f"- {line['line']}번째 줄 (답·카드에 쓰지 않음): `{line['snippet']}`")
            for c in d.get("conflicts", []):
                st.markdown(
                    f"- **{c['field']}** 충돌: 이 문서 `{c['value']}` ↔ {c['other_source']} `{c['other_value']}`"
                )
    replacements = review.get("replacements") or []
    if isinstance(replacements, list) and replacements:
        with st.expander(f"같은 이름 교체 기록 {len(replacements)}건"):
            st.dataframe(replacements, hide_index=True, width="stretch")


def render_refused(rows: list[dict[str, object]]) -> None:
    """The files that could not be read, each with its reason, above the table (readable on a phone)."""
    refused = [r for r in rows if r["상태"] == STATUS_LABELS["error"]]
    if not refused:
        return
    lines = "\n".join(f"- **{md_escape(str(r['파일']))}** — {md_escape(str(r['사유']))}" for r in refused)
    st.warning(f"읽지 못한 파일 {len(refused)}개\n\n{lines}", icon=":material/warning:")


def _render_upload(backend: Backend) -> None:
    st.markdown("##### 문서 올리기 (관리자)")
    try:
        enabled = backend.uploads_enabled()
    except BackendError as exc:
        st.error(exc.reason)
        return
    if not enabled:
        st.info(UPLOADS_OFF, icon=":material/lock:")
        return
    token = st.text_input("관리자 토큰", type="password", key="docs_token", help="GILJABI_ADMIN_TOKEN 값")
    if not token:
        st.caption("관리자 토큰을 입력하면 업로드할 수 있습니다.")
        return
    try:
        backend.check_token(token)
    except BackendError as exc:
        st.error(exc.reason)
        return
    upload = st.file_uploader(
        f"공고문 파일 (PDF, HWP, HWPX, TXT · 최대 {backend.upload_limit_mb}MB)",
        type=FORMATS,
        key="docs_upload",
        max_upload_size=backend.upload_limit_mb,
        disabled=eval_running(),
    )
    replace = st.checkbox(
        "같은 이름이면 교체",
        key="docs_replace",
        help="같은 이름의 파일이 있으면 새 파일로 바꿉니다. 새 파일을 읽지 못하면 기존 파일을 되돌립니다.",
        disabled=eval_running(),
    )
    if upload is None or not st.button(
        "올리고 색인하기", key="docs_ingest", type="primary", disabled=eval_running()
    ):
        return
    try:
        with st.spinner(f"{upload.name} 색인 중…"):
            placed = backend.upload(upload.name, upload.getvalue(), token, replace=replace)
    except BackendError as exc:
        st.error(exc.reason)
        return
    report = placed.report
    if placed.note:
        st.info(placed.note)
    if report.status == "error":
        st.error(f"{md_escape(report.source)}: 읽을 수 없는 파일입니다 — {md_escape(report.error or '')}")
    else:
        st.success(f"{md_escape(report.source)}: {report.pages}쪽, 구절 {report.chunks}개를 색인했습니다.")


def render_documents(backend: Backend) -> None:
    try:
        review = backend.review()
        flags = {d["source"]: d["flags"] for d in review["documents"] if d.get("flags")}
        rows = document_rows(backend, flags)
    except BackendError as exc:
        st.error(exc.reason)
        return
    indexed = sum(1 for r in rows if r["상태"] == STATUS_LABELS["indexed"])
    refused = sum(1 for r in rows if r["상태"] == STATUS_LABELS["error"])
    st.markdown(f"색인된 문서 **{indexed}개**, 읽지 못한 파일 **{refused}개**")
    render_refused(rows)
    st.dataframe(
        rows,
        hide_index=True,
        width="stretch",
        column_config={"사유": st.column_config.TextColumn(width="medium")},
    )
    _render_review(review)
    _render_upload(backend)
