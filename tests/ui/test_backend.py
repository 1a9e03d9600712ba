"""Both UI backends give the same answers: in-process Assistant and the HTTP API (via TestClient)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from assistant.api import create_app
from assistant.service import Assistant
from assistant.settings import Settings
from assistant.types import Turn
from ui.backend import BackendError, HttpBackend, LocalBackend, make_backend

TODAY = dt.date(2026, 11, 22)
QUESTION = "팁스 지원한도는 얼마인가요?"


@pytest.fixture(scope="module")
def ui_settings(settings: Settings) -> Settings:
    """The shared session index (tests/conftest.py), no admin token, no LLM."""
    return settings.model_copy(update={"admin_token": None, "llm_base_url": None, "today": TODAY})


@pytest.fixture(scope="module")
def local(assistant: Assistant, ui_settings: Settings) -> LocalBackend:
    return LocalBackend(assistant, ui_settings)


@pytest.fixture(scope="module")
def remote(local: LocalBackend, ui_settings: Settings) -> Iterator[HttpBackend]:
    with TestClient(create_app(local.assistant, ui_settings)) as client:
        yield HttpBackend("http://testserver", today=TODAY, client=client)


def test_ask_is_the_same_both_ways(local: LocalBackend, remote: HttpBackend) -> None:
    history = (Turn("user", "팁스가 뭐예요?"), Turn("assistant", "팁스는 민간 투자 연계 창업 지원입니다."))
    a, b = local.ask(QUESTION, history), remote.ask(QUESTION, history)
    assert (a.text, a.status, a.intent, a.program) == (b.text, b.status, b.intent, b.program)
    assert a.citations == b.citations and a.citations


def test_lookups_are_the_same_both_ways(local: LocalBackend, remote: HttpBackend) -> None:
    assert local.stats() == remote.stats()
    assert local.documents() == remote.documents()
    hits_a, hits_b = local.search("자부담 비율", 3), remote.search("자부담 비율", 3)
    assert [(h.chunk.doc_id, h.chunk.start, h.chunk.text) for h in hits_a] == [
        (h.chunk.doc_id, h.chunk.start, h.chunk.text) for h in hits_b
    ]
    assert local.programs() == remote.programs()
    doc_id = local.programs()[0]["doc_id"]
    assert local.program(doc_id) == remote.program(doc_id)
    assert local.document_text(doc_id) == remote.document_text(doc_id)
    assert remote.program("없는문서") is None and local.program("없는문서") is None
    with pytest.raises(KeyError):
        remote.document_text("없는문서")
    with pytest.raises(KeyError):
        local.document_text("없는문서")


def test_errors_reach_the_page_in_korean(local: LocalBackend, remote: HttpBackend) -> None:
    with pytest.raises(BackendError, match="업로드가 꺼져"):
        remote.upload("a.txt", b"x", "token")
    with pytest.raises(BackendError, match="업로드가 꺼져"):
        local.upload("a.txt", b"x", "token")
    with pytest.raises(BackendError, match="질문을 입력"):
        remote.ask("   ")
    down = HttpBackend(
        "http://127.0.0.1:9", today=TODAY, client=httpx.Client(base_url="http://127.0.0.1:9", timeout=2)
    )
    with pytest.raises(BackendError, match="연결할 수 없습니다"):
        down.stats()


def test_uploads_are_known_to_be_off_and_tokens_checked_before_a_file_is_chosen(
    local: LocalBackend, remote: HttpBackend, ui_settings: Settings
) -> None:
    assert not local.uploads_enabled() and not remote.uploads_enabled()
    for backend in (local, remote):
        with pytest.raises(BackendError, match="업로드가 꺼져"):
            backend.check_token("anything")
    on = ui_settings.model_copy(update={"admin_token": "secret-token"})
    local_on = LocalBackend(local.assistant, on)
    with TestClient(create_app(local.assistant, on)) as client:
        remote_on = HttpBackend("http://testserver", today=TODAY, client=client)
        for backend in (local_on, remote_on):
            assert backend.uploads_enabled()
            for wrong in ("wrong-token", "한글-토큰"):  # a header cannot carry Hangul: still a Korean error
                with pytest.raises(BackendError, match="올바르지 않습니다"):
                    backend.check_token(wrong)
            backend.check_token("secret-token")  # accepted: no error
    assert local.upload_limit_mb == ui_settings.max_upload_mb == remote.upload_limit_mb


def test_feedback_both_ways(local: LocalBackend, remote: HttpBackend) -> None:
    first = local.feedback(QUESTION, "최대 5억원", 1)
    second = remote.feedback(QUESTION, "최대 5억원", -1, "딥테크 트랙도 알려주세요")
    assert second > first


def test_make_backend_picks_http_when_api_url_is_set(ui_settings: Settings) -> None:
    backend = make_backend(ui_settings.model_copy(update={"api_url": "http://127.0.0.1:9/"}))
    assert isinstance(backend, HttpBackend) and backend.base_url == "http://127.0.0.1:9"


def test_locked_feedback_store_is_a_korean_error_both_ways(tmp_path: Path) -> None:
    """No index needed: the in-process store and the API's 503 both reach the page as BackendError."""
    import sqlite3

    from assistant.feedback import FeedbackStore
    from tests.assistant.light_app import ReaderOnlyAssistant, light_settings

    settings = light_settings(tmp_path)
    local = LocalBackend(None, settings)
    local._feedback = FeedbackStore(local._feedback.path, timeout=0.1)
    local._feedback.all()  # create the database
    app = create_app(ReaderOnlyAssistant(settings), settings)  # type: ignore[arg-type]
    app.state.giljabi.feedback = local._feedback
    holder = sqlite3.connect(local._feedback.path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(BackendError, match="잠겨"):
            local.feedback(QUESTION, "최대 5억원", 1)
        with TestClient(app) as client, pytest.raises(BackendError, match="잠겨"):
            HttpBackend("http://testserver", today=TODAY, client=client).feedback(QUESTION, "최대 5억원", 1)
    finally:
        holder.rollback()
        holder.close()


def test_eval_datasets_sort_naturally_and_the_upload_limit_is_the_servers() -> None:
    from assistant.commands.ui import streamlit_args
    from ui.eval_page import natural_key

    names = sorted(["holdout10.jsonl", "holdout2.jsonl", "real.jsonl", "holdout9.jsonl"], key=natural_key)
    assert names == ["holdout2.jsonl", "holdout9.jsonl", "holdout10.jsonl", "real.jsonl"]
    args = streamlit_args(8501, "127.0.0.1", 20)
    assert args[args.index("--server.maxUploadSize") + 1] == "20"


def test_profile_match_is_the_same_both_ways(local: LocalBackend, remote: HttpBackend) -> None:
    """The 상담원 form's body gets the same ranked programs in-process and over HTTP; bad input is Korean."""
    from ui.agent import profile_body

    body = profile_body("창업 5년차 제조업 매출 12억", "", "서울", first_rnd=True)
    assert body == {"text": "창업 5년차 제조업 매출 12억", "region": "서울", "first_rnd": True}
    mine, theirs = local.match(body), remote.match(body)
    assert mine["programs"] and mine == theirs
    for backend in (local, remote):
        with pytest.raises(BackendError, match="회사 정보"):
            backend.match({})
        with pytest.raises(BackendError, match="지역"):
            backend.match({"region": "아틀란티스"})
