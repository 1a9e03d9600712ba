"""What the answer path reads of one index generation: the program resolver, IDF, whitespace-free texts,
program cards and the helpers every stage shares (a program's text, coverage of a question's nouns)."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from assistant import name_tokens
from assistant.index import SearchIndex, Snapshot
from assistant.programs import ALIASES, STRONG_SCORE, ProgramMatch, ProgramResolver
from assistant.question import Words
from assistant.rerank import SentenceSimilarity
from assistant.types import Hit
from ingest.notice_conflicts import mark_conflicts
from ingest.review import DocumentReview, review_documents

if TYPE_CHECKING:
    from ingest.cards import ProgramCard

REFERENCE_DOCS = 50  # corpus size at which a program match of STRONG_SCORE is strong


@dataclasses.dataclass(frozen=True)
class CorpusView:
    """One index generation as the answerer sees it (precomputed once per generation)."""

    index: SearchIndex
    idf: dict[str, float]
    resolver: ProgramResolver
    vocab: set[str]
    compact: dict[str, str]  # doc_id → text without whitespace, for the coverage checks
    blob: str  # every compact text joined
    blob_lower: str
    cards: dict[str, ProgramCard]
    review: DocumentReview
    similarity: SentenceSimilarity
    strong: float  # the name score of a strong program match in a corpus of this size

    @property
    def snap(self) -> Snapshot:
        return self.index.snapshot

    def nouns(self, text: str) -> dict[str, float]:
        """Distinctive nouns of ``text`` (not the question being answered) with their IDF weights."""
        return Words.of(text).distinctive(self.idf)

    def weak(self, program: ProgramMatch) -> bool:
        """A match to double-check against the question's words: a low name score, or found by content."""
        return program.score < self.strong or bool(program.phrase)

    def program_text(self, program: ProgramMatch) -> str:
        return "".join(self.compact[d] for d in sorted(program.doc_ids))

    def spaced_text(self, program: ProgramMatch) -> str:
        docs = self.snap.docs
        return "\n".join(docs[d].text for d in sorted(program.doc_ids) if d in docs)

    def section_at(self, doc_id: str, offset: int) -> str:
        """The heading path of the chunk holding ``offset`` of a document ("" when none does)."""
        snap = self.snap
        for cid in snap.doc_chunks.get(doc_id, ()):
            chunk = snap.chunks[cid]
            if chunk.start <= offset < chunk.end:
                return chunk.section
        return ""

    def card_for(self, program: ProgramMatch | None, hits: Sequence[Hit]) -> ProgramCard | None:
        """The card of the program's latest notice (a 수정공고 over the notice it amends)."""
        if program is None:
            return None
        # sorted, not the frozenset's order: the same card on every run
        cards = [self.cards[d] for d in sorted(program.doc_ids) if d in self.cards]
        if not cards:
            return None
        order = {h.chunk.doc_id: h.rank for h in hits}
        cards.sort(key=lambda c: (c.amended_by is not None, order.get(c.doc_id, 99)))
        return cards[0]


def coverage(weights: dict[str, float], text: str) -> tuple[float, list[str]]:
    """Share of the question's noun weight found in ``text`` (whitespace-free), and what is missing."""
    lowered = text.lower()
    missing = [
        n
        for n in weights
        if n not in text
        and n.lower() not in lowered
        and not any(alias in lowered for alias in ALIASES.get(n.lower(), ()))  # 중기부 → 중소벤처기업부
    ]
    total = sum(weights.values()) or 1.0
    return 1 - sum(weights[n] for n in missing) / total, sorted(missing, key=lambda n: -weights[n])


def derive(index: SearchIndex, snap: Snapshot) -> CorpusView:
    """What the answerer precomputes from one index generation (program resolver, idf, texts, cards)."""
    from ingest.card_cache import cards_for
    from ingest.cards import link_amendments

    sources: dict[str, list[str]] = {}
    for rec in snap.catalog.records:
        if rec.doc_id:
            sources.setdefault(rec.doc_id, []).append(rec.source)
    idf = snap.keywords.idf()
    compact = {doc_id: "".join(d.text.split()) for doc_id, d in snap.docs.items()}
    cards = {c.doc_id: c for c in mark_conflicts(link_amendments(cards_for(index.home, snap.docs.values())))}
    blob = "".join(compact.values())
    # Name matches score lower in a small corpus (rarity counts less among few documents): what
    # counts as a strong match scales with the corpus, up to STRONG_SCORE at REFERENCE_DOCS.
    n = max(len(snap.docs), 1)
    with name_tokens.remembered(index.home):  # the names' Kiwi tokens, from the file when a start wrote it
        resolver = ProgramResolver(snap.docs, sources, idf)
    return CorpusView(
        index=index,
        idf=idf,
        resolver=resolver,
        vocab=set(snap.keywords.model.vocab_dict) if snap.keywords.model else set(),
        compact=compact,
        blob=blob,
        blob_lower=blob.lower(),
        cards=cards,
        review=review_documents(snap.docs.values(), cards.values()),
        similarity=SentenceSimilarity(stored=snap.span_vectors),
        strong=STRONG_SCORE * min(1.0, math.log1p(n) / math.log1p(REFERENCE_DOCS)),
    )
