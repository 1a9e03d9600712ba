"""Hybrid retrieval: dense + Kiwi BM25, fused by reciprocal rank fusion, optionally within a program."""

from __future__ import annotations

from assistant.index import SearchIndex
from assistant.types import Hit

RRF_K = 60
CANDIDATES = 30


def fuse(
    rankings: list[list[tuple[str, float]]], weights: list[float], k: int = RRF_K
) -> list[tuple[str, float]]:
    """Weighted reciprocal rank fusion of several ranked lists of (id, score)."""
    scores: dict[str, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, (cid, _) in enumerate(ranking):
            scores[cid] = scores.get(cid, 0.0) + weight / (k + rank + 1)
    return sorted(scores.items(), key=lambda kv: -kv[1])


class HybridRetriever:
    def __init__(self, index: SearchIndex, dense_weight: float = 1.0, keyword_weight: float = 1.0) -> None:
        if dense_weight < 0 or keyword_weight < 0:
            raise ValueError(f"weights must be ≥ 0, got dense={dense_weight}, keyword={keyword_weight}")
        self.index = index
        self.weights = [dense_weight, keyword_weight]

    def retrieve(self, query: str, k: int = 8, doc_ids: set[str] | None = None) -> list[Hit]:
        dense = self.index.dense(query, CANDIDATES, doc_ids)
        keyword = self.index.keyword(query, CANDIDATES, doc_ids)
        fused = fuse([dense, keyword], self.weights)
        chunks = self.index.snapshot.chunks
        missing = self.index.snapshot.vectors_missing
        if (
            missing
        ):  # a document whose vectors have not come yet: its keyword rank stands in for the dense one
            stand_in = {
                cid: self.weights[0] / (RRF_K + rank + 1)
                for rank, (cid, _) in enumerate(keyword)
                if chunks[cid].doc_id in missing
            }
            fused = sorted(((cid, s + stand_in.get(cid, 0.0)) for cid, s in fused), key=lambda kv: -kv[1])
        fused = fused[:k]
        return [Hit(chunks[cid], score, rank) for rank, (cid, score) in enumerate(fused, start=1)]
