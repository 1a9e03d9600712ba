"""Real server processes for tests (`giljabi serve`, `streamlit run`, `chroma run`) on free loopback ports."""

from __future__ import annotations

import signal
import socket
import subprocess
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running(
    cmd: Sequence[str],
    *,
    ready: Callable[[], bool],
    log_path: Path,
    name: str,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 120.0,
    stop_signal: int = signal.SIGTERM,
) -> Iterator[subprocess.Popen[bytes]]:
    """Start ``cmd``, wait until ``ready()`` (failing with the log's tail if it dies or times out), stop it after."""
    log = log_path.open("w+")
    proc = subprocess.Popen(
        list(cmd), cwd=cwd, env=dict(env) if env else None, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                log.seek(0)
                pytest.fail(f"{name} exited with {proc.returncode}:\n{log.read()[-3000:]}")
            try:
                if ready():
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                log.seek(0)
                pytest.fail(f"{name} was not ready in {timeout:.0f}s:\n{log.read()[-3000:]}")
            time.sleep(0.3)
        yield proc
    finally:
        proc.send_signal(stop_signal)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
