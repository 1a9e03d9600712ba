"""`giljabi serve` as a real process on a free loopback port, spoken to over HTTP."""

from __future__ import annotations

import os
import shutil
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from assistant.service import Assistant
from tests.processes import free_port, running

REPO = Path(__file__).resolve().parents[2]
START_TIMEOUT = 180.0


def giljabi_command() -> list[str]:
    exe = shutil.which("giljabi", path=str(Path(sys.executable).parent)) or shutil.which("giljabi")
    return [exe] if exe else [sys.executable, "-m", "assistant.cli"]


@pytest.fixture(scope="module")
def server(built_home: Path, sample_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    home, corpus = built_home, sample_corpus
    port = free_port()
    env = {
        **os.environ,
        "GILJABI_HOME": str(home),
        "GILJABI_CORPUS": str(corpus),
        "GILJABI_TODAY": "2026-11-22",
        "GILJABI_ADMIN_TOKEN": "",
        "GILJABI_LLM_BASE_URL": "",
    }
    env.pop("GILJABI_API_URL", None)
    base = f"http://127.0.0.1:{port}"
    with running(
        [*giljabi_command(), "serve", "--host", "127.0.0.1", "--port", str(port)],
        ready=lambda: httpx.get(f"{base}/healthz", timeout=2).status_code == 200,
        log_path=tmp_path_factory.mktemp("serve") / "serve.log",
        name="giljabi serve",
        env=env,
        cwd=REPO,
        timeout=START_TIMEOUT,
        stop_signal=signal.SIGINT,
    ):
        yield base


def test_healthz_over_http(server: str, assistant: Assistant) -> None:
    r = httpx.get(f"{server}/healthz", timeout=10)
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok"
    assert (body["documents"], body["chunks"]) == assistant.stats()  # the same index, opened in-process
    assert "x-request-id" in r.headers


def test_ask_over_http(server: str) -> None:
    r = httpx.post(f"{server}/v1/ask", json={"question": "팁스 지원한도는 얼마인가요?"}, timeout=60)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["status"] == "answered"
    assert "팁스" in (body["program"] or "")
    assert body["citations"] and "팁스" in body["citations"][0]["title"]
    assert "억원" in body["answer"]


def test_korean_validation_error_over_http(server: str) -> None:
    r = httpx.post(f"{server}/v1/ask", json={"question": "   "}, timeout=10)
    assert r.status_code == 422
    assert "질문을 입력" in r.json()["detail"][0]["msg"]
    assert r.headers["content-type"].startswith("application/json")


def test_uploads_are_off_without_token(server: str) -> None:
    r = httpx.post(f"{server}/v1/documents", files={"file": ("a.txt", b"x")}, timeout=10)
    assert r.status_code == 403 and "업로드가 꺼져" in r.json()["detail"]
