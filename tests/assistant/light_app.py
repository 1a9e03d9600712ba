"""An API app without an index, for tests of the HTTP edge itself (limits, validation, feedback, docs).

The fake assistant answers nothing; its ``ingest_files`` runs the real readers (``build_source_doc``)
so uploads of crafted files go through the real read path without building an index.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from assistant.settings import Settings
from assistant.types import Answer
from ingest.catalog_types import DocumentRecord
from ingest.errors import UnreadableDocument
from ingest.pipeline import build_source_doc
from ingest.types import FileReport, IngestReport

ADMIN_TOKEN = "light-admin-token"


def light_settings(tmp_path: Path) -> Settings:
    return Settings(
        home=tmp_path / "home",
        corpus=tmp_path / "corpus",
        admin_token=ADMIN_TOKEN,
        max_upload_mb=1,
        llm_base_url=None,
        span_vectors=False,
    )


class ReaderOnlyAssistant:
    """Implements ``AssistantApi``; every question is ``not_found`` and recorded in ``asked``."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.asked: list[str] = []

    def ask(self, question: str, history: Sequence[Any] = ()) -> Answer:
        self.asked.append(question)
        return Answer(question, "문서에서 찾지 못했습니다.", "not_found", "other", None)

    def search(self, query: str, k: int = 5) -> list[Any]:
        raise AssertionError("search reached")

    def documents(self) -> list[DocumentRecord]:
        return []

    def document_review(self) -> dict[str, Any]:
        return {}

    def document_text(self, doc_id: str) -> str:
        raise KeyError(doc_id)

    def ingest_files(self, paths: Sequence[Path]) -> IngestReport:
        reports = []
        for path in paths:
            data = path.read_bytes()
            doc_id = hashlib.sha256(data).hexdigest()
            try:
                doc = build_source_doc(data, path.name)
            except UnreadableDocument as exc:
                reports.append(FileReport(path.name, doc_id, None, 0, 0, "error", exc.reason))
            else:
                reports.append(FileReport(path.name, doc_id, doc.format, doc.pages, 0, "indexed"))
        return IngestReport(tuple(reports))

    def programs(self, status: str | None = None, **filters: str) -> list[Any]:
        return []

    def program(self, doc_id: str) -> Any:
        return None

    def stats(self) -> tuple[int, int]:
        return (0, 0)
