"""The Streamlit app driven with AppTest against the real in-process assistant and test index."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from assistant.feedback import FeedbackStore
from tests.ui.conftest import ADMIN_TOKEN

APP = Path(__file__).resolve().parents[2] / "ui" / "app.py"
DEADLINE_Q = "시군구연고산업육성사업 접수 마감이 언제예요?"
TIMEOUT = 120
LIST_LINE = re.compile(r"^\s*\d+[.)]\s", re.M)  # what Markdown turns into an ordered list


def start_app() -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, at.exception
    return at


def notice_uploaders(at: AppTest) -> list[Any]:
    """The 문서 tab's upload widgets (the 평가 tab has its own, for datasets)."""
    return [u.proto for u in at.get("file_uploader") if u.proto.label.startswith("공고문 파일")]


def markdown_texts(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown]


def test_tabs_and_examples(app_env: dict[str, str]) -> None:
    at = start_app()
    labels = [t.label for t in at.tabs]
    assert labels[:3] == [
        ":material/chat: 상담",
        ":material/support_agent: 상담원",
        ":material/description: 문서",
    ]
    assert [b.label for b in at.button][:3] == [
        "시군구연고산업육성사업 접수 마감이 언제예요?",
        "팁스 지원한도는 얼마인가요?",
        "자부담 비율은 어떻게 되나요?",
    ]
    assert any(re.search(r"문서 \d+개 · 구절 \d+개 · 기준일 2026-11-22", c.value) for c in at.caption)


def test_chat_answer_citations_follow_up_and_feedback(app_env: dict[str, str]) -> None:
    at = start_app()
    at.button(key="chat_example_0").click().run()
    assert not at.exception, at.exception

    user, bot = at.chat_message[0], at.chat_message[1]
    assert user.name == "user" and user.markdown[0].value == DEADLINE_Q
    assert bot.name == "assistant"
    assert "12월 27일" in bot.markdown[0].value
    # numbered citations, each opening to the quote highlighted in its document context
    labels = [e.label for e in at.expander]
    assert labels and labels[0].startswith("[1] ") and "시군구연고산업육성사업" in labels[0]
    first = at.session_state["chat_messages"][1]["answer"]
    context = [m for m in markdown_texts(at) if 'class="gj-quote"' in m]
    assert context and first.citations[0].quote.splitlines()[0][:20] in context[0]
    assert any(first.citations[0].source in m for m in markdown_texts(at))
    assert not [b for b in at.button if b.key and b.key.startswith("chat_example_")]

    # a follow-up keeps the program from the conversation
    at.chat_input[0].set_value("그럼 지원 대상은 누구예요?").run()
    assert not at.exception, at.exception
    messages = at.session_state["chat_messages"]
    assert [m["role"] for m in messages] == ["user", "assistant", "user", "assistant"]
    assert messages[3]["answer"].program == first.program
    assert messages[3]["answer"].citations

    # '도움돼요' (thumbs up) on the first answer is stored with its question and answer
    at.button(key="chat_up_1").click().run()
    assert not at.exception, at.exception
    feedback_id = at.session_state["chat_messages"][1]["feedback_id"]
    row = FeedbackStore.in_home(Path(app_env["GILJABI_HOME"])).get(feedback_id)
    assert row is not None
    assert (row.question, row.answer, row.rating) == (DEADLINE_Q, first.text, 1)
    assert any("의견을 저장했습니다" in c.value for c in at.caption)


def test_chat_refusal_points_to_1357(app_env: dict[str, str]) -> None:
    at = start_app()
    at.chat_input[0].set_value("주식 투자 종목 추천해 주세요").run()
    assert not at.exception, at.exception
    answer = at.session_state["chat_messages"][1]["answer"]
    assert answer.status in ("rejected", "not_found")
    assert any("1357" in i.value for i in at.info)


@pytest.fixture
def closing_env(app_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Four days before the 시군구연고산업 deadline (2024-12-27 18:00), so it is closing soon."""
    monkeypatch.setenv("GILJABI_TODAY", "2024-12-23")
    return {**app_env, "GILJABI_TODAY": "2024-12-23"}


def test_agent_lookup_card_script_and_closing_list(closing_env: dict[str, str]) -> None:
    at = start_app()
    # the closing-soon list is there before any lookup
    assert any("D-4" in m and "시군구연고산업육성사업" in m for m in markdown_texts(at))

    at.text_input(key="agent_query").input("시군구연고산업육성사업 마감일")
    next(b for b in at.button if b.label == "찾기").click()
    at.run()
    assert not at.exception, at.exception
    texts = markdown_texts(at)
    assert any(t.startswith("#### ") and "시군구연고산업육성사업" in t for t in texts)
    assert "**접수기간**" in texts
    period = next(t for t in texts if "12. 16." in t)
    assert period.startswith("2024\\. 12. 16.") and "2024. 12. 27. 18:00" in period  # escaped: no list
    assert not [t for t in texts if LIST_LINE.search(t)], "a line became an ordered list"
    assert ":orange-badge[마감임박 · D-4]" in texts
    assert any(t.startswith("**지원대상**") for t in texts)
    assert any(t.startswith("**문의처**") for t in texts)
    script = at.code[0].value
    assert script.startswith("문의하신 ") and "안내드리겠습니다" in script
    assert "12월 27일" in script and "[1]" not in script and "•" not in script
    assert any(e.label.startswith("[1] ") for e in at.expander)
    assert "##### 관련 구절" in texts


def test_documents_tab_lists_refused_files(app_env: dict[str, str], sample_corpus: Path) -> None:
    at = start_app()
    table = at.dataframe[0].value
    assert set(table["파일"]) == {p.name for p in sample_corpus.iterdir()}
    refused = table[table["파일"].str.contains("양자-스위스")]
    assert len(refused) == 1 and refused.iloc[0]["상태"] == "읽지 못함" and "DRM" in refused.iloc[0]["사유"]
    assert table.iloc[0]["상태"] == "읽지 못함"  # refused files first
    n_ok = int((table["상태"] == "색인됨").sum())
    n_bad = int((table["상태"] == "읽지 못함").sum())
    assert n_bad >= 1 and f"색인된 문서 **{n_ok}개**, 읽지 못한 파일 **{n_bad}개**" in markdown_texts(at)
    # the refused file's reason is readable above the table, not only in a column off-screen
    assert any("양자-스위스" in w.value and "DRM" in w.value for w in at.warning)

    # uploads are on (token set): the upload form appears only for the right token
    assert any("관리자 토큰을 입력하면" in c.value for c in at.caption)
    at.text_input(key="docs_token").input("아무거나").run()
    assert any("올바르지 않습니다" in e.value for e in at.error) and not notice_uploaders(at)
    at.text_input(key="docs_token").input(ADMIN_TOKEN).run()
    assert not at.error
    uploader = notice_uploaders(at)[0]
    assert "최대 20MB" in uploader.label and uploader.max_upload_size_mb == 20
    assert [c.label for c in at.checkbox if c.key == "docs_replace"] == ["같은 이름이면 교체"]
    assert at.checkbox(key="docs_replace").value is False  # replacing is never the default


def test_documents_tab_says_up_front_that_uploads_are_off(
    app_env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GILJABI_ADMIN_TOKEN", "")
    at = start_app()
    assert any("업로드가 꺼져" in i.value and "GILJABI_ADMIN_TOKEN" in i.value for i in at.info)
    assert not [t for t in at.text_input if t.key == "docs_token"]
