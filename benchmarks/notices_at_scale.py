"""The whole product at a year of notices: the bundled corpus plus the pool (678 real files) on one box.

One command builds both indexes from scratch and prints, as JSON and a table:

* ingest time of the bundled corpus alone, and of the bundled corpus plus the pool, with a point every
  ``--step`` files (for the plot of ingest time against the number of notices);
* in-process ``ask`` latency (p50/p95) on the seeds + real eval questions, on both indexes and on the large
  index at every ``--step`` point while it is built (each in a fresh process, so no cache carries over);
* adding one new, made-up notice to the large index until a question only it answers is answered from it
  (upload path: ingest + the assistant's switch), then deleting it until the answer no longer cites it
  (``giljabi ingest --prune``'s path + the same switch), so the index is left as it was; last, since the
  upload starts the background vector worker, which changes the index and shares the CPU
  (``--only-add-one``: only this, on the existing large index);
* cold start (a fresh process: load the index, answer one question) and the process's peak RSS;
* answer figures (facts right, refusals) on the same questions with the pool indexed as distractors
  and without it;
* with ``--chroma-server``, the latency again through a real ``chroma run`` serving the large index (with
  ``--keywords-first`` its store holds no chunk vectors, so dense search hardly reaches the server);
* with ``--vector-home DIR``, the latency in-process and (with ``--chroma-server``) through ``chroma run`` on a
  copy of an index that has chunk vectors (``DIR`` is copied, never written).

    python benchmarks/notices_at_scale.py [--pool DIR] [--limit N] [--step N] [--questions N] [--skip-build]
        [--keywords-first] [--chroma-server] [--vector-home DIR] [--only-add-one]

Indexes are kept in ``.giljabi-bench/notices-bundled`` and ``.giljabi-bench/notices-all`` (``--skip-build``
reuses them); the plot goes to ``docs/bench_notices.png``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import (  # noqa: E402
    BENCH_DIR,
    CORPUS,
    REPO,
    TODAY,
    free_port,
    load_questions,
    md_table,
    save_result,
    summary_ms,
)

if TYPE_CHECKING:
    from ingest.types import IngestReport

POOL = REPO.parent / "shared" / "corpus" / "pool"
PLOT = REPO / "docs" / "bench_notices.png"
# A made-up notice (no corpus or pool document names 윤슬; the contact is fictitious): what add_one uploads.
NEW_NAME = "2026년_윤슬_수산가공_디지털전환_지원사업_모집공고.txt"
NEW_NOTICE = """\
한국수산가공진흥원 공고 제2026-118호

2026년 윤슬 수산가공 디지털전환 지원사업 참여기업 모집 공고

수산식품 가공 중소기업의 생산공정 디지털전환을 지원하기 위하여 「2026년 윤슬 수산가공 디지털전환
지원사업」 참여기업을 다음과 같이 모집하오니, 관심 있는 기업의 많은 신청 바랍니다.

2026년 11월 16일

한국수산가공진흥원장

1. 사업개요
□ 사업목적: 수산가공 중소기업의 공정 자동화와 데이터 기반 품질관리 도입 지원
□ 지원대상: 수산물가공업 신고를 마친 중소기업(「중소기업기본법」 제2조에 따른 중소기업)
□ 지원규모: 총 12억원, 20개사 내외

2. 지원내용
□ 지원한도: 기업당 최대 6천만원(총사업비의 70% 이내, 기업부담금 30% 이상 중 현금 10% 이상)
□ 지원항목: 공정 센서 및 생산관리시스템(MES) 구축, 품질검사 자동화 장비, 전문가 컨설팅
□ 지원기간: 협약일로부터 2027년 6월 30일까지

3. 신청 및 접수
□ 접수기간: 2026. 11. 16.(월) ~ 2026. 12. 18.(금) 18:00까지
□ 접수방법: 윤슬사업 관리시스템 온라인 접수(우편 및 방문 접수 불가)
□ 제출서류: 사업신청서, 사업계획서, 사업자등록증 사본, 수산물가공업 신고확인증

4. 선정평가
□ 서류평가(2027년 1월 초) → 발표평가(2027년 1월 중) → 최종 선정 및 통보(2027년 1월 말)

