"""Answer-side data types (frozen dataclasses). Converted to pydantic only at the HTTP edge."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from ingest.types import Chunk

Status = Literal["answered", "not_found", "rejected"]
Role = Literal["user", "assistant"]


@dataclass(frozen=True)
class Turn:
    role: Role
    content: str


@dataclass(frozen=True)
class Hit:
    chunk: Chunk
    score: float
    rank: int


@dataclass(frozen=True)
class Citation:
    n: int
    doc_id: str
    source: str
    title: str
    page: int
    section: str
    quote: str
    start: int = -1  # offset of ``quote`` in the document's extracted text
    end: int = -1


@dataclass(frozen=True)
class Answer:
    question: str
    text: str
    status: Status
    intent: str
    program: str | None
    citations: tuple[Citation, ...] = ()
    intents: tuple[str, ...] = ()
    took_ms: float = 0.0
    # key facts at a glance (agent view); "scope" names a cross-program answer, whose structured parts
    # ("changes", "comparison") sit beside it
    facts: dict[str, Any] = field(default_factory=dict)
    lead: tuple[str, ...] = ()  # the sentences stating the asked value, before the quotes (may be empty)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["answer"] = d.pop("text")
        d["citations"] = [asdict(c) for c in self.citations]
        return d
