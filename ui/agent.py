"""상담원 tab: quick lookup for 1357 agents — program card at a glance, closing-soon list,
top passages and a read-out script with a copy button."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from assistant.types import Answer, Hit
from ingest.card_contacts import DIRECTORY
from ingest.cards import distinct_notices
from ui.backend import Backend, BackendError
from ui.busy import eval_running
from ui.citations import md_escape, render_citations

STATE = "agent_result"
CLOSING_STATE = "agent_closing"
FILTER_STATE = "agent_programs"
FILTER_STATUSES = ("", "open", "closing", "upcoming", "closed", "unknown")  # "" = every status
MATCH_STATE = "agent_match"
APPLICANTS = ("", "예비창업자", "소상공인", "중소기업", "중견기업", "대학", "연구기관", "개인")
VERDICT_BADGES = {
    "fits": ("신청 가능", "green"),
    "check": ("확인 필요", "orange"),
    "excluded": ("신청 불가", "gray"),
}

STATUS_BADGES: dict[str, tuple[str, str]] = {
    "open": ("접수중", "green"),
    "closing": ("마감임박", "orange"),
    "closed": ("마감", "gray"),
    "upcoming": ("접수예정", "blue"),
    "unknown": ("기간 미확인", "gray"),
}
_MARKERS = re.compile(r"\s*\[\d+\]")
_SOURCE_BLOCK = re.compile(r"원문입니다:?$")
_CALL_CENTRE = re.compile(r"(?<!\d)1357(?!\d)")
# a card that lacks a field says the extraction did not find it, not that the notice does not state it
NOT_FOUND = "카드에서 찾지 못함 (공고문 원문 확인)"


@dataclass(frozen=True)
class Lookup:
    query: str
    answer: Answer
    hits: tuple[Hit, ...]
    card: dict[str, Any] | None
    related: tuple[dict[str, Any], ...] = field(default_factory=tuple)


def find_card(backend: Backend, answer: Answer) -> dict[str, Any] | None:
    """The program card of the answer: by the cited documents first, then by program name."""
    for citation in answer.citations:
        card = backend.program(citation.doc_id)
        if card is not None:
            return card
    if answer.program:
        name = answer.program.replace(" ", "")
        for card in backend.programs():
            if name and name in str(card.get("program", "")).replace(" ", ""):
                return card
    return None


def lookup(backend: Backend, query: str) -> Lookup:
    answer = backend.ask(query)
    hits = tuple(backend.search(query, k=5))
    return Lookup(query=query, answer=answer, hits=hits, card=find_card(backend, answer))


def _values(item: Any) -> list[str]:
    if not item:
        return []
    if isinstance(item, dict):
        return [str(item.get("value", ""))] if item.get("value") else []
    if isinstance(item, list | tuple):
        return [v for x in item for v in _values(x)]
    return [str(item)]


def _fmt_dt(value: str | None) -> str:
    if not value:
        return ""
    try:
        d = dt.datetime.fromisoformat(value)
    except ValueError:
        return value
    text = f"{d.year}. {d.month}. {d.day}."
    return text + (f" {d:%H:%M}" if (d.hour, d.minute) != (0, 0) else "")


def period_text(card: dict[str, Any]) -> str:
    if card.get("rolling"):
        return "상시 접수"
    if card.get("apply_tbd"):
        return "추후 공지"
    start, end = _fmt_dt(card.get("apply_start")), _fmt_dt(card.get("apply_end"))
    if start or end:
        return f"{start} ~ {end}".strip()
    return "; ".join(_values(card.get("apply_period"))) or NOT_FOUND


def days_left(card: dict[str, Any], today: dt.date) -> int | None:
    end = card.get("apply_end")
    if not end:
        return None
    try:
        return (dt.datetime.fromisoformat(end).date() - today).days
    except ValueError:
        return None


def status_badge(card: dict[str, Any], today: dt.date) -> None:
    label, color = STATUS_BADGES.get(str(card.get("status", "unknown")), STATUS_BADGES["unknown"])
    left = days_left(card, today)
    if card.get("status") in ("open", "closing") and left is not None:
        label = f"{label} · D-{left}" if left > 0 else f"{label} · 오늘 마감"
    st.badge(label, color=color)  # type: ignore[arg-type]


def script_body(text: str) -> str:
    """The answer's own sentences: citation markers and the quoted-source block dropped."""
    kept = []
    for line in text.splitlines():
        line = _MARKERS.sub("", line).strip()
        if not line or line.startswith(("•", "-", "◦")) or _SOURCE_BLOCK.search(line):
            continue
        kept.append(line)
    return "\n".join(kept)


def desk_sentence(card: dict[str, Any] | None) -> str | None:
    """The program's own desk as a sentence to read out (the agent is the 1357 call centre: pointing the
    caller to 1357 helps nobody), or None when the card names no desk."""
    desk = (card or {}).get("desk")
    if not isinstance(desk, dict) or not desk.get("value"):
        return None
    if desk["value"] == DIRECTORY:
        return (
            "사업 담당 문의처는 기관별로 다르니, 공고문 문의처 표의 해당 기관 담당자를 안내해 드리겠습니다."
        )
    return f"사업 담당 문의처는 {desk['value']}입니다."