5. 문의처
□ 한국수산가공진흥원 디지털전환팀 051-000-1234, yunseul@example.kr
"""
NEW_QUESTION = "윤슬 수산가공 디지털전환 지원사업 신청 마감은 언제인가요?"
NEW_DEADLINE = re.compile(r"(2026\s*[.년/-]\s*)?12\s*[.월/-]\s*18")  # 2026. 12. 18., 12월 18일


def _files(pool: Path, limit: int | None) -> tuple[list[Path], list[Path]]:
    from ingest.pipeline import collect_files

    extra = collect_files([pool]) if pool.exists() else []
    return collect_files([CORPUS]), extra[:limit] if limit else extra


def build(
    files: list[Path],
    home: Path,
    step: int,
    done_before: int = 0,
    keywords_first: bool = False,
    checkpoint: Callable[[int], dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Ingest ``files`` into ``home`` in batches of ``step`` (each batch commits, as a weekly ingest would);
    ``keywords_first``: answerable by BM25 and cards, no vectors (what a first start or an upload waits for).
    ``checkpoint(n)`` runs after every batch but the last (not counted in the ingest time)."""
    from ingest.pipeline import ingest_paths

    points: list[tuple[int, float]] = []
    checks: list[dict[str, Any]] = []
    spent = 0.0  # ingest seconds only
    indexed = chunks = refused = 0
    for b in range(0, len(files), step):
        vectors = not keywords_first
        started = time.perf_counter()
        report = ingest_paths(files[b : b + step], home, span_vectors=vectors, chunk_vectors=vectors)
        spent += time.perf_counter() - started
        indexed += sum(1 for f in report.files if f.status == "indexed")
        refused += report.failed
        chunks += sum(f.chunks for f in report.files if f.status == "indexed")
        points.append((done_before + b + len(files[b : b + step]), round(spent, 1)))
        print(f"  {points[-1][0]} files, {points[-1][1]} s, {os.getloadavg()}", file=sys.stderr, flush=True)
        if checkpoint is not None and b + step < len(files):
            checks.append({"files": points[-1][0], **checkpoint(points[-1][0])})
    return {
        "files": len(files),
        "indexed": indexed,
        "refused": refused,
        "chunks": chunks,
        "seconds": round(spent, 1),
        "points": points,
        "latency_points": checks,
    }


def _prune(home: Path) -> IngestReport:
    """What ``giljabi ingest --prune`` does: drop from the index every file that no longer exists."""
    from ingest.pipeline import ingest_paths

    return ingest_paths([], home, prune=True, span_vectors=False, chunk_vectors=False)


def _switch(assistant: Any) -> None:
    """Let a running assistant answer from the index on disk, as its own upload path does after an ingest
    (``Assistant.ingest_files``); it has no public call for a change made by another ingest."""
    from assistant.index import load_snapshot

    snap = load_snapshot(assistant.settings.home)
    with assistant._swap.writing():
        assistant._refresh(snap)


def add_one(home: Path, work: Path) -> dict[str, Any]:
    """Upload a new notice (``NEW_NOTICE``) to ``home`` and time until a running assistant answers a
    question only it answers; then delete the file, prune and time until the answer no longer cites it.
    Notices of earlier runs whose files are gone (``work`` is emptied first) are pruned before, untimed."""
    from assistant.service import Assistant
    from assistant.settings import Settings

    for old in work.glob("*"):
        old.unlink()
    leftovers = [f.source for f in _prune(home).files if f.status == "removed"]
    assistant = Assistant(Settings(home=home, today=TODAY))
    docs_before = len(assistant.index.snapshot.docs)
    path = work / NEW_NAME
    path.write_text(NEW_NOTICE, encoding="utf-8")

    started = time.perf_counter()
    report = assistant.ingest_files([path])
    ingest_s = time.perf_counter() - started
    answer = assistant.ask(NEW_QUESTION)
    total_s = time.perf_counter() - started
    cited = any(c.source == NEW_NAME for c in answer.citations)

    path.unlink()
    started = time.perf_counter()
    pruned = _prune(home)
    prune_s = time.perf_counter() - started
    _switch(assistant)
    switch_s = time.perf_counter() - started
    after = assistant.ask(NEW_QUESTION)
    removed_s = time.perf_counter() - started
    return {
        "leftovers_pruned_first": leftovers,
        "documents_before": docs_before,
        "status": [f.status for f in report.files],
        "ingest_and_reload_s": round(ingest_s, 2),
        "answerable_s": round(total_s, 2),
        "answer_cites_new_notice": cited,
        "answer_has_deadline": bool(NEW_DEADLINE.search(answer.text)),
        "answer": answer.text,
        "removed": [f.source for f in pruned.files if f.status == "removed"],
        "prune_s": round(prune_s, 2),
        "prune_and_switch_s": round(switch_s, 2),
        "removed_until_answered_without_it_s": round(removed_s, 2),
        "answer_after_removal_cites_it": any(c.source == NEW_NAME for c in after.citations),
        "answer_after_removal": after.text[:300],
        "documents_after": len(assistant.index.snapshot.docs),
        "load_avg_1m": round(os.getloadavg()[0], 2),
    }


