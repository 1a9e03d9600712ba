"""A document's Kiwi analyses computed once: equal to what the answer path computes, and used by it instead of
Kiwi (real Kiwi, a real corpus file through the docstore, a real assistant)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

import assistant.evidence as evidence
import ingest.korean as korean
from assistant.service import Assistant
from assistant.settings import Settings
from ingest.docstore import DocStore
from ingest.korean import line_sentence_bounds
from ingest.span_analyses import analyse_document, long_lines, token_texts
from ingest.span_backfill import analyse_missing, missing_analysis_docs
from ingest.stored_analyses import StoredAnalyses, text_key
from tests.conftest import SEEDS, keywords_home

FILE = SEEDS / "2024-12-11_공고_2025년_시군구연고산업육성사업_시행계획_제주_세종.txt"
QUESTIONS = ["제주 지역 사업은 언제까지 신청해요?", "지원 금액은 얼마예요?", "문의는 어디로 하나요?"]


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return keywords_home(tmp_path_factory, FILE)


def test_stored_analyses_equal_what_kiwi_gives_at_question_time(home: Path) -> None:
    store = DocStore(home)
    (doc_id,) = missing_analysis_docs(home)
    stored = store.get(doc_id)
    analyses = analyse_document(stored.chunks, stored.doc.text)
    texts = token_texts(stored.chunks, stored.doc.text)
    assert len(analyses.tokens) == len({text_key(t) for t in texts})
    for text in texts:  # batched at ingest, one by one at question time: the same sets
        assert analyses.tokens[text_key(text)] == evidence.span_token_set(text)
    for line in long_lines(stored.chunks):
        assert analyses.sentences[text_key(line)] == line_sentence_bounds(line)


def _ask_all(
    home: Path, table: StoredAnalyses, monkeypatch: pytest.MonkeyPatch
) -> tuple[list[dict], list[str]]:
    """Answers to QUESTIONS from a fresh assistant reading ``table``, and the texts Kiwi was asked for."""
    monkeypatch.setattr(evidence, "STORED", table)
    monkeypatch.setattr(korean, "STORED", table)
    import assistant.index as index

    monkeypatch.setattr(index, "STORED", table)
    evidence.token_set.cache_clear()
    korean._line_sentences.cache_clear()
    computed: list[str] = []
    real = evidence.span_token_set

    def counting(text: str) -> frozenset[str]:
        computed.append(text)
        return real(text)

    monkeypatch.setattr(evidence, "span_token_set", counting)
    assistant = Assistant(Settings(home=home, span_vectors=False))
    answers = [{**dataclasses.asdict(assistant.ask(q)), "took_ms": None} for q in QUESTIONS]
    return answers, computed


def test_the_answer_path_reads_them_instead_of_asking_kiwi(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = DocStore(home)
    without, computed_without = _ask_all(home, StoredAnalyses(), monkeypatch)
    assert computed_without  # nothing stored: every candidate span analysed now
    assert analyse_missing(home, missing_analysis_docs(home)) == 1  # what the background worker does first
    assert missing_analysis_docs(home) == []
    (doc_id,) = [p.name.split(".")[0] for p in store.root.glob("*.analyses")]
    stored = store.get(doc_id)
    stored_texts = set(token_texts(stored.chunks, stored.doc.text))
    with_stored, computed_with = _ask_all(home, StoredAnalyses(), monkeypatch)
    assert with_stored == without  # every field of every answer but the time it took
    assert not stored_texts & set(computed_with)  # Kiwi only for texts not stored (a card's whole line)
    assert len(computed_with) < len(computed_without)
