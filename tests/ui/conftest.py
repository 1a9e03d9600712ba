"""The environment the Streamlit app reads its settings from, pointing at the shared session index
built by ``tests/conftest.py`` (``built_home``, ``sample_corpus``)."""

from __future__ import annotations

from pathlib import Path

import pytest

ADMIN_TOKEN = "test-admin-token"


@pytest.fixture
def app_env(built_home: Path, sample_corpus: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """GILJABI_* variables for the app: in-process backend, today 2026-11-22, no LLM."""
    env = {
        "GILJABI_HOME": str(built_home),
        "GILJABI_CORPUS": str(sample_corpus),
        "GILJABI_TODAY": "2026-11-22",
        "GILJABI_ADMIN_TOKEN": ADMIN_TOKEN,
        "GILJABI_LLM_BASE_URL": "",
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("GILJABI_API_URL", raising=False)
    return env
