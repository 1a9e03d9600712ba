"""Chroma through llama-index: embedded in a temp folder, and a real `chroma run` server."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from ingest.pipeline import ingest_paths
from tests.conftest import SEEDS
from tests.processes import free_port, running

SEED = SEEDS / "2024-12-11_공고_2025년_시군구연고산업육성사업_시행계획_제주_세종.txt"


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    chroma = Path(sys.executable).with_name("chroma")
    data = tmp_path_factory.mktemp("chroma-server")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with running(
        [str(chroma), "run", "--path", str(data), "--host", "127.0.0.1", "--port", str(port)],
        ready=lambda: httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200,
        log_path=data.parent / "chroma.log",
        name="chroma run",
        timeout=60,
    ):
        yield url


def test_embedded_store_never_uses_chroma_default_embedding(tmp_path: Path) -> None:
    from ingest.vector_store import open_client, open_vector_store

    store = open_vector_store(open_client(tmp_path))
    assert (
        store.client._embedding_function is None
        or "Default" not in type(store.client._embedding_function).__name__
    )


def test_client_server_path_answers_from_chroma_server(chroma_server: str, tmp_path: Path) -> None:
    from assistant.service import Assistant
    from assistant.settings import Settings

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus / SEED.name)
    home = tmp_path / "home"
    report = ingest_paths([corpus], home, chroma_url=chroma_server)
    assert report.files[0].status == "indexed"
    assert not (home / "chroma").exists()  # vectors went to the server, not the embedded store

    assistant = Assistant(Settings(home=home, corpus=corpus, chroma_url=chroma_server, _env_file=None))
    dense = assistant.index.dense("온라인 접수기간", k=3)
    assert dense and all(cid in assistant.index.snapshot.chunks for cid, _ in dense)
    answer = assistant.ask("연고산업육성사업 온라인 접수 마감이 언제예요?")
    assert answer.status == "answered"
    assert "2024년 12월 27일" in answer.text
