"""Records describing what the index holds (one per file seen by ingest, indexed or refused)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class DocumentRecord:
    source: str  # file name exactly as in the corpus folder
    doc_id: str | None  # sha256 of the bytes (None when the file could not even be read)
    format: str | None
    pages: int
    chunks: int
    status: str  # "indexed" | "error"
    error: str | None
    title: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
