"""A small real index for the UI tests, and the environment the Streamlit app reads its settings from.

Same files and builder as ``tests/assistant/conftest.py``; the build is shared through the session's
base temp folder, so running both folders together ingests the files only once.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ingest.pipeline import ingest_paths

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "corpus"
TIPS = "2025년_팁스_창업기업_지원계획_수정_공_101298852483808541.hwpx"
DRM = "2025년_산업기술국제협력사업_양자-스위스_공고_접수_및_안내.pdf"
FIXTURE_FILES = (*sorted((CORPUS / "seeds").glob("*.txt")), CORPUS / "real" / TIPS, CORPUS / "real" / DRM)
ADMIN_TOKEN = "test-admin-token"


def build_index(base: Path) -> tuple[Path, Path]:
    """(home, corpus) of the shared test index under ``base``; built on first call."""
    home, corpus, ready = base / "home", base / "corpus", base / "READY"
    if not ready.exists():
        shutil.rmtree(base, ignore_errors=True)
        corpus.mkdir(parents=True)
        for path in FIXTURE_FILES:
            shutil.copy2(path, corpus / path.name)
        report = ingest_paths([corpus], home)
        assert report.ok == len(FIXTURE_FILES) - 1 and report.failed == 1, report
        ready.touch()
    return home, corpus


@pytest.fixture(scope="session")
def index_dirs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return build_index(tmp_path_factory.getbasetemp() / "giljabi-index")


@pytest.fixture
def app_env(index_dirs: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """GILJABI_* variables pointing the app at the test index (in-process backend, today 2026-11-22)."""
    home, corpus = index_dirs
    env = {
        "GILJABI_HOME": str(home),
        "GILJABI_CORPUS": str(corpus),
        "GILJABI_TODAY": "2026-11-22",
        "GILJABI_ADMIN_TOKEN": ADMIN_TOKEN,
        "GILJABI_LLM_BASE_URL": "",
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("GILJABI_API_URL", raising=False)
    return env
