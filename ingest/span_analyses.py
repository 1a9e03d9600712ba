"""Compute a document's Kiwi analyses once, for the answer path to read instead of asking Kiwi.

For every candidate span the answerer may score (`ingest.spans`: sentences and rows, headings and labels with
what follows, whole lists) the texts it takes token sets of: the span, the start of its first line, the line
above it and the "•" titles above it (`assistant.evidence.score_parts` and `select_evidence`); and for every
long line of a chunk its sentence bounds (`ingest.korean.split_sentences`). Stored as
``<doc_id>.analyses`` by the docstore (`ingest.stored_analyses`).
"""

from __future__ import annotations

from collections.abc import Sequence

from ingest.coordinated import coordinated_words
from ingest.korean import analyser_id, is_long_line, keyword_tokens_many, line_sentence_bounds
from ingest.spans import SPANS_VERSION, list_spans, sentence_spans
from ingest.stored_analyses import SpanAnalyses, text_key
from ingest.types import Chunk

FIRST_CHARS = 24  # the start of a span's first line whose words a heading is matched by (`score_parts`)
BATCH = 256  # texts per Kiwi call


def token_texts(chunks: Sequence[Chunk], doc_text: str) -> list[str]:
    """Every distinct text the answer path may take a token set of for this document's candidate spans."""
    from assistant.evidence import context_line, titles_above

    out: dict[str, None] = {}
    for chunk in chunks:
        for s, e in sentence_spans(chunk, doc_text) + list_spans(chunk):
            span = doc_text[s:e]
            out[span] = None
            out[span.strip().split("\n", 1)[0][:FIRST_CHARS]] = None
            out[context_line(doc_text, s)] = None
            for title in titles_above(doc_text, s):
                out[title] = None
    return list(out)


def long_lines(chunks: Sequence[Chunk]) -> list[str]:
    """Every distinct line of the chunks that `split_sentences` asks Kiwi to split."""
    return list(dict.fromkeys(line for c in chunks for line in c.text.split("\n") if is_long_line(line)))


def analyse_document(chunks: Sequence[Chunk], doc_text: str) -> SpanAnalyses:
    """The document's token sets and sentence bounds, as the answer path would compute them."""
    sentences = {text_key(line): line_sentence_bounds(line) for line in long_lines(chunks)}
    texts = token_texts(chunks, doc_text)
    tokens: dict[bytes, frozenset[str]] = {}
    for b in range(0, len(texts), BATCH):
        batch = texts[b : b + BATCH]
        for text, toks in zip(batch, keyword_tokens_many(batch), strict=True):
            tokens[text_key(text)] = frozenset(toks) | coordinated_words(text)
    return SpanAnalyses(tokens, sentences, analyser_id(), SPANS_VERSION)
