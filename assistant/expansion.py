"""Retrieval expansion: the passages added to (or taken from) what hybrid search found for a question about
one program — sections its intent names, headings naming its words, the chunk after a table's caption,
and the notices a re-issue replaced."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from assistant.corpus_view import CorpusView
from assistant.programs import ProgramMatch
from assistant.question import ParsedQuestion
from assistant.types import Hit
from ingest.types import Chunk

if TYPE_CHECKING:
    from ingest.cards import ProgramCard

NEXT_CHUNK_HITS = 3  # the chunk after each of this many best hits is read too
HEADING_CHUNKS = 4  # chunks added for a list question because a heading in them names its words
CUE_CHUNKS = 8  # chunks added because their heading path names the intent
# "수정 전에는 어땠어요?", "원래 기준은?": the notice a 수정공고 replaced is what is asked about
_EARLIER_VERSION = re.compile(r"원래|기존|(수정|변경|개정)\s*(전|이전|되기)|예전\s*(공고|기준)|처음\s*공고")


def expanded(
    view: CorpusView, question: ParsedQuestion, program: ProgramMatch | None, hits: list[Hit]
) -> list[Hit]:
    """The hits with what a question about ``program`` also needs read, without replaced notices."""
    intents = question.intent.all
    if program:
        hits = with_cue_chunks(view, hits, program, intents)
        if "menu" in intents:
            hits = with_heading_chunks(view, hits, program, question)
    return with_next_chunks(view, without_superseded(view.cards, hits, question.text))


def with_cue_chunks(
    view: CorpusView, hits: list[Hit], program: ProgramMatch, intents: Sequence[str]
) -> list[Hit]:
    """Add the program's chunks whose heading path names the intent (e.g. □ 지원대상) after the hits."""
    from assistant.evidence import CUES

    cues = [CUES[i] for i in intents if i in CUES and i != "count"]  # a digit names no section
    if not cues:
        return hits
    snap = view.snap
    have = {h.chunk.chunk_id for h in hits}
    per_doc: list[list[Chunk]] = []
    for doc_id in sorted(program.doc_ids):
        found = []
        for cid in snap.doc_chunks.get(doc_id, ()):
            chunk = snap.chunks[cid]
            if cid not in have and any(
                c.search(chunk.section) or _heading_matches(chunk.text, c) for c in cues
            ):
                found.append(chunk)
                have.add(cid)
        per_doc.append(found)
    # take the documents in turn, so a 보도자료 beside its 공고 gets its share of the places
    interleaved = [c for row in itertools.zip_longest(*per_doc) for c in row if c is not None]
    extra = [Hit(chunk, 0.0, len(hits) + i + 1) for i, chunk in enumerate(interleaved[:CUE_CHUNKS])]
    return [*hits, *extra]


def with_heading_chunks(
    view: CorpusView, hits: list[Hit], program: ProgramMatch, question: ParsedQuestion
) -> list[Hit]:
    """Add the program's chunks with a heading or table header that names a word of the question
    beyond the program's name: "전략이 크게 뭐예요?" → "Ⅲ. 추진전략 및 정책과제" and its
    "전략 | 핵심 대상 | 추진과제" table, which retrieval ranks below the many passages that say 전략."""
    name = "".join(program.name.split())
    words = [n for n in question.weights if n not in name]
    if not words:
        return hits
    snap = view.snap
    have = {h.chunk.chunk_id for h in hits}
    found: list[tuple[int, Chunk]] = []
    for doc_id in sorted(program.doc_ids):
        for cid in snap.doc_chunks.get(doc_id, ()):
            chunk = snap.chunks[cid]
            if cid in have:
                continue
            heads = "".join(line for line in chunk.text.split("\n") if _is_heading_line(line))
            named = sum(1 for w in words if w in heads)
            if named:
                found.append((named, chunk))
    found.sort(key=lambda nc: -nc[0])
    extra = [Hit(chunk, 0.0, len(hits) + i + 1) for i, (_, chunk) in enumerate(found[:HEADING_CHUNKS])]
    return [*hits, *extra]


def with_next_chunks(view: CorpusView, hits: list[Hit]) -> list[Hit]:
    """Add the chunk that follows each of the best hits: a table's rows may start a new chunk right
    after the caption and header the question matched ("< 글로벌형 지원내용 > 구분 … 지원한도")."""
    snap = view.snap
    have = {h.chunk.chunk_id for h in hits}
    extra: list[Hit] = []
    for hit in hits[:NEXT_CHUNK_HITS]:
        ids = snap.doc_chunks.get(hit.chunk.doc_id, ())
        at = ids.index(hit.chunk.chunk_id) if hit.chunk.chunk_id in ids else -1
        if 0 <= at < len(ids) - 1 and ids[at + 1] not in have:
            have.add(ids[at + 1])
            extra.append(Hit(snap.chunks[ids[at + 1]], 0.0, hit.rank + 1))
    return [*hits, *extra]


def with_replacements(cards: dict[str, ProgramCard], doc_ids: Iterable[str]) -> set[str]:
    """The documents and the notices that re-issued them: "<a program> 일반형" names its later notice,
    which a 통합 공고 replaced (more 과제 than the first)."""
    out = set(doc_ids)
    todo = list(out)
    while todo:
        card = cards.get(todo.pop())
        if card is not None and card.amended_by and card.amended_by not in out:
            out.add(card.amended_by)
            todo.append(card.amended_by)
    return out


def without_superseded(cards: dict[str, ProgramCard], hits: list[Hit], question: str) -> list[Hit]:
    """Hits without the notices whose re-issue (수정공고, 통합공고) is among them: the re-issue carries the
    text in force ("누적 투자유치금액이 50억원 이상"), the notice it replaced an outdated rule. Kept when
    the question asks about the earlier version."""
    if _EARLIER_VERSION.search(question):
        return hits
    present = {h.chunk.doc_id for h in hits}
    replaced = {d for d in present if d in cards and cards[d].amended_by in present}
    return [h for h in hits if h.chunk.doc_id not in replaced] if replaced else hits


def _is_heading_line(line: str) -> bool:
    """A heading ("Ⅲ. 추진전략 및 정책과제", "□ 지원내용") or a table's header row ("전략\t핵심 대상\t추진과제")."""
    from assistant.evidence import is_table_header
    from ingest.structure import heading_level

    stripped = line.strip()
    return heading_level(stripped) is not None or is_table_header(stripped)


def _heading_matches(text: str, cue: re.Pattern[str]) -> bool:
    """A line of ``text`` is a heading naming the cue ("□ 지원대상") or starts with it ("- (지원대상) …")."""
    from assistant.evidence import starts_with_cue
    from ingest.structure import heading_level

    return any(
        (heading_level(line) is not None and cue.search(line)) or starts_with_cue(line, cue)
        for line in text.split("\n")
    )
