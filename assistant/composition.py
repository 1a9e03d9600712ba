"""Composition: the answer from the expanded hits — the texts of their documents and of the program's
latest notice, with its card and chunks — by ``assistant.answer.compose_answer``."""

from __future__ import annotations

import dataclasses
import datetime as dt

from assistant.answer import compose_answer
from assistant.corpus_view import CorpusView
from assistant.programs import ProgramMatch
from assistant.question import ParsedQuestion
from assistant.types import Answer, Hit
from ingest.types import Chunk


def composed(
    view: CorpusView,
    question: ParsedQuestion,
    query: str,
    program: ProgramMatch | None,
    hits: list[Hit],
    today: dt.date,
) -> Answer | None:
    """The answer to ``query`` from ``hits`` (None when no passage states what was asked), carrying the
    question as asked rather than the query it was searched with."""
    docs = view.snap.docs
    texts = {h.chunk.doc_id: docs[h.chunk.doc_id].text for h in hits}
    card = view.card_for(program, hits)
    chunks: tuple[Chunk, ...] = ()
    if card is not None:
        texts.setdefault(card.doc_id, docs[card.doc_id].text)
        snap = view.snap
        chunks = tuple(snap.chunks[c] for c in snap.doc_chunks.get(card.doc_id, ()))
    answer = compose_answer(
        query, question.intent, program, hits, texts, today, view.idf, card, chunks, view.similarity
    )
    if answer is not None and query != question.text:
        answer = dataclasses.replace(answer, question=question.text)
    return answer
