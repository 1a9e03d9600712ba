"""Fixtures for the evals tests: real corpus files and a real index built from the four seeds."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "corpus"
SEEDS = sorted((CORPUS / "seeds").glob("*.txt"))
DATASETS = REPO / "evals" / "datasets"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture(scope="session")
def datasets_dir() -> Path:
    return DATASETS


@pytest.fixture(scope="session")
def seed_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real index (Chroma + BM25 in a temp folder) over the four seed documents."""
    from ingest.pipeline import ingest_paths

    home = tmp_path_factory.mktemp("giljabi-home")
    report = ingest_paths(SEEDS, home, chroma_url=None, prune=False, progress=False)
    assert report.ok == len(SEEDS), report
    return home


@pytest.fixture(scope="session")
def seed_assistant(seed_home: Path):
    from assistant.service import Assistant
    from assistant.settings import Settings

    return Assistant.from_settings(Settings(home=seed_home, corpus=CORPUS / "seeds"))
