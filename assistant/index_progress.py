"""How far the first-start indexing has got, shared between ``giljabi ui`` and the Streamlit app.

``giljabi ui`` starts the app at once and indexes the bundled corpus in its own process; a
``ProgressWriter`` (an ``ingest.pipeline`` ``on_progress`` callback) keeps a small JSON file in the home
folder up to date, and the app reads it with ``read_progress`` to show a progress page until the index is
ready. The file names the writing process, so a page never waits for an indexer that is gone.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Literal

PROGRESS_FILE = "index-progress.json"
State = Literal["running", "done", "failed"]


@dataclass(frozen=True)
class IndexProgress:
    """One snapshot: the file being read, ``done`` of ``total`` files, when it started (epoch seconds)."""

    state: State
    file: str
    done: int
    total: int
    started_at: float
    updated_at: float
    pid: int
    error: str = ""

    def elapsed(self, now: float | None = None) -> float:
        end = self.updated_at if self.state != "running" else (time.time() if now is None else now)
        return max(0.0, end - self.started_at)

    def remaining(self, now: float | None = None) -> float | None:
        """Seconds left at the pace so far, or None before the first file is done."""
        if self.state != "running" or self.done <= 0 or self.total <= self.done:
            return None
        return self.elapsed(now) / self.done * (self.total - self.done)

    def fraction(self) -> float:
        return min(1.0, self.done / self.total) if self.total > 0 else 0.0

    def writer_alive(self) -> bool:
        """Whether the process that writes this file still runs."""
        return process_alive(self.pid)

    def active(self) -> bool:
        """Indexing is under way, or failed in a ``giljabi ui`` that still runs (its app shows why)."""
        return self.state in ("running", "failed") and self.writer_alive()


def process_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, owned by someone else
        return True
    return True


def progress_path(home: Path) -> Path:
    return home / PROGRESS_FILE


def read_progress(home: Path) -> IndexProgress | None:
    """The latest snapshot in ``home``, or None when there is none (or it cannot be read)."""
    try:
        data = json.loads(progress_path(home).read_text(encoding="utf-8"))
        return IndexProgress(**data)
    except (OSError, ValueError, TypeError):
        return None


class ProgressWriter:
    """Writes the snapshot file; call it as ``on_progress(file name, done, total)``."""

    def __init__(self, home: Path, pid: int | None = None, clock: Callable[[], float] = time.time) -> None:
        self.home = home
        self.clock = clock
        now = clock()
        self.current = IndexProgress("running", "", 0, 0, now, now, os.getpid() if pid is None else pid)

    def start(self, total: int = 0) -> IndexProgress:
        """Mark indexing as under way before the first file is read."""
        return self._write(replace(self.current, total=total))

    def __call__(self, name: str, done: int, total: int) -> None:
        self._write(replace(self.current, file=name, done=done, total=total))

    def finish(self) -> IndexProgress:
        return self._write(replace(self.current, state="done", file="", done=self.current.total))

    def fail(self, reason: str) -> IndexProgress:
        return self._write(replace(self.current, state="failed", error=reason))

    def _write(self, progress: IndexProgress) -> IndexProgress:
        self.current = replace(progress, updated_at=self.clock())
        self.home.mkdir(parents=True, exist_ok=True)
        target = progress_path(self.home)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(asdict(self.current), ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, target)  # a reader never sees half a file
        return self.current


def clear_progress(home: Path) -> None:
    """Forget an earlier run's snapshot."""
    progress_path(home).unlink(missing_ok=True)