def fresh_latency(home: Path, n: int, chroma_url: str | None = None) -> dict[str, Any]:
    """``latency`` in a fresh process: no Kiwi, span or query-vector cache of an earlier measure carries over."""
    code = (
        f"import json,sys;sys.path.insert(0,{str(REPO)!r});"
        "from benchmarks.notices_at_scale import latency;"
        f"print(json.dumps(latency(__import__('pathlib').Path({str(home)!r}),{n},{chroma_url!r})))"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("GILJABI_")}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=REPO, capture_output=True, text=True, check=True
    )
    result: dict[str, Any] = json.loads(out.stdout.splitlines()[-1])
    result["load_avg_1m"] = round(os.getloadavg()[0], 2)
    print(f"  latency {home.name}: {result}", file=sys.stderr, flush=True)
    return result


def latency(home: Path, n: int, chroma_url: str | None = None) -> dict[str, Any]:
    from assistant.service import Assistant
    from assistant.settings import Settings

    questions = load_questions(False)[:n]
    started = time.perf_counter()
    assistant = Assistant(Settings(home=home, today=TODAY, chroma_url=chroma_url))
    load_s = time.perf_counter() - started
    assistant.ask(questions[0].item.question)
    seconds = []
    for q in questions:
        t = time.perf_counter()
        assistant.ask(q.item.question, q.item.history)
        seconds.append(time.perf_counter() - t)
    return {"load_s": round(load_s, 2), **summary_ms(seconds)}


def cold_start(home: Path) -> dict[str, Any]:
    """A fresh process: import, open the index, answer one question; wall time and peak RSS."""
    code = (
        "import time,resource;t=time.perf_counter();"
        "from assistant.service import Assistant;from assistant.settings import Settings;"
        f"a=Assistant(Settings(home={str(home)!r}));ready=time.perf_counter()-t;"
        "a.ask('신청 마감은 언제인가요?');"
        "print(ready, time.perf_counter()-t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("GILJABI_")}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=REPO, capture_output=True, text=True, check=True
    )
    ready, first, rss_kb = out.stdout.split()[-3:]
    return {
        "ready_s": round(float(ready), 2),
        "first_answer_s": round(float(first), 2),
        "peak_rss_mb": round(int(rss_kb) / 1024),
    }


def answers(home: Path, n: int) -> dict[str, Any]:
    """Facts right and refusals right on the seeds + real questions (the eval's own scoring)."""
    from assistant.service import Assistant
    from assistant.settings import Settings
    from evals.metrics import summarize
    from evals.runner import InProcessBackend, Runner

    items = [q.item for q in load_questions(False)[:n]]
    runner = Runner(InProcessBackend(Assistant(Settings(home=home, today=TODAY))))
    summary = summarize(runner.run(items))
    keys = ("n", "fact_accuracy", "refusal_accuracy", "false_refusal_rate", "cited_doc_accuracy")
    return {k: summary[k] for k in keys if k in summary}


