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
    """A private copy of the shared index for tests that upload (they change the corpus and the index)."""
    base = tmp_path_factory.mktemp("writable")
    shutil.copytree(built_home, base / "home")
    shutil.copytree(sample_corpus, base / "corpus")
    return api_settings.model_copy(update={"home": base / "home", "corpus": base / "corpus"})
