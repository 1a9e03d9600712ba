"""The first-start progress file: written by a real ingest through ``on_progress``, read back by the app."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

from assistant.index_progress import (
    IndexProgress,
    ProgressWriter,
    clear_progress,
    process_alive,
    progress_path,
    read_progress,
)
from assistant.service import ensure_index
from assistant.settings import Settings
from tests.conftest import SEEDS


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_a_real_first_index_reports_each_file_then_done(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    names = sorted(p.name for p in SEEDS.iterdir())[:2]
    for name in names:
        shutil.copy(SEEDS / name, corpus / name)
    home = tmp_path / "home"
    seen: list[IndexProgress] = []
    writer = ProgressWriter(home)

    def record(name: str, done: int, total: int) -> None:
        writer(name, done, total)
        snapshot = read_progress(home)
        assert snapshot is not None
        seen.append(snapshot)

    assert writer.start(2).state == "running"
    settings = Settings(home=home, corpus=corpus, _env_file=None)
    ensure_index(settings, progress=False, background_spans=False, on_progress=record)
    writer.finish()

    assert [(s.file, s.done, s.total) for s in seen] == [(names[0], 0, 2), (names[1], 1, 2), ("", 2, 2)]
    assert all(s.state == "running" and s.active() for s in seen)
    final = read_progress(home)
    assert final is not None and final.state == "done" and final.done == 2 and final.fraction() == 1.0
    assert not final.active()  # the app stops waiting
    assert final.elapsed() >= 0 and final.remaining() is None

    # a second start finds the index and reports nothing
    calls: list[tuple[str, int, int]] = []
    ensure_index(settings, progress=False, background_spans=False, on_progress=lambda *a: calls.append(a))
    assert calls == []


def test_timing_estimates_from_the_pace_so_far(tmp_path: Path) -> None:
    clock = iter([100.0, 100.0, 160.0, 220.0])
    writer = ProgressWriter(tmp_path, clock=lambda: next(clock))
    writer.start(4)
    writer("b.hwp", 1, 4)
    progress = read_progress(tmp_path)
    assert progress is not None
    assert progress.elapsed(now=160.0) == 60.0
    assert progress.remaining(now=160.0) == 180.0  # 60 s a file, 3 files left
    assert progress.fraction() == 0.25
    failed = writer.fail("색인하지 못했습니다: 디스크가 가득 찼습니다")
    assert failed.state == "failed" and failed.active() and "디스크" in failed.error
    assert failed.elapsed() == 120.0


def test_an_indexer_that_is_gone_is_not_waited_for(tmp_path: Path) -> None:
    pid = _dead_pid()
    assert not process_alive(pid) and process_alive(ProgressWriter(tmp_path).current.pid)
    ProgressWriter(tmp_path, pid=pid).start(58)
    progress = read_progress(tmp_path)
    assert progress is not None and progress.state == "running" and not progress.active()


def test_unreadable_or_missing_files_read_as_none(tmp_path: Path) -> None:
    assert read_progress(tmp_path) is None
    progress_path(tmp_path).write_text("{not json", encoding="utf-8")
    assert read_progress(tmp_path) is None
    progress_path(tmp_path).write_text(json.dumps({"state": "running"}), encoding="utf-8")
    assert read_progress(tmp_path) is None
    clear_progress(tmp_path)
    assert not progress_path(tmp_path).exists()
    clear_progress(tmp_path)  # nothing to clear is fine


def test_a_long_running_first_start_indexes_keywords_first_and_the_worker_adds_the_vectors(
    tmp_path: Path,
) -> None:
    """`giljabi serve`/`ui` on an empty home: answerable by keywords at once, vectors from the background worker,
    taken into the vector store by the assistant that owns it."""
    from assistant.service import Assistant
    from ingest.chunk_vectors import missing_chunk_vector_docs
    from ingest.span_backfill import LOG_NAME

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    name = "2024-12-11_공고_2025년_시군구연고산업육성사업_시행계획_제주_세종.txt"
    shutil.copy(SEEDS / name, corpus / name)
    home = tmp_path / "home"
    settings = Settings(home=home, corpus=corpus, span_vectors=False, _env_file=None)
    ensure_index(settings, progress=False, background_spans=True)
    assistant = Assistant(settings)
    assert assistant.index.snapshot.vectors_missing  # no vector yet: keywords and cards only
    assert assistant.ask("연고산업육성사업 접수 마감이 언제예요?").status == "answered"
    deadline = 600.0
    started = time.monotonic()
    while missing_chunk_vector_docs(home) and time.monotonic() - started < deadline:
        time.sleep(1)
    assert missing_chunk_vector_docs(home) == []
    log = home / LOG_NAME
    while "문서 1개" not in log.read_text(encoding="utf-8") and time.monotonic() - started < deadline:
        time.sleep(1)  # after the vectors the worker stores the document's Kiwi analyses, then reports
    assert "문서 1개" in log.read_text(encoding="utf-8")
    assert assistant.index.attach_new_chunk_vectors() == 1
    assert assistant.index.dense("온라인 접수기간", k=3)
