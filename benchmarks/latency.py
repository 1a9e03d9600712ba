"""Query latency in-process and over HTTP, cold start, and the API process's peak memory.

* in-process: ``Assistant.ask`` over every eval question (refusals and follow-ups included), warm;
* HTTP: ``giljabi serve`` as a subprocess on a free port, ``POST /v1/ask`` over the same questions,
  sequentially (warm) and then a short concurrent burst;
* cold start: launch → answer for ``giljabi ask --json`` (a fresh process per question), and for the
  API launch → ``/healthz`` ok → first ``/v1/ask`` answered;
* peak RSS of the API process (psutil, sampled every 50 ms while loading and under the burst).

    python benchmarks/latency.py [--quick] [--cold-runs N] [--concurrency C]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx  # noqa: E402
import psutil  # noqa: E402

from benchmarks.common import (  # noqa: E402
    TODAY,
    Question,
    assistant_for,
    free_port,
    load_questions,
    md_table,
    pct,
    product_home,
    save_result,
    summary_ms,
    timed,
)

GILJABI = Path(sys.executable).with_name("giljabi")


def env_for(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GILJABI_")}
    return {**env, "GILJABI_HOME": str(home), "GILJABI_TODAY": TODAY.isoformat()}


def body(q: Question) -> dict[str, Any]:
    return {
        "question": q.item.question,
        "history": [{"role": t.role, "content": t.content} for t in q.item.history],
    }


class RssSampler:
    """Samples the resident memory of a process and its children in a background thread."""

    def __init__(self, pid: int, every: float = 0.05) -> None:
        self.proc = psutil.Process(pid)
        self.every = every
        self.peak = 0
        self.last = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _rss(self) -> int:
        total = 0
        for p in [self.proc, *self.proc.children(recursive=True)]:
            try:
                total += p.memory_info().rss
            except psutil.NoSuchProcess:
                continue
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.last = self._rss()
            except psutil.NoSuchProcess:
                return
            self.peak = max(self.peak, self.last)
            time.sleep(self.every)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


# ---------------------------------------------------------------------------- in-process
def in_process(home: Path, questions: Sequence[Question]) -> dict[str, Any]:
    (assistant, load_s) = timed(lambda: assistant_for(home))
    assistant.ask(questions[0].item.question)  # warm-up
    seconds = [timed(lambda q=q: assistant.ask(q.item.question, q.item.history))[1] for q in questions]
    return {"load_s": round(load_s, 2), **summary_ms(seconds)}


# ---------------------------------------------------------------------------- CLI cold start
def cli_cold(home: Path, questions: Sequence[Question], runs: int) -> dict[str, Any]:
    seconds = []
    for q in questions[:runs]:
        started = time.perf_counter()
        subprocess.run(
            [str(GILJABI), "ask", q.item.question, "--json"],
            env=env_for(home),
            check=True,
            capture_output=True,
            timeout=600,
        )
        seconds.append(time.perf_counter() - started)
    return {"runs": len(seconds), "median_s": round(pct(seconds, 50), 2), "max_s": round(max(seconds), 2)}


# ---------------------------------------------------------------------------- HTTP
def start_api(home: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    proc = subprocess.Popen(
        [str(GILJABI), "serve", "--port", str(port)],
        env=env_for(home),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return proc, f"http://127.0.0.1:{port}"


def wait_healthy(client: httpx.Client, url: str, proc: subprocess.Popen[bytes], timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"giljabi serve exited with {proc.returncode}")
        try:
            if client.get(f"{url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    raise TimeoutError("giljabi serve did not become healthy")


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def api_cold(home: Path, q: Question) -> dict[str, float]:
    """One launch: seconds to /healthz ok and to the first answer; peak RSS while loading."""
    started = time.perf_counter()
    proc, url = start_api(home)
    try:
        with RssSampler(proc.pid) as rss, httpx.Client(timeout=600) as client:
            wait_healthy(client, url, proc)
            healthy = time.perf_counter() - started
            client.post(f"{url}/v1/ask", json=body(q)).raise_for_status()
            first = time.perf_counter() - started
        return {"healthz_s": healthy, "first_answer_s": first, "peak_rss_mb": rss.peak / 2**20}
    finally:
        stop(proc)


def api_warm(home: Path, questions: Sequence[Question], concurrency: int) -> dict[str, Any]:
    proc, url = start_api(home)
    try:
        with RssSampler(proc.pid) as rss, httpx.Client(timeout=600) as client:
            wait_healthy(client, url, proc)
            loaded_rss = rss.last
            client.post(f"{url}/v1/ask", json=body(questions[0])).raise_for_status()  # warm-up

            def post(q: Question) -> float:
                started = time.perf_counter()
                r = client.post(f"{url}/v1/ask", json=body(q))
                r.raise_for_status()
                return time.perf_counter() - started

            sequential = [post(q) for q in questions]
            burst_qs = list(questions) * 2
            started = time.perf_counter()
            with ThreadPoolExecutor(concurrency) as pool:
                burst = list(pool.map(post, burst_qs))
            wall = time.perf_counter() - started
        return {
            "sequential": summary_ms(sequential),
            "burst": {
                **summary_ms(burst),
                "concurrency": concurrency,
                "requests": len(burst),
                "throughput_rps": round(len(burst) / wall, 2),
            },
            "rss_loaded_mb": round(loaded_rss / 2**20),
            "peak_rss_mb": round(rss.peak / 2**20),
        }
    finally:
        stop(proc)


def run(quick: bool, cold_runs: int, concurrency: int) -> dict[str, Any]:
    home = product_home(quick)
    questions = load_questions(quick)
    report: dict[str, Any] = {"quick": quick, "questions": len(questions)}
    print("in-process…", file=sys.stderr)
    report["in_process"] = in_process(home, questions)
    print("HTTP warm…", file=sys.stderr)
    report["http"] = api_warm(home, questions, concurrency)
    print("cold starts…", file=sys.stderr)
    colds = [api_cold(home, questions[i % len(questions)]) for i in range(cold_runs)]
    report["api_cold"] = {
        "runs": len(colds),
        "healthz_s": round(pct([c["healthz_s"] for c in colds], 50), 2),
        "first_answer_s": round(pct([c["first_answer_s"] for c in colds], 50), 2),
        "peak_rss_mb": round(max(c["peak_rss_mb"] for c in colds)),
    }
    report["cli_cold"] = cli_cold(home, questions, cold_runs)
    return report


def render(r: dict[str, Any]) -> str:
    ip, seq, burst = r["in_process"], r["http"]["sequential"], r["http"]["burst"]
    rows = [
        ["in-process `Assistant.ask`", ip["n"], ip["p50"], ip["p95"], ip["p99"]],
        ["HTTP `POST /v1/ask`, sequential", seq["n"], seq["p50"], seq["p95"], seq["p99"]],
        [
            f"HTTP, {burst['concurrency']} concurrent clients",
            burst["n"],
            burst["p50"],
            burst["p95"],
            burst["p99"],
        ],
    ]
    out = [md_table(["path (warm)", "n", "p50 ms", "p95 ms", "p99 ms"], rows)]
    out.append(f"\nHTTP throughput under the burst: {burst['throughput_rps']} answers/s.")
    c, cli = r["api_cold"], r["cli_cold"]
    out.append(
        "\n"
        + md_table(
            ["cold start (median)", "seconds"],
            [
                ["`Assistant` construction in-process (index load)", ip["load_s"]],
                ["`giljabi ask --json` launch → answer", cli["median_s"]],
                ["`giljabi serve` launch → /healthz ok", c["healthz_s"]],
                ["`giljabi serve` launch → first /v1/ask answered", c["first_answer_s"]],
            ],
        )
    )
    out.append(
        f"\nAPI process RSS: {r['http']['rss_loaded_mb']} MB once loaded, peak {r['http']['peak_rss_mb']} MB "
        f"under the burst, peak {c['peak_rss_mb']} MB during cold starts."
    )
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="seeds + 5 real files, 20 questions")
    parser.add_argument(
        "--cold-runs", type=int, default=None, help="cold starts to time (default 3, quick 1)"
    )
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args(argv)
    cold_runs = args.cold_runs or (1 if args.quick else 3)
    report = run(args.quick, cold_runs, args.concurrency)
    text = render(report)
    print(text)
    save_result("latency" + ("-quick" if args.quick else ""), {**report, "markdown": text})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
