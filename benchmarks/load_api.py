"""Bounded load test for a running Giljabi API (loopback only).

N client threads (default 20) send a mix of requests for a fixed time (default 60 s) — mostly
``POST /v1/ask`` with realistic questions, some ``GET /v1/search`` and ``GET /healthz`` — and the
script prints errors, p50/p95/max latency per endpoint and overall throughput.

    giljabi serve --port 8000 &
    python benchmarks/load_api.py --url http://127.0.0.1:8000 --clients 20 --seconds 60
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlparse

import httpx

QUESTIONS = (
    "시군구연고산업육성사업 접수 마감이 언제예요?",
    "팁스 지원한도는 얼마인가요?",
    "자부담 비율은 어떻게 되나요?",
    "지역혁신선도기업육성 R&D 지원대상은 누구인가요?",
    "연고산업육성사업 문의처 전화번호 알려주세요",
    "팁스 신청은 어떻게 하나요?",
    "중소기업 연구인력지원사업 지원 금액은 얼마인가요?",
    "오늘 점심 메뉴 추천해 줘",  # refused: the answer path for off-topic questions
)
SEARCHES = ("자부담", "접수기간", "지원한도", "문의처", "신청 자격")
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter[str] = field(default_factory=Counter)
    statuses: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, endpoint: str, seconds: float, error: str | None, answer_status: str | None) -> None:
        with self.lock:
            self.latencies[endpoint].append(seconds)
            if error:
                self.errors[f"{endpoint}: {error}"] += 1
            if answer_status:
                self.statuses[answer_status] += 1


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def client_loop(base: str, worker: int, stop_at: float, results: Results, timeout: float) -> None:
    with httpx.Client(base_url=base, timeout=timeout) as client:
        i = worker
        while time.monotonic() < stop_at:
            i += 1
            kind = i % 10
            started = time.perf_counter()
            error = answer_status = None
            try:
                if kind < 7:
                    endpoint = "POST /v1/ask"
                    r = client.post("/v1/ask", json={"question": QUESTIONS[i % len(QUESTIONS)]})
                    if r.status_code == 200:
                        answer_status = r.json()["status"]
                elif kind < 9:
                    endpoint = "GET /v1/search"
                    r = client.get("/v1/search", params={"q": SEARCHES[i % len(SEARCHES)], "k": 5})
                else:
                    endpoint = "GET /healthz"
                    r = client.get("/healthz")
                if r.status_code != 200:
                    error = f"HTTP {r.status_code}"
            except httpx.HTTPError as exc:
                error = type(exc).__name__
            results.record(endpoint, time.perf_counter() - started, error, answer_status)


def run(base: str, clients: int, seconds: float, timeout: float) -> dict[str, object]:
    host = urlparse(base).hostname or ""
    if host not in LOOPBACK:
        raise SystemExit(f"refusing to load-test a non-loopback host: {host!r}")
    health = httpx.get(f"{base}/healthz", timeout=30).json()
    results = Results()
    stop_at = time.monotonic() + seconds
    started = time.perf_counter()
    threads = [
        threading.Thread(target=client_loop, args=(base, w, stop_at, results, timeout), daemon=True)
        for w in range(clients)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    everything = [x for values in results.latencies.values() for x in values]
    summary: dict[str, object] = {
        "url": base,
        "clients": clients,
        "seconds": round(elapsed, 1),
        "index": health,
        "requests": len(everything),
        "errors": sum(results.errors.values()),
        "error_kinds": dict(results.errors),
        "throughput_rps": round(len(everything) / elapsed, 2),
        "p50_ms": round(percentile(everything, 50) * 1000, 1),
        "p95_ms": round(percentile(everything, 95) * 1000, 1),
        "max_ms": round(max(everything, default=0) * 1000, 1),
        "answer_status": dict(results.statuses),
        "endpoints": {
            name: {
                "requests": len(values),
                "p50_ms": round(percentile(values, 50) * 1000, 1),
                "p95_ms": round(percentile(values, 95) * 1000, 1),
                "mean_ms": round(statistics.fmean(values) * 1000, 1),
            }
            for name, values in sorted(results.latencies.items())
        },
    }
    return summary


def print_table(s: dict[str, object]) -> None:
    print(
        f"길잡이 API 부하 시험: {s['url']}  클라이언트 {s['clients']}개, {s['seconds']}초, 색인 {s['index']}"
    )
    print(f"요청 {s['requests']}건, 오류 {s['errors']}건, 처리량 {s['throughput_rps']} req/s")
    print(f"전체 지연 p50 {s['p50_ms']} ms, p95 {s['p95_ms']} ms, 최대 {s['max_ms']} ms")
    print(f"{'endpoint':<16} {'requests':>8} {'p50 ms':>9} {'p95 ms':>9} {'mean ms':>9}")
    for name, e in s["endpoints"].items():  # type: ignore[union-attr]
        print(f"{name:<16} {e['requests']:>8} {e['p50_ms']:>9} {e['p95_ms']:>9} {e['mean_ms']:>9}")
    if s["error_kinds"]:
        print("오류:", s["error_kinds"])
    print("답변 상태:", s["answer_status"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="길잡이 API 부하 시험 (루프백 전용)")
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--timeout", type=float, default=120.0, help="요청 하나의 제한 시간(초)")
    parser.add_argument("--json", action="store_true", help="결과를 JSON으로 출력")
    args = parser.parse_args(argv)
    if not 1 <= args.clients <= 64 or not 1 <= args.seconds <= 600:
        parser.error("clients는 1~64, seconds는 1~600이어야 합니다.")
    summary = run(args.url.rstrip("/"), args.clients, args.seconds, args.timeout)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        print_table(summary)
    return 1 if summary["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
