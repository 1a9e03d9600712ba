"""A small real index (4 seed notices + a real HWPX + a DRM-wrapped "PDF") built once per session.

The same builder lives in ``tests/ui/conftest.py``; both share one build through the session's base
temp folder, so running API and UI tests together ingests the files only once.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.api import create_app
from assistant.service import Assistant
from assistant.settings import Settings
from ingest.pipeline import ingest_paths

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "corpus"
TIPS = "2025년_팁스_창업기업_지원계획_수정_공_101298852483808541.hwpx"
DRM = "2025년_산업기술국제협력사업_양자-스위스_공고_접수_및_안내.pdf"
FIXTURE_FILES = (*sorted((CORPUS / "seeds").glob("*.txt")), CORPUS / "real" / TIPS, CORPUS / "real" / DRM)
TODAY = dt.date(2026, 11, 22)
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


@pytest.fixture(scope="session")
def settings(index_dirs: tuple[Path, Path]) -> Settings:
    home, corpus = index_dirs
    return Settings(home=home, corpus=corpus, today=TODAY, admin_token=ADMIN_TOKEN, max_upload_mb=1)


@pytest.fixture(scope="session")
def assistant(settings: Settings) -> Assistant:
    return Assistant.from_settings(settings)


@pytest.fixture(scope="session")
def client(assistant: Assistant) -> Iterator[TestClient]:
    with TestClient(create_app(assistant)) as c:
        yield c


@pytest.fixture(scope="module")
def writable_settings(index_dirs: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A private copy of the index for tests that upload (they change the corpus and the index)."""
    home, corpus = index_dirs
    base = tmp_path_factory.mktemp("writable")
    shutil.copytree(home, base / "home")
    shutil.copytree(corpus, base / "corpus")
    return Settings(
        home=base / "home", corpus=base / "corpus", today=TODAY, admin_token=ADMIN_TOKEN, max_upload_mb=1
    )