def read_out_script(result: Lookup) -> str:
    """A plain script an agent can read to a caller: no citation markers, the program's own desk instead
    of 1357 when the card names one, source named at the end."""
    answer = result.answer
    if answer.status != "answered":
        return (
            "문의하신 내용은 현재 공고문에서 확인되지 않습니다. "
            "담당 부처나 전담기관 공고를 확인한 뒤 다시 안내드리겠습니다."
        )
    subject = f"문의하신 {answer.program} 관련" if answer.program else "문의하신 내용"
    body = script_body(answer.text) or _MARKERS.sub("", answer.text).strip()
    desk = desk_sentence(result.card)
    if desk is not None:  # sentences that send the caller to 1357 give way to the desk
        body = "\n".join(line for line in body.splitlines() if not _CALL_CENTRE.search(line))
    lines = [f"{subject} 안내드리겠습니다.", *([body] if body else [])]
    if desk is not None:
        lines.append(desk)
    elif result.card is not None and answer.intent == "contact":
        lines.append("공고문에는 사업 담당 부서의 직통 번호가 따로 나와 있지 않습니다.")
    if answer.citations:
        c = answer.citations[0]
        where = f"{c.title or c.source}" + (f" {c.page}쪽" if c.page else "")
        lines.append(f"이 내용은 「{where}」에 근거한 안내입니다.")
    return "\n".join(lines)


def _row(label: str, values: list[str], empty: str = NOT_FOUND) -> None:
    text = "  \n".join(f"• {md_escape(v)}" for v in values[:4]) if values else f":gray[{md_escape(empty)}]"
    st.markdown(f"**{label}**  \n{text}")


def render_card(card: dict[str, Any], today: dt.date) -> None:
    with st.container(border=True):
        st.markdown(f"#### {md_escape(str(card.get('program') or card.get('title') or card.get('source')))}")
        notice = _values(card.get("notice_no"))
        if notice:
            st.caption(md_escape(" · ".join(notice + _values(card.get("ministry")))))
        if card.get("amended_by"):
            st.warning(
                "이 공고에는 수정공고가 있습니다. 최신 공고를 함께 확인하세요.", icon=":material/warning:"
            )
        st.markdown("**접수기간**")
        with st.container(horizontal=True, gap="small", vertical_alignment="center"):
            st.markdown(md_escape(period_text(card)))
            status_badge(card, today)
        _row("지원대상", _values(card.get("eligibility")))
        _row("지원한도", _values(card.get("limit")))
        _row("자부담", _values(card.get("self_share")))
        desk = _values(card.get("desk"))
        contacts = [c for c in _values(card.get("contacts")) if c not in desk]
        _row("담당 부서", desk)
        _row("문의처", contacts)
        st.caption(f"출처: {md_escape(str(card.get('source', '')))}")


def _closing_programs(backend: Backend) -> list[dict[str, Any]]:
    if CLOSING_STATE not in st.session_state:
        try:
            cards = backend.programs("closing") + backend.programs("open")
        except BackendError as exc:
            st.error(exc.reason)
            return []
        cards.sort(key=lambda c: c.get("apply_end") or "9999")
        st.session_state[CLOSING_STATE] = distinct_notices(cards)[:8]
    return st.session_state[CLOSING_STATE]


def render_closing(backend: Backend, today: dt.date) -> None:
    st.markdown("##### :material/alarm: 마감임박")
    cards = _closing_programs(backend)
    if not cards:
        st.caption(f"{today:%Y. %m. %d.} 기준 접수 중인 공고가 없습니다.")
        return
    for card in cards:
        left = days_left(card, today)
        when = "오늘 마감" if left == 0 else (f"D-{left}" if left is not None else "")
        color = "orange" if card.get("status") == "closing" else "green"
        st.markdown(
            f":{color}-badge[{when}] {md_escape(str(card.get('program') or card.get('title')))}  \n"
            f":gray[\\~ {_fmt_dt(card.get('apply_end'))}]"
        )


def filtered_programs(
    backend: Backend, status: str = "", q: str = "", region: str = "", ministry: str = ""
) -> list[dict[str, Any]]:
    """The cards ``GET /v1/programs`` lists for these filters, each notice once."""
    filters = {k: v.strip() for k, v in {"q": q, "region": region, "ministry": ministry}.items() if v.strip()}
    return distinct_notices(backend.programs(status or None, **filters))


