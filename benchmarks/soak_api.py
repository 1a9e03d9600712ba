"""Soak test: a real `giljabi serve` under 20 clients for 10 minutes, with uploads, hostile input and kills.

The script copies an index home and a corpus folder (so nothing of yours is changed), starts the server
on a free loopback port and runs, until the time is up:

- N client threads asking questions (follow-ups with history included), searching, listing programs and
  documents, checking health and sending feedback;
- one admin thread uploading a new notice, replacing one by the same name, and sending hostile input: a
  deeply nested HWPX, a zip bomb, an 84-character Hangul file name, a chunked upload over the limit, an
  oversized JSON body and a question of 1,000 characters;
- one killer thread that kills the server with SIGKILL at a fixed interval and starts it again.

It samples the resident memory of the server and of every process it started (the span worker) once a
second, and prints, as a table and as JSON: requests, 5xx responses (must be 0), other statuses,
connection errors (expected only while the server is down after a kill), peak and median memory, the
number of background workers seen at once, whether any outlived the server, and whether every file
uploaded before a kill is still listed after it.

    python benchmarks/soak_api.py --home .giljabi --corpus corpus --clients 20 --minutes 10
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psutil

TOKEN = "soak-admin-token"
QUESTIONS = (
    "시군구연고산업육성사업 접수 마감이 언제예요?",
    "팁스 지원한도는 얼마인가요?",
    "지역혁신선도기업육성 R&D 지원대상은 누구인가요?",
    "중소기업 연구인력지원사업 문의처 알려주세요",
    "지금 신청할 수 있는 사업 뭐 있어요?",
    "창업도약패키지 신청은 어떻게 하나요?",
    "오늘 날씨 어때?",
)
FOLLOW_UP = (
    [{"role": "user", "content": "팁스 지원한도는 얼마인가요?"}, {"role": "assistant", "content": "…"}],
    "그럼 마감은?",
)
NOTICE = (
    "2026년 소크시험 지원사업 공고 제{n}호\n\n1. 지원대상\n  ○ 창업 7년 이내 중소기업\n\n"
    "2. 접수기간\n  ○ 2026. 11. 1.(일) ~ 2026. 12. {day}.(목) 18:00\n\n"
    "3. 문의처\n  ○ 소크시험진흥원 사업팀 (02-000-{n:04d})\n"
)


@dataclass
class Tally:
    statuses: Counter[str] = field(default_factory=Counter)
    server_errors: Counter[str] = field(default_factory=Counter)
    connection_errors: int = 0
    requests: int = 0
    latencies: list[float] = field(default_factory=list)
    uploaded: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    hostile: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, endpoint: str, status: int | None, seconds: float) -> None:
        with self.lock:
            self.requests += 1
            if status is None:
                self.connection_errors += 1
                return
            self.latencies.append(seconds)
            self.statuses[str(status)] += 1
            if status >= 500:
                self.server_errors[f"{endpoint} {status}"] += 1


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """`giljabi serve` as a child process that can be killed with SIGKILL and started again."""

    def __init__(self, env: dict[str, str], port: int, log: Path) -> None:
        self.env, self.port, self.log = env, port, log
        self.proc: subprocess.Popen[bytes] | None = None
        self.up = threading.Event()
        self.orphans: list[int] = []

    def start(self, timeout: float = 600) -> None:
        exe = Path(sys.executable).with_name("giljabi")
        cmd = [str(exe), "serve", "--host", "127.0.0.1", "--port", str(self.port)]
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(cmd, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"서버가 종료되었습니다(코드 {self.proc.returncode}); 로그: {self.log}")
            try:
                if httpx.get(f"http://127.0.0.1:{self.port}/healthz", timeout=5).status_code == 200:
                    self.up.set()
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        raise SystemExit(f"서버가 {timeout:.0f}초 안에 준비되지 않았습니다; 로그: {self.log}")

    def family(self) -> list[psutil.Process]:
        if self.proc is None or self.proc.poll() is not None:
            return []
        try:
            root = psutil.Process(self.proc.pid)
            return [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return []

    def kill(self) -> None:
        """SIGKILL the server only (as a crash would); its workers must notice and stop by themselves."""
        children = [p.pid for p in self.family()[1:]]
        self.up.clear()
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        time.sleep(15)  # the span worker checks its owner every few seconds
        self.orphans += [pid for pid in children if psutil.pid_exists(pid) and _alive(pid)]

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def _alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _send(
    tally: Tally, client: httpx.Client, endpoint: str, method: str, url: str, **kw: object
) -> int | None:
    started = time.perf_counter()
    try:
        r = client.request(method, url, **kw)  # type: ignore[arg-type]
        status: int | None = r.status_code
    except httpx.HTTPError:
        status = None
    tally.record(endpoint, status, time.perf_counter() - started)
    return status


def client_loop(base: str, worker: int, stop_at: float, tally: Tally, server: Server) -> None:
    with httpx.Client(base_url=base, timeout=180) as c:
        i = worker
        while time.monotonic() < stop_at:
            if not server.up.wait(timeout=1):
                continue
            i += 1
            kind = i % 20
            if kind < 11:
                q = QUESTIONS[i % len(QUESTIONS)]
                _send(tally, c, "ask", "POST", "/v1/ask", json={"question": q})
            elif kind < 13:
                history, q = FOLLOW_UP
                _send(tally, c, "ask(history)", "POST", "/v1/ask", json={"question": q, "history": history})
            elif kind < 15:
                _send(tally, c, "search", "GET", "/v1/search", params={"q": "접수기간 자부담", "k": 5})
            elif kind < 17:
                _send(tally, c, "programs", "GET", "/v1/programs", params={"status": "open"})
            elif kind == 17:
                _send(tally, c, "documents", "GET", "/v1/documents")
            elif kind == 18:
                body = {"question": "팁스 마감?", "answer": "…", "rating": 1 if i % 2 else -1}
                _send(tally, c, "feedback", "POST", "/v1/feedback", json=body)
            else:
                _send(tally, c, "healthz", "GET", "/healthz")


def deep_hwpx(depth: int = 5000) -> bytes:
    inner = "<hp:p>" * depth + "깊은 문단" + "</hp:p>" * depth
    section = f'<?xml version="1.0"?><hs:sec xmlns:hs="s" xmlns:hp="p">{inner}</hs:sec>'.encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/hwp+zip")
        z.writestr("Contents/section0.xml", section)
    return buf.getvalue()


def zip_bomb(mib: int = 300) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/hwp+zip")
        with z.open("Contents/content.hpf", "w", force_zip64=True) as member:
            block = b"\0" * (1 << 20)
            for _ in range(mib):
                member.write(block)
    return buf.getvalue()


def admin_loop(base: str, stop_at: float, tally: Tally, server: Server, corpus: Path) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    bomb = zip_bomb()
    n = 0
    with httpx.Client(base_url=base, timeout=600, headers=auth) as c:
        while time.monotonic() < stop_at:
            if not server.up.wait(timeout=1):
                continue
            n += 1
            step = n % 6
            if step in (0, 3):  # a new notice
                name = f"소크시험_공고_{n:03d}.txt"
                text = NOTICE.format(n=n, day=10 + n % 18).encode()
                status = _send(tally, c, "upload", "POST", "/v1/documents", files={"file": (name, text)})
                if status == 200:
                    with tally.lock:
                        tally.uploaded.append(name)
            elif step == 1 and tally.uploaded:  # the same name again, replacing it
                name = tally.uploaded[-1]
                text = NOTICE.format(n=n, day=20).encode()
                _send(
                    tally,
                    c,
                    "upload(replace)",
                    "POST",
                    "/v1/documents?replace=true",
                    files={"file": (name, text)},
                )
            elif step == 2:
                kind = ("deep", "bomb", "long-name")[(n // 6) % 3]
                payload = {
                    "deep": deep_hwpx(),
                    "bomb": bomb,
                    "long-name": NOTICE.format(n=n, day=9).encode(),
                }[kind]
                name = {
                    "deep": f"깊은_{n}.hwpx",
                    "bomb": f"폭탄_{n}.hwpx",
                    "long-name": "가" * 84 + f"{n}.txt",
                }[kind]
                status = _send(
                    tally, c, f"hostile:{kind}", "POST", "/v1/documents", files={"file": (name, payload)}
                )
                tally.hostile[f"{kind} → {status}"] += 1
            elif step == 4:  # chunked upload over the limit, without Content-Length

                def chunks() -> object:
                    for _ in range(64):
                        yield b"x" * (1 << 20)

                status = _send(
                    tally,
                    c,
                    "hostile:chunked",
                    "POST",
                    "/v1/ask",
                    content=chunks(),
                    headers={"Content-Type": "application/json"},
                )
                tally.hostile[f"chunked 64 MB → {status}"] += 1
            else:
                long_q = "지원대상 " * 200
                status = _send(
                    tally, c, "hostile:long-question", "POST", "/v1/ask", json={"question": long_q}
                )
                tally.hostile[f"long question → {status}"] += 1
            time.sleep(5)
    del corpus


def killer_loop(
    stop_at: float, every: float, server: Server, base: str, tally: Tally, kills: list[float]
) -> None:
    while time.monotonic() + every < stop_at:
        time.sleep(every)
        with tally.lock:
            before = list(tally.uploaded)
        server.kill()
        started = time.monotonic()
        server.start()
        kills.append(round(time.monotonic() - started, 1))
        listed = {d["source"] for d in httpx.get(f"{base}/v1/documents", timeout=60).json()["documents"]}
        with tally.lock:
            tally.lost += [name for name in before if name not in listed]


@dataclass
class Memory:
    server_mb: list[float] = field(default_factory=list)  # the API process
    total_mb: list[float] = field(default_factory=list)  # the API and the workers it started
    workers: list[int] = field(default_factory=list)


def memory_loop(stop: threading.Event, server: Server, memory: Memory) -> None:
    while not stop.is_set():
        family = server.family()
        sizes = []
        for p in family:
            with contextlib.suppress(psutil.NoSuchProcess):
                sizes.append(p.memory_info().rss / 2**20)
        if sizes:
            memory.server_mb.append(sizes[0])
            memory.total_mb.append(sum(sizes))
            memory.workers.append(len(family) - 1)
        time.sleep(1)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="길잡이 API 소크 시험 (루프백 전용)")
    ap.add_argument("--home", type=Path, required=True, help="복사해 쓸 색인 폴더(GILJABI_HOME)")
    ap.add_argument("--corpus", type=Path, default=Path("corpus"))
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--minutes", type=float, default=10)
    ap.add_argument("--kill-every", type=float, default=150, help="서버를 SIGKILL 하는 간격(초)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="giljabi-soak-"))
    home, corpus = work / "home", work / "corpus"
    shutil.copytree(args.home, home)
    shutil.copytree(args.corpus, corpus)
    env = {
        **os.environ,
        "GILJABI_HOME": str(home),
        "GILJABI_CORPUS": str(corpus),
        "GILJABI_ADMIN_TOKEN": TOKEN,
    }
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = Server(env, port, work / "serve.log")
    server.start()
    tally, memory, kills = Tally(), Memory(), []
    stop = threading.Event()
    stop_at = time.monotonic() + args.minutes * 60
    threads = [threading.Thread(target=memory_loop, args=(stop, server, memory), daemon=True)]
    threads += [
        threading.Thread(target=client_loop, args=(base, w, stop_at, tally, server), daemon=True)
        for w in range(args.clients)
    ]
    threads.append(
        threading.Thread(target=admin_loop, args=(base, stop_at, tally, server, corpus), daemon=True)
    )
    threads.append(
        threading.Thread(
            target=killer_loop, args=(stop_at, args.kill_every, server, base, tally, kills), daemon=True
        )
    )
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads[1:]:
        t.join()
    stop.set()
    family = [p.pid for p in server.family()[1:]]
    server.stop()
    time.sleep(15)
    survivors = [pid for pid in family if _alive(pid)] + [pid for pid in server.orphans if _alive(pid)]
    result = {
        "clients": args.clients,
        "seconds": round(time.perf_counter() - started, 1),
        "requests": tally.requests,
        "statuses": dict(tally.statuses),
        "server_errors_5xx": sum(tally.server_errors.values()),
        "server_error_kinds": dict(tally.server_errors),
        "connection_errors_during_restarts": tally.connection_errors,
        "kills": len(kills),
        "restart_seconds": kills,
        "latency_p50_ms": round(statistics.median(tally.latencies) * 1000, 1) if tally.latencies else None,
        "server_rss_peak_mb": round(max(memory.server_mb, default=0), 1),
        "server_rss_median_mb": round(statistics.median(memory.server_mb), 1) if memory.server_mb else None,
        "with_workers_rss_peak_mb": round(max(memory.total_mb, default=0), 1),
        "background_workers_max": max(memory.workers, default=0),
        "workers_outliving_server": len(server.orphans),
        "workers_after_stop": len(survivors),
        "uploaded": len(tally.uploaded),
        "lost_after_kill": tally.lost,
        "hostile": dict(tally.hostile),
        "log": str(server.log),
    }
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        for k, v in result.items():
            print(f"{k:<36} {v}")
    ok = (
        not result["server_errors_5xx"] and not result["lost_after_kill"] and not result["workers_after_stop"]
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
