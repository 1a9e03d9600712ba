"""The catalog: which files the current index holds, and which keyword-index generation serves them.

It is one JSON file replaced atomically at the end of an ingest, so a killed ingest leaves the
previous catalog — and therefore the previous index — answering.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from ingest.catalog_types import DocumentRecord


@dataclass(frozen=True)
class CatalogEntry:
    record: DocumentRecord
    path: str  # where the file was read from (used by --prune)


@dataclass(frozen=True)
class Catalog:
    generation: int = 0
    keyword_dir: str | None = None
    entries: tuple[CatalogEntry, ...] = field(default_factory=tuple)

    @property
    def records(self) -> list[DocumentRecord]:
        return [e.record for e in self.entries]

    def indexed_doc_ids(self) -> set[str]:
        return {e.record.doc_id for e in self.entries if e.record.status == "indexed" and e.record.doc_id}

    def by_source(self) -> dict[str, CatalogEntry]:
        return {e.record.source: e for e in self.entries}

    def next(self, entries: list[CatalogEntry], keyword_dir: str) -> Catalog:
        return replace(self, generation=self.generation + 1, keyword_dir=keyword_dir, entries=tuple(entries))


def catalog_path(home: Path) -> Path:
    return home / "index" / "catalog.json"


def load_catalog(home: Path) -> Catalog:
    path = catalog_path(home)
    if not path.exists():
        return Catalog()
    data = json.loads(path.read_text(encoding="utf-8"))
    entries = tuple(CatalogEntry(DocumentRecord(**e["record"]), e["path"]) for e in data["entries"])
    return Catalog(data["generation"], data.get("keyword_dir"), entries)


def save_catalog(home: Path, catalog: Catalog) -> None:
    path = catalog_path(home)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "generation": catalog.generation,
        "keyword_dir": catalog.keyword_dir,
        "entries": [{"record": e.record.to_dict(), "path": e.path} for e in catalog.entries],
    }
    tmp = path.with_name(f".catalog.json.tmp-{os.getpid()}")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)
