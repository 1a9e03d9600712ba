"""User feedback (👍/👎 on an answer) stored in SQLite under ``GILJABI_HOME``.

One short-lived connection per call keeps the store safe to use from the API's thread pool and
from Streamlit's script threads without sharing a connection across threads. A database that stays
locked (another writer, a backup tool) or cannot be opened raises ``FeedbackUnavailable`` after
``BUSY_TIMEOUT_S``; the HTTP edge answers it with 503.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

FEEDBACK_FILE = "feedback.sqlite3"
BUSY_TIMEOUT_S = 5.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    rating INTEGER NOT NULL CHECK (rating IN (1, -1)),
    comment TEXT
)
"""


class FeedbackUnavailable(Exception):
    """The feedback database is locked or cannot be used. ``reason`` is a Korean, user-facing explanation."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Feedback:
    id: int
    created_at: str
    question: str
    answer: str
    rating: int
    comment: str | None


class FeedbackStore:
    """Append-only feedback table in ``path`` (created on first use)."""

    def __init__(self, path: Path, timeout: float = BUSY_TIMEOUT_S) -> None:
        self.path = Path(path)
        self.timeout = timeout

    @classmethod
    def in_home(cls, home: Path) -> FeedbackStore:
        return cls(Path(home) / FEEDBACK_FILE)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with closing(sqlite3.connect(self.path, timeout=self.timeout)) as conn:
                conn.execute(_SCHEMA)
                with conn:  # commits on success, rolls back on error
                    yield conn
        except sqlite3.OperationalError as exc:
            # "database is locked" after the timeout, or a file that cannot be opened or written
            raise FeedbackUnavailable(
                "피드백 저장소가 잠겨 있거나 사용할 수 없어 저장하지 못했습니다. 잠시 후 다시 시도해 주세요."
            ) from exc

    def add(self, question: str, answer: str, rating: int, comment: str | None = None) -> int:
        if isinstance(rating, bool) or rating not in (1, -1):
            raise ValueError(f"rating must be 1 or -1, got {rating!r}")
        created = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        with self._connect() as conn:
            cur = conn.execute(
                "INSERT INTO feedback (created_at, question, answer, rating, comment) VALUES (?, ?, ?, ?, ?)",
                (created, question, answer, rating, comment),
            )
            return int(cur.lastrowid or 0)

    def get(self, feedback_id: int) -> Feedback | None:
        with self._connect() as conn:
            row = conn.execute(
                "SELECT id, created_at, question, answer, rating, comment FROM feedback WHERE id = ?",
                (feedback_id,),
            ).fetchone()
        return Feedback(*row) if row else None

    def all(self) -> list[Feedback]:
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT id, created_at, question, answer, rating, comment FROM feedback ORDER BY id"
            ).fetchall()
        return [Feedback(*row) for row in rows]
