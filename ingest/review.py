"""What staff should look at in the indexed documents: lines that address the reader, and notices of one
program that disagree (``ingest.notice_conflicts``). Shown in ``GET /v1/documents`` and the 문서 page."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ingest.addressed import AddressedLine, addressed_lines
from ingest.notice_conflicts import Conflict
from ingest.types import SourceDoc

if TYPE_CHECKING:
    from ingest.cards import ProgramCard

__all__ = ["FLAG_ADDRESSED", "FLAG_CONFLICT", "DocumentFlags", "DocumentReview", "review_documents"]

FLAG_ADDRESSED = "지시문 포함"
FLAG_CONFLICT = "다른 공고와 충돌"


@dataclass(frozen=True)
class DocumentFlags:
    addressed: tuple[AddressedLine, ...] = ()
    conflicts: tuple[Conflict, ...] = ()

    @property
    def flags(self) -> list[str]:
        out = []
        if self.addressed:
            out.append(FLAG_ADDRESSED)
        if self.conflicts:
            out.append(FLAG_CONFLICT)
        return out


DocumentReview = Mapping[str, DocumentFlags]  # by doc_id; documents with nothing to flag are absent


def review_documents(docs: Iterable[SourceDoc], cards: Iterable[ProgramCard]) -> dict[str, DocumentFlags]:
    """The flags of every document that has any (cards as ``mark_conflicts`` returns them)."""
    addressed = {d.doc_id: tuple(found) for d in docs if (found := addressed_lines(d.text))}
    conflicts = {c.doc_id: c.conflicts for c in cards if c.conflicts}
    return {
        doc_id: DocumentFlags(addressed.get(doc_id, ()), conflicts.get(doc_id, ()))
        for doc_id in sorted(addressed.keys() | conflicts.keys())
    }
