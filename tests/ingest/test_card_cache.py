"""ingest.card_cache on real corpus notices: cards are extracted once, kept per extractor version, pruned."""

from __future__ import annotations

from pathlib import Path

import pytest

import ingest.card_cache as card_cache
from ingest.cards import extract_card
from ingest.pipeline import build_source_doc
from ingest.types import SourceDoc
from tests.conftest import NOTICE, real_file


def _doc(path: Path) -> SourceDoc:
    return build_source_doc(path.read_bytes(), path.name)


@pytest.fixture(scope="module")
def docs() -> list[SourceDoc]:
    return [_doc(NOTICE), _doc(real_file("연구인력지원사업"))]


@pytest.fixture
def extractions(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The documents the real extractor is called for (the extractor itself runs unchanged)."""
    seen: list[str] = []

    def counted(doc: SourceDoc) -> object:
        seen.append(doc.doc_id)
        return extract_card(doc)

    monkeypatch.setattr(card_cache, "extract_card", counted)
    return seen


def test_cards_are_extracted_once_and_equal_the_extractor(
    tmp_path: Path, docs: list[SourceDoc], extractions: list[str]
) -> None:
    first = card_cache.cards_for(tmp_path, docs)
    assert extractions == [d.doc_id for d in docs]
    assert first == [c for c in map(extract_card, docs) if c is not None]
    assert first and all(c.apply_end is not None for c in first)  # real windows, not empty cards

    again = card_cache.cards_for(tmp_path, docs)  # a second start: read from the cache, nothing extracted
    assert again == first
    assert extractions == [d.doc_id for d in docs]


def test_a_new_document_is_the_only_one_extracted_and_a_removed_one_is_pruned(
    tmp_path: Path, docs: list[SourceDoc], extractions: list[str]
) -> None:
    card_cache.cards_for(tmp_path, docs[:1])
    card_cache.cards_for(tmp_path, docs)
    assert extractions == [docs[0].doc_id, docs[1].doc_id]

    card_cache.cards_for(tmp_path, docs[1:])  # docs[0] left the index
    card_cache.cards_for(tmp_path, docs)  # … and came back: extracted again
    assert extractions == [docs[0].doc_id, docs[1].doc_id, docs[0].doc_id]


def test_another_extractor_version_extracts_again_and_drops_the_old_file(
    tmp_path: Path, docs: list[SourceDoc], extractions: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    card_cache.cards_for(tmp_path, docs)
    old = sorted((tmp_path / card_cache.FOLDER).glob("cards-*.pkl"))
    assert len(old) == 1
    monkeypatch.setattr(card_cache, "extractor_version", lambda: "0000000000000000")
    card_cache.cards_for(tmp_path, docs)
    assert len(extractions) == 2 * len(docs)
    assert sorted((tmp_path / card_cache.FOLDER).glob("cards-*.pkl")) == [
        tmp_path / card_cache.FOLDER / "cards-0000000000000000.pkl"
    ]


def test_a_damaged_cache_is_rebuilt(tmp_path: Path, docs: list[SourceDoc], extractions: list[str]) -> None:
    card_cache.cards_for(tmp_path, docs)
    (path,) = (tmp_path / card_cache.FOLDER).glob("cards-*.pkl")
    path.write_bytes(b"not a pickle")
    assert card_cache.cards_for(tmp_path, docs) == card_cache.cards_for(tmp_path, docs)
    assert len(extractions) == 2 * len(docs)


def test_the_version_follows_the_extractor_code() -> None:
    version = card_cache.extractor_version()
    assert len(version) == 16 and int(version, 16) >= 0
    assert card_cache.extractor_version() == version  # stable within a process
