"""User feedback (👍/👎 on an answer) stored in SQLite under ``GILJABI_HOME``.

One short-lived connection per call keeps the store safe to use from the API's thread pool and
from Streamlit's script threads without sharing a connection across threads.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

FEEDBACK_FILE = "feedback.sqlite3"

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

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    @classmethod
    def in_home(cls, home: Path) -> FeedbackStore:
        return cls(Path(home) / FEEDBACK_FILE)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(self.path, timeout=10.0)) as conn:
            conn.execute(_SCHEMA)
            with conn:  # commits on success, rolls back on error
                yield conn

    def add(self, question: str, answer: str, rating: int, comment: str | None = None) -> int:
        if rating not in (1, -1):
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
