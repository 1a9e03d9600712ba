"""Domain errors raised by the ingest library; turned into messages only at the edges."""

from __future__ import annotations


class IngestError(Exception):
    """Base class for ingest errors. ``reason`` is a Korean, user-facing explanation."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class UnreadableDocument(IngestError):
    """The file cannot be turned into text (corrupt, encrypted, DRM, empty, unknown format)."""


class UnsupportedFormat(UnreadableDocument):
    """The bytes are not any format Giljabi reads."""
