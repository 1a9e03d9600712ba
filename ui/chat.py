"""상담 tab: the chat for SME owners (multi-turn, streamed answers, citations, 도움돼요/아쉬워요)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import streamlit as st

from assistant.types import Answer, Turn
from ui.backend import Backend, BackendError
from ui.busy import eval_running
from ui.citations import render_citations, to_markdown

EXAMPLES = (
    "시군구연고산업육성사업 접수 마감이 언제예요?",
    "팁스 지원한도는 얼마인가요?",
    "자부담 비율은 어떻게 되나요?",
)
PLACEHOLDER = "지원사업에 대해 물어보세요"  # short: the whole hint fits a phone's input
HELP_1357 = "정확한 안내가 필요하시면 **중소기업 통합콜센터 1357**(평일 09시–18시)로 문의해 주세요."
MAX_HISTORY_TURNS = 20
MAX_TURN_CHARS = 2000
STREAM_DELAY = 0.01

USER_AVATAR = ":material/person:"
BOT_AVATAR = ":material/explore:"
STATE = "chat_messages"
PENDING = "chat_pending"


def _messages() -> list[dict[str, Any]]:
    return st.session_state.setdefault(STATE, [])


def history_turns(messages: list[dict[str, Any]]) -> tuple[Turn, ...]:
    """The last turns of the conversation, within the API's limits."""
    turns = [Turn(role=m["role"], content=m["content"][:MAX_TURN_CHARS]) for m in messages]
    return tuple(turns[-MAX_HISTORY_TURNS:])


def _words(text: str) -> Iterator[str]:
    for i, word in enumerate(text.split(" ")):
        yield word if i == 0 else " " + word
        time.sleep(STREAM_DELAY)


def _choose_example(question: str) -> None:
    st.session_state[PENDING] = question


def _rate(backend: Backend, index: int, rating: int) -> None:
    messages = _messages()
    message = messages[index]
    question = next((m["content"] for m in reversed(messages[:index]) if m["role"] == "user"), "")
    try:
        message["feedback_id"] = backend.feedback(question, message["content"], rating)
        message["rating"] = rating
    except BackendError as exc:
        message["feedback_error"] = exc.reason


def _render_status(answer: Answer) -> None:
    if answer.status == "not_found":
        st.info(f"공고문에서 확실한 근거를 찾지 못했습니다. {HELP_1357}", icon=":material/support_agent:")
    elif answer.status == "rejected":
        st.info(
            f"길잡이는 중소기업 지원사업 공고문에 대한 질문에만 답합니다. {HELP_1357}",
            icon=":material/support_agent:",
        )


def _render_feedback(backend: Backend, index: int, message: dict[str, Any]) -> None:
    if "rating" in message:
        mark = "도움돼요" if message["rating"] == 1 else "아쉬워요"
        st.caption(f"'{mark}' 의견을 저장했습니다. 감사합니다.")
        return
    with st.container(horizontal=True, gap="small"):
        up, down = (":material/thumb_up:", ":material/thumb_down:")
        st.button("도움돼요", icon=up, key=f"chat_up_{index}", on_click=_rate, args=(backend, index, 1))
        st.button("아쉬워요", icon=down, key=f"chat_down_{index}", on_click=_rate, args=(backend, index, -1))
    if "feedback_error" in message:
        st.error(message["feedback_error"])


def comparison_table(facts: dict[str, Any]) -> list[dict[str, str]]:
    """The rows of a comparison answer (``facts["comparison"]``) as a table: 항목, then each program's cell
    with its citation number; [] for any other answer."""
    comparison = facts.get("comparison") if facts.get("scope") == "compare" else None
    if not isinstance(comparison, dict):
        return []
    names = [str(comparison.get(side, {}).get("program", side)) for side in ("left", "right")]

    def cell(c: dict[str, Any]) -> str:
        n = (c.get("citation") or {}).get("n")
        return f"{c.get('value', '')} [{n}]" if n else str(c.get("value", ""))

    return [
        {
            "항목": str(row.get("field", "")),
            names[0]: cell(row.get("left", {})),
            names[1]: cell(row.get("right", {})),
        }
        for row in comparison.get("rows", [])
    ]


def _render_answer_extras(backend: Backend, index: int, message: dict[str, Any]) -> None:
    answer: Answer | None = message.get("answer")
    if answer is not None:
        _render_status(answer)
        rows = comparison_table(answer.facts)
        if rows:
            st.dataframe(rows, hide_index=True, width="stretch")
        render_citations(backend, answer.citations, key=f"chat_{index}")
    _render_feedback(backend, index, message)


def _render_message(backend: Backend, index: int, message: dict[str, Any]) -> None:
    with st.chat_message(message["role"], avatar=USER_AVATAR if message["role"] == "user" else BOT_AVATAR):
        st.markdown(to_markdown(message["content"]))
        if message["role"] == "assistant":
            _render_answer_extras(backend, index, message)


def _answer(backend: Backend, question: str) -> None:
    messages = _messages()
    history = history_turns(messages)
    messages.append({"role": "user", "content": question})
    _render_message(backend, len(messages) - 1, messages[-1])
    with st.chat_message("assistant", avatar=BOT_AVATAR):
        try:
            with st.spinner("공고문에서 찾는 중…"):
                answer = backend.ask(question, history)
        except BackendError as exc:
            st.error(exc.reason)
            messages.pop()
            return
        st.write_stream(_words(to_markdown(answer.text)))
        messages.append({"role": "assistant", "content": answer.text, "answer": answer})
        _render_answer_extras(backend, len(messages) - 1, messages[-1])


def render_chat(backend: Backend) -> None:
    messages = _messages()
    log = st.container()
    with log:
        intro = st.empty()
        if not messages:
            with intro.container():
                st.markdown(
                    "공고문에 근거해 답하고, 답마다 **출처 문장**을 보여 드립니다. 예시로 시작해 보세요."
                )
                with st.container(horizontal=True, gap="small"):
                    for i, example in enumerate(EXAMPLES):
                        st.button(
                            example,
                            key=f"chat_example_{i}",
                            on_click=_choose_example,
                            args=(example,),
                            disabled=eval_running(),
                        )
        for index, message in enumerate(messages):
            _render_message(backend, index, message)
    busy = eval_running()
    prompt = st.chat_input(
        "평가가 끝나면 질문할 수 있습니다" if busy else PLACEHOLDER,
        key="chat_input",
        max_chars=1000,
        disabled=busy,
    )
    question = (prompt or st.session_state.pop(PENDING, None) or "").strip()
    if question:
        intro.empty()
        with log:
            _answer(backend, question)
    if messages:
        st.button("대화 새로 시작", key="chat_reset", type="tertiary", on_click=messages.clear)
