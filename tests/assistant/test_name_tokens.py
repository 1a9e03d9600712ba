"""The program names' Kiwi tokens kept in the index: written by the first start, read by the next one, which
builds the same resolver without analysing them (real Kiwi, real seed files through the docstore)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from assistant import name_tokens
from assistant.corpus_view import derive
from assistant.index import SearchIndex
from ingest import korean
from ingest.pipeline import ingest_paths
from tests.conftest import SEEDS

FILES = sorted(SEEDS.glob("*.txt"))[:3]


@pytest.fixture()
def home(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for f in FILES:
        shutil.copy(f, corpus / f.name)
    home = tmp_path / "home"
    ingest_paths([corpus], home, span_vectors=False, chunk_vectors=False)
    return home


def test_a_second_start_reads_the_names_tokens_instead_of_analysing_them(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(korean, "_known_tokens", {})  # as in a fresh process
    index = SearchIndex(home)
    first = derive(index, index.snapshot).resolver
    stored = name_tokens.read(home)
    assert stored  # the first start wrote what it analysed
    names = {n.replace("_", " ") for d, doc in index.snapshot.docs.items() for n in [doc.title]}
    assert names <= set(stored)
    for text in names:
        assert stored[text] == korean.keyword_tokens(text)

    monkeypatch.setattr(korean, "_known_tokens", {})
    with korean.recording_tokens() as analysed:
        second = derive(index, index.snapshot).resolver
    assert not names & set(analysed)  # the names came from the file
    assert second.keys == first.keys and second.names == first.names


def test_a_file_of_another_analyser_is_ignored_and_rewritten(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = home / "index" / name_tokens.FILE_NAME
    path.write_text(json.dumps({"analyser": "kiwipiepy 0.0.0 other", "tokens": {"가나": ["다라"]}}), "utf-8")
    assert name_tokens.read(home) == {}
    monkeypatch.setattr(korean, "_known_tokens", {})
    index = SearchIndex(home)
    derive(index, index.snapshot)
    assert "가나" not in name_tokens.read(home) and name_tokens.read(home)
