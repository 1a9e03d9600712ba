"""FeedbackStore: the real SQLite file in a temp GILJABI_HOME."""

from __future__ import annotations

import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from assistant.feedback import FEEDBACK_FILE, FeedbackStore


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
