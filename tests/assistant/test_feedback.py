"""FeedbackStore and POST /v1/feedback: the real SQLite file in a temp GILJABI_HOME."""

from __future__ import annotations

import re
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.feedback import FEEDBACK_FILE, FeedbackStore, FeedbackUnavailable

HANGUL = re.compile(r"[가-힣]")


def test_round_trip(tmp_path: Path) -> None:
    store = FeedbackStore.in_home(tmp_path / "home")
    first = store.add("팁스 지원한도는 얼마인가요?", "최대 5억원입니다 [1].", 1)
    second = store.add("자부담 비율은?", "총 연구개발비의 25% 이상 [1].", -1, "현금 비율도 알려주세요")
    assert second > first
    row = store.get(second)
    assert row is not None
    assert (row.question, row.answer, row.rating, row.comment) == (
        "자부담 비율은?",
        "총 연구개발비의 25% 이상 [1].",
        -1,
        "현금 비율도 알려주세요",
    )
    assert row.created_at.endswith("+00:00")
    assert [f.id for f in store.all()] == [first, second]
    assert (tmp_path / "home" / FEEDBACK_FILE).is_file()


def test_survives_reopening(tmp_path: Path) -> None:
    fid = FeedbackStore.in_home(tmp_path).add("q", "a", 1)
    with sqlite3.connect(tmp_path / FEEDBACK_FILE) as conn:
        assert conn.execute("SELECT question, rating FROM feedback WHERE id = ?", (fid,)).fetchone() == (
            "q",
            1,
        )
    assert FeedbackStore.in_home(tmp_path).get(fid) is not None
    assert FeedbackStore.in_home(tmp_path).get(fid + 100) is None


@pytest.mark.parametrize("rating", [0, 2, -2])
def test_rejects_other_ratings(tmp_path: Path, rating: int) -> None:
    store = FeedbackStore.in_home(tmp_path)
    with pytest.raises(ValueError, match="rating"):
        store.add("q", "a", rating)
    assert store.all() == []


def test_concurrent_writers_get_distinct_ids(tmp_path: Path) -> None:
    store = FeedbackStore.in_home(tmp_path)
    with ThreadPoolExecutor(max_workers=8) as pool:
        ids = list(pool.map(lambda i: store.add(f"질문 {i}", f"답 {i}", 1 if i % 2 else -1), range(40)))
    assert len(set(ids)) == 40
    assert sorted(f.question for f in store.all()) == sorted(f"질문 {i}" for i in range(40))


def test_bool_is_not_a_rating(tmp_path: Path) -> None:
    store = FeedbackStore.in_home(tmp_path)
    with pytest.raises(ValueError, match="rating"):
        store.add("q", "a", True)
    assert store.all() == []


def _locked(path: Path) -> sqlite3.Connection:
    """Another writer holding the database (a backup tool, a second process)."""
    FeedbackStore(path).all()  # create it
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    return holder


def test_locked_database_is_unavailable_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / FEEDBACK_FILE
    holder = _locked(path)
    try:
        with pytest.raises(FeedbackUnavailable) as info:
            FeedbackStore(path, timeout=0.1).add("q", "a", 1)
        assert "잠겨" in info.value.reason
    finally:
        holder.rollback()
        holder.close()
    assert FeedbackStore(path).add("q", "a", 1) > 0  # usable again once released


# ---------------------------------------------------------------- POST /v1/feedback (no index needed)

GOOD = {"question": "팁스 지원한도는?", "answer": "최대 5억원입니다 [1].", "rating": 1}


@pytest.mark.parametrize("rating", [True, False, "1", 1.0, 0, 2])
def test_http_rating_must_be_exactly_one_or_minus_one(light_client: TestClient, rating: object) -> None:
    r = light_client.post("/v1/feedback", json={**GOOD, "rating": rating})
    assert r.status_code == 422, r.text
    detail = r.json()["detail"]
    assert detail[0]["loc"][-1] == "rating" and "1" in detail[0]["msg"] and "-1" in detail[0]["msg"]
    assert HANGUL.search(detail[0]["msg"])


@pytest.mark.parametrize("answer", ["", "   ", "\n\t"])
def test_http_blank_answer_is_refused(light_client: TestClient, answer: str) -> None:
    r = light_client.post("/v1/feedback", json={**GOOD, "answer": answer})
    assert r.status_code == 422, r.text
    assert "답변(answer)이 비어 있습니다" in r.json()["detail"][0]["msg"]


def test_http_feedback_is_stored(light_client: TestClient) -> None:
    for rating in (1, -1):
        r = light_client.post("/v1/feedback", json={**GOOD, "rating": rating})
        assert r.status_code == 201, r.text
        assert r.json()["status"] == "stored"


def test_http_locked_database_is_a_korean_503(
    light_client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = light_client.app.state.giljabi  # type: ignore[attr-defined]
    monkeypatch.setattr(state, "feedback", FeedbackStore(state.feedback.path, timeout=0.1))
    holder = _locked(state.feedback.path)
    try:
        r = light_client.post("/v1/feedback", json=GOOD)
    finally:
        holder.rollback()
        holder.close()
    assert r.status_code == 503, r.text
    assert "잠겨" in r.json()["detail"] and r.headers["retry-after"]