def with_chroma_server(home: Path, n: int) -> dict[str, Any]:
    """The same latency with the vectors served by a real ``chroma run`` over ``home``'s store."""
    chroma = Path(sys.executable).with_name("chroma")
    port = free_port()
    proc = subprocess.Popen(
        [str(chroma), "run", "--path", str(home / "chroma"), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        import httpx

        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        return fresh_latency(home, n, chroma_url=f"http://127.0.0.1:{port}")
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _add_one_in(home: Path) -> dict[str, Any]:
    work = BENCH_DIR / "notices-new"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    result = add_one(home, work)
    print(f"  add one: {result}", file=sys.stderr, flush=True)
    return result


def run(args: argparse.Namespace) -> dict[str, Any]:
    bundled, pool = _files(args.pool, args.limit)
    small = BENCH_DIR / "notices-bundled"
    large = BENCH_DIR / "notices-all"
    out: dict[str, Any] = {
        "bundled_files": len(bundled),
        "pool_files": len(pool),
        "keywords_first": args.keywords_first,
        "load_avg_start": os.getloadavg(),
    }
    if args.only_add_one:
        out["add_one"] = _add_one_in(large)
        out["load_avg_end"] = os.getloadavg()
        return out
    if not args.skip_build:
        for home in (small, large):
            shutil.rmtree(home, ignore_errors=True)
        print(f"ingesting the bundled corpus ({len(bundled)} files)…", file=sys.stderr)
        first = args.keywords_first
        out["ingest_bundled"] = build(bundled, small, step=len(bundled), keywords_first=first)
        shutil.copytree(small, large)
        print(f"adding the pool ({len(pool)} files)…", file=sys.stderr)
        out["ingest_pool"] = build(
            pool,
            large,
            args.step,
            len(bundled),
            keywords_first=first,
            checkpoint=lambda _: fresh_latency(large, args.questions),
        )
        out["ingest_all_s"] = round(out["ingest_bundled"]["seconds"] + out["ingest_pool"]["seconds"], 1)
    out["latency_bundled"] = fresh_latency(small, args.questions)
    out["latency_all"] = fresh_latency(large, args.questions)
    out["cold_bundled"] = cold_start(small)
    out["cold_all"] = cold_start(large)
    out["answers_bundled"] = answers(small, args.questions)
    out["answers_all"] = answers(large, args.questions)
    if args.chroma_server:
        out["latency_all_chroma_server"] = with_chroma_server(large, args.questions)
    if args.vector_home is not None:
        vec = BENCH_DIR / "notices-vectors"
        shutil.rmtree(vec, ignore_errors=True)
        shutil.copytree(args.vector_home, vec)
        out["vector_home"] = str(args.vector_home)
        out["latency_vectors"] = fresh_latency(vec, args.questions)
        if args.chroma_server:
            out["latency_vectors_chroma_server"] = with_chroma_server(vec, args.questions)
    # last: the upload starts the background vector worker (it stops when this process ends)
    out["add_one"] = _add_one_in(large)
    out["load_avg_end"] = os.getloadavg()
    out["peak_rss_mb_this_process"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return out


def render(r: dict[str, Any]) -> str:
    rows: list[list[Any]] = []
    if "ingest_bundled" in r:
        rows.append(["ingest, bundled corpus", f"{r['ingest_bundled']['seconds']} s", "≤ 180 s"])
        rows.append(
            [
                f"ingest, bundled + pool ({r['bundled_files'] + r['pool_files']} files)",
                f"{r['ingest_all_s']} s",
                "≤ 1800 s",
            ]
        )
    one = r["add_one"]
    rows.append(["add one notice until answerable", f"{one['answerable_s']} s", "≤ 15 s"])
    rows.append(
        [
            "the answer cites it / states its deadline",
            f"{one['answer_cites_new_notice']} / {one['answer_has_deadline']}",
            "True / True",
        ]
    )
    rows.append(
        ["remove it until answered without it", f"{one['removed_until_answered_without_it_s']} s", "≤ 15 s"]
    )
    if "latency_bundled" not in r:  # --only-add-one
        return md_table(["measure", "value", "goal"], rows)
    lat: list[tuple[str, dict[str, Any]]] = [("bundled", r["latency_bundled"])]
    lat += [(f"{c['files']} files", c) for c in r.get("ingest_pool", {}).get("latency_points", [])]
    for key, label in (
        ("latency_all", "all"),
        ("latency_all_chroma_server", "all, Chroma server"),
        ("latency_vectors", "vector index, in-process"),
        ("latency_vectors_chroma_server", "vector index, Chroma server"),
    ):
        if key in r:
            lat.append((label, r[key]))
    for label, m in lat:
        rows.append([f"ask p50 / p95 ({label})", f"{m['p50']} / {m['p95']} ms", "≤ 100 / 300 ms"])
    for key, label in (("cold_bundled", "bundled"), ("cold_all", "all")):
        c = r[key]
        rows.append(
            [
                f"cold start: ready / first answer ({label})",
                f"{c['ready_s']} / {c['first_answer_s']} s",
                "≤ 3 s",
            ]
        )
        rows.append([f"peak RSS ({label})", f"{c['peak_rss_mb']} MB", "≤ 1536 MB"])
    for key, label in (("answers_bundled", "without the pool"), ("answers_all", "with the pool")):
        a = r[key]
        rows.append([f"facts right ({label}, n={a['n']})", f"{a['fact_accuracy']:.3f}", "± 0.02"])
    return md_table(["measure", "value", "goal"], rows)


def plot(r: dict[str, Any], path: Path = PLOT) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    if "ingest_pool" not in r:
        return
    points = [(r["bundled_files"], r["ingest_bundled"]["seconds"])] + [
        (n, r["ingest_bundled"]["seconds"] + s) for n, s in r["ingest_pool"]["points"]
    ]
    fig, (a, b) = plt.subplots(1, 2, figsize=(9, 3.5))
    a.plot([p[0] for p in points], [p[1] / 60 for p in points], marker="o")
    a.set_xlabel("notices indexed")
    a.set_ylabel("ingest time (min)")
    lat = (
        [(r["bundled_files"], r["latency_bundled"])]
        + [(c["files"], c) for c in r["ingest_pool"].get("latency_points", [])]
        + [(r["bundled_files"] + r["pool_files"], r["latency_all"])]
    )
    sizes = [n for n, _ in lat]
    b.plot(sizes, [m["p95"] for _, m in lat], marker="o", label="p95")
    b.plot(sizes, [m["p50"] for _, m in lat], marker="o", label="p50")
    if "latency_all_chroma_server" in r:
        server = r["latency_all_chroma_server"]
        b.plot([sizes[-1]] * 2, [server["p95"], server["p50"]], "kx", label="Chroma server")
    b.axhline(300, color="grey", linestyle=":", linewidth=1)
    b.axhline(100, color="grey", linestyle=":", linewidth=1)
    b.set_xlabel("notices indexed")
    b.set_ylabel("ask latency (ms), goals dotted")
    b.legend()
    a.axhline(30, color="grey", linestyle=":", linewidth=1)
    a.set_title("ingest (keywords first)" if r.get("keywords_first") else "ingest", fontsize=10)
    b.set_title(f"ask, {r['latency_all']['n']} questions, fresh process each", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pool", type=Path, default=POOL)
    parser.add_argument("--limit", type=int, default=None, help="only the first N pool files")
    parser.add_argument("--step", type=int, default=100, help="pool files per ingest batch (plot points)")
    parser.add_argument("--questions", type=int, default=114, help="seeds + real questions to ask")
    parser.add_argument("--skip-build", action="store_true", help="reuse the indexes of an earlier run")
    parser.add_argument("--chroma-server", action="store_true", help="also measure through `chroma run`")
    parser.add_argument(
        "--vector-home", type=Path, default=None, help="an index with chunk vectors to measure a copy of"
    )
    parser.add_argument(
        "--only-add-one",
        action="store_true",
        help="only add (and then remove) one new notice on the existing large index",
    )
    parser.add_argument(
        "--keywords-first",
        action="store_true",
        help="build without vectors (BM25 and cards, as a first start does)",
    )
    args = parser.parse_args(argv)
    result = run(args)
    save_result("notices_at_scale_add_one" if args.only_add_one else "notices_at_scale", result)
    print(json.dumps(result, ensure_ascii=False, indent=1))
    print(render(result))
    plot(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