def render_program_filter(backend: Backend, today: dt.date) -> None:
    """The program list narrowed like ``GET /v1/programs``: status, name words, region, ministry."""
    st.markdown("##### :material/filter_list: 지원사업 찾기")
    with st.form("agent_filter_form", border=False):
        status = st.selectbox(
            "상태",
            FILTER_STATUSES,
            format_func=lambda s: STATUS_BADGES[s][0] if s else "전체",
            key="agent_filter_status",
        )
        q = st.text_input("사업명", key="agent_filter_q", placeholder="예: R&D, 창업")
        region = st.text_input("지역", key="agent_filter_region", placeholder="예: 경기, 대구")
        ministry = st.text_input("기관", key="agent_filter_ministry", placeholder="예: 중기부, 산림청")
        if st.form_submit_button("목록 보기"):
            try:
                st.session_state[FILTER_STATE] = filtered_programs(backend, status, q, region, ministry)
            except BackendError as exc:
                st.session_state.pop(FILTER_STATE, None)
                st.error(exc.reason)
    cards: list[dict[str, Any]] | None = st.session_state.get(FILTER_STATE)
    if cards is None:
        return
    if not cards:
        st.caption("조건에 맞는 지원사업이 없습니다.")
    for card in cards:
        label, color = STATUS_BADGES.get(str(card.get("status", "unknown")), STATUS_BADGES["unknown"])
        st.markdown(
            f":{color}-badge[{label}] {card.get('program') or card.get('title')}  \n:gray[{period_text(card)}]"
        )


def profile_body(text: str, applicant: str, region: str, first_rnd: bool) -> dict[str, Any]:
    """The ``POST /v1/programs/match`` body the form states (empty fields left out)."""
    body: dict[str, Any] = {"text": text.strip()} if text.strip() else {}
    if applicant:
        body["applicant"] = applicant
    if region.strip():
        body["region"] = region.strip()
    if first_rnd:
        body["first_rnd"] = True
    return body


def render_profile_match(backend: Backend) -> None:
    """A caller's company (free text and a few fields) → the programs it may apply to, each with its rule."""
    st.markdown("##### :material/business: 회사 조건으로 찾기")
    with st.form("agent_match_form", border=False):
        text = st.text_input(
            "회사 정보", key="agent_match_text", placeholder="예: 창업 5년차 제조업 매출 12억"
        )
        applicant = st.selectbox("신청자 유형", APPLICANTS, format_func=lambda a: a or "(글에서 읽기)")
        region = st.text_input("소재지", key="agent_match_region", placeholder="예: 대구")
        first_rnd = st.checkbox("정부 R&D 처음", key="agent_match_first")
        if st.form_submit_button("맞는 사업 보기"):
            try:
                st.session_state[MATCH_STATE] = backend.match(
                    profile_body(text, applicant, region, first_rnd)
                )
            except BackendError as exc:
                st.session_state.pop(MATCH_STATE, None)
                st.error(exc.reason)
    result: dict[str, Any] | None = st.session_state.get(MATCH_STATE)
    if result is None:
        return
    st.caption(md_escape(f"{result['today']} 기준 · {result['profile'].get('summary', '')}"))
    if not result["programs"]:
        st.caption("이 조건으로 신청할 만한 사업을 찾지 못했습니다.")
    for p in result["programs"]:
        verdict, vcolor = VERDICT_BADGES[p["verdict"]]
        label, color = STATUS_BADGES.get(p["status"], STATUS_BADGES["unknown"])
        quote = " ".join(p["reason"]["quote"].split())
        st.markdown(
            f":{vcolor}-badge[{verdict}] :{color}-badge[{label}] {md_escape(p['program'])}  \n"
            f":gray[{md_escape(p['reason']['text'])}]"
            + (f"  \n:gray[「{md_escape(quote)}」]" if quote else "")
        )


def render_passages(hits: tuple[Hit, ...]) -> None:
    st.markdown("##### 관련 구절")
    if not hits:
        st.caption("관련 구절을 찾지 못했습니다.")
    for hit in hits:
        c = hit.chunk
        with st.container(border=True):
            st.caption(md_escape(f"{c.title or c.source} · {c.page}쪽 · {c.section[:40] or '-'}"))
            st.text(c.text[:400] + ("…" if len(c.text) > 400 else ""))


def render_agent(backend: Backend) -> None:
    today = backend.today
    with st.form("agent_form", border=False):
        query = st.text_input(
            "질문 또는 사업명",
            key="agent_query",
            placeholder="예: 팁스 지원한도, 시군구연고산업 마감",
            max_chars=1000,
            disabled=eval_running(),
        )
        submitted = st.form_submit_button("찾기", type="primary", disabled=eval_running())
    if submitted and query.strip():
        try:
            with st.spinner("찾는 중…"):
                st.session_state[STATE] = lookup(backend, query.strip())
        except BackendError as exc:
            st.error(exc.reason)
    result: Lookup | None = st.session_state.get(STATE)
    main, side = st.columns([3, 2], gap="medium")
    with side:
        render_closing(backend, today)
        render_program_filter(backend, today)
        render_profile_match(backend)
    with main:
        if result is None:
            st.caption("사업명이나 질문을 입력하면 핵심 정보 카드, 근거 구절, 낭독용 안내문을 보여 드립니다.")
            return
        if result.card is not None:
            render_card(result.card, today)
        else:
            st.info("해당 지원사업 카드를 찾지 못했습니다. 아래 구절을 확인하세요.", icon=":material/info:")
        st.markdown("##### 낭독용 안내문")
        st.code(read_out_script(result), language=None, wrap_lines=True)
        render_citations(backend, result.answer.citations, key="agent")
        render_passages(result.hits)
