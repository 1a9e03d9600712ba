"""Fixtures for the HTTP API tests, on top of the shared session index in ``tests/conftest.py``
(``settings``, ``assistant``, ``built_home``, ``sample_corpus``: seeds + a few real files + refused ones)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.api import create_app
from assistant.settings import Settings
from tests.conftest import SEEDS as SEEDS_DIR

ADMIN_TOKEN = "test-admin-token"


@pytest.fixture(scope="session")
def api_settings(settings: Settings) -> Settings:
    """The shared index's settings with an admin token and a 1 MB upload limit."""
    return settings.model_copy(update={"admin_token": ADMIN_TOKEN, "max_upload_mb": 1, "llm_base_url": None})


@pytest.fixture(scope="session")
def client(assistant: object, api_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(assistant, api_settings)) as c:  # type: ignore[arg-type]
        yield c


@pytest.fixture(scope="module")
def writable_settings(
    built_home: Path, sample_corpus: Path, api_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Settings:
    """A private index for tests that upload (they change the corpus and the index).

    Built fresh from the seeds: copying a live Chroma folder can leave its HNSW files behind its
    SQLite log, so new vectors would not show up in unfiltered queries of the copy.
    """
    from ingest.pipeline import ingest_paths

    base = tmp_path_factory.mktemp("writable")
    shutil.copytree(SEEDS_DIR, base / "corpus")
    ingest_paths([base / "corpus"], base / "home")

    # span_vectors off: an upload would otherwise start a background backfill process (tested on its own)
    return api_settings.model_copy(
        update={"home": base / "home", "corpus": base / "corpus", "span_vectors": False}
    )


@pytest.fixture
def light_client(tmp_path: Path) -> Iterator[TestClient]:
    """The API over a reader-only fake assistant (no index): fast tests of the HTTP edge."""
    from tests.assistant.light_app import ReaderOnlyAssistant, light_settings

    settings = light_settings(tmp_path)
    with TestClient(create_app(ReaderOnlyAssistant(settings), settings)) as c:  # type: ignore[arg-type]
        yield c
