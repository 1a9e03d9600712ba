"""Kiwi analyses of a document's candidate answer spans, stored beside it and read back at question time.

Answering a question analyses its candidate spans with Kiwi: each span's keyword tokens (the overlap with
the question's words, `assistant.evidence.token_set`) and the sentence bounds of the long lines the spans are
cut from (`ingest.korean.split_sentences`). They depend only on the document, so the background worker
computes them once (`ingest.span_analyses`) and writes ``<doc_id>.analyses``; the answer path reads a
document's file the first time one of its chunks is a candidate and looks a text up here before asking Kiwi.

Entries are keyed by a hash of the text they were computed from, so one table serves every document and
every index generation: the same text always has the same analysis. A file written by other analysis code
(``ANALYSES_VERSION``, Kiwi's version, the user dictionary) is not read; the worker writes it again.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ANALYSES_VERSION = 1  # bump when what is stored (or how a token set is made) changes
MAX_DOCS = 200  # documents whose analyses are held (~0.5 MB each); the least recently used make room
SUFFIX = ".analyses"  # JSON; not ".json", which names the documents' own records

Bounds = tuple[tuple[int, int], ...]


def text_key(text: str) -> bytes:
    """A short stable key for a text (16 bytes of BLAKE2b)."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


@dataclass(frozen=True)
class SpanAnalyses:
    """One document's analyses: token sets by text key, sentence bounds of long lines by line key."""

    tokens: Mapping[bytes, frozenset[str]]
    sentences: Mapping[bytes, Bounds]
    analyser: str  # what computed them (`ingest.korean.analyser_id`); other code's files are not read
    spans_version: int  # the span definitions they cover (`ingest.spans.SPANS_VERSION`)
    version: int = ANALYSES_VERSION

    def header(self) -> dict[str, Any]:
        return {"version": self.version, "analyser": self.analyser, "spans_version": self.spans_version}

    def to_json(self) -> str:
        """Two JSON lines: the header (read alone by `read_header`), then the analyses."""
        body = {
            "tokens": {k.hex(): sorted(v) for k, v in self.tokens.items()},
            "sentences": {k.hex(): [list(b) for b in v] for k, v in self.sentences.items()},
        }
        return "\n".join(
            json.dumps(part, ensure_ascii=False, separators=(",", ":")) for part in (self.header(), body)
        )

    @classmethod
    def from_json(cls, data: str) -> SpanAnalyses:
        head, body = data.split("\n", 1)
        meta: dict[str, Any] = json.loads(head)
        raw: dict[str, Any] = json.loads(body)
        return cls(
            tokens={bytes.fromhex(k): frozenset(sys.intern(t) for t in v) for k, v in raw["tokens"].items()},
            sentences={
                bytes.fromhex(k): tuple((int(s), int(e)) for s, e in v) for k, v in raw["sentences"].items()
            },
            analyser=str(meta["analyser"]),
            spans_version=int(meta["spans_version"]),
            version=int(meta["version"]),
        )


def read_header(path: Path) -> tuple[int, str, int] | None:
    """(version, analyser, spans_version) of a stored file, or None when it is missing or damaged."""
    try:
        with open(path, encoding="utf-8") as handle:
            raw = json.loads(handle.readline())
        return int(raw["version"]), str(raw["analyser"]), int(raw["spans_version"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


class StoredAnalyses:
    """The analyses of the documents answered from so far, read from their files on first use.

    ``offer`` says where a document's file is (no reading); ``load`` reads the files of documents not read
    yet; ``token_set`` and ``line_sentences`` return a stored analysis or None (then the caller asks Kiwi).
    A document without a usable file is tried again after ``retry_missing`` (the worker may write it later).
    """

    def __init__(self, analyser: str | None = None, max_docs: int = MAX_DOCS) -> None:
        self._analyser = analyser
        self.max_docs = max_docs
        self._lock = threading.Lock()
        self._paths: dict[str, Path] = {}
        self._read: set[str] = set()
        self._missing: set[str] = set()
        self._held: OrderedDict[str, SpanAnalyses] = (
            OrderedDict()
        )  # documents read, least recently used first
        self._tokens: dict[bytes, frozenset[str]] = {}
        self._sentences: dict[bytes, Bounds] = {}

    def analyser(self) -> str:
        if self._analyser is None:
            from ingest.korean import analyser_id

            self._analyser = analyser_id()
        return self._analyser

    def offer(self, root: Path, doc_ids: Iterable[str]) -> None:
        """Documents whose files may be under the docstore directory ``root``."""
        with self._lock:
            for doc_id in doc_ids:
                path = root / f"{doc_id}{SUFFIX}"
                if self._paths.get(doc_id) != path:
                    self._paths[doc_id] = path
                    self._read.discard(doc_id)

    def load(self, doc_ids: Sequence[str]) -> int:
        """Read the files of ``doc_ids`` not read yet; returns how many were read."""
        with self._lock:
            for doc_id in doc_ids:
                if doc_id in self._held:
                    self._held.move_to_end(doc_id)
        todo = [d for d in doc_ids if d not in self._read and d in self._paths]
        if not todo:
            return 0
        found = 0
        with self._lock:
            for doc_id in todo:
                if doc_id in self._read:
                    continue
                self._read.add(doc_id)
                analyses = self._usable(self._paths[doc_id])
                if analyses is None:
                    self._missing.add(doc_id)
                    continue
                self._missing.discard(doc_id)
                self._held[doc_id] = analyses
                self._tokens.update(analyses.tokens)
                self._sentences.update(analyses.sentences)
                found += 1
            while len(self._held) > self.max_docs:
                self._drop(*self._held.popitem(last=False))
        return found

    def _drop(self, doc_id: str, analyses: SpanAnalyses) -> None:
        """Forget a document's analyses (a text another held document shares is then analysed by Kiwi again:
        slower, never different); it is read again when one of its chunks is next a candidate."""
        self._read.discard(doc_id)
        for key in analyses.tokens:
            self._tokens.pop(key, None)
        for key in analyses.sentences:
            self._sentences.pop(key, None)

    def _usable(self, path: Path) -> SpanAnalyses | None:
        try:
            analyses = SpanAnalyses.from_json(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, KeyError, TypeError):
            return None  # missing or damaged: only costs speed, Kiwi answers instead
        if analyses.version != ANALYSES_VERSION or analyses.analyser != self.analyser():
            return None
        return analyses

    def retry_missing(self) -> None:
        """Read again, on next use, the documents that had no usable file."""
        with self._lock:
            self._read.difference_update(self._missing)
            self._missing.clear()

    def token_set(self, text: str) -> frozenset[str] | None:
        if not self._tokens:
            return None
        return self._tokens.get(text_key(text))

    def line_sentences(self, line: str) -> Bounds | None:
        if not self._sentences:
            return None
        return self._sentences.get(text_key(line))

    def __len__(self) -> int:
        return len(self._tokens) + len(self._sentences)


STORED = StoredAnalyses()  # the process's table (keys are text hashes: one table serves every index)


def write(path: Path, analyses: SpanAnalyses) -> None:
    """Write atomically (a reader never sees half a file)."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_text(analyses.to_json(), encoding="utf-8")
    os.replace(tmp, path)
