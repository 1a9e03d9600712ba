"""A fake OpenAI-compatible chat server for tests — the only faked part of Giljabi's test suite.

An LLM server (vLLM, Ollama, llama.cpp server) is truly external to Giljabi, so tests that exercise the
generative answer mode start this tiny ``http.server`` on a free loopback port instead of a real model.
It implements ``POST /v1/chat/completions`` (a JSON reply, or server-sent events when the request says
``"stream": true``) and ``GET /v1/models``. It answers with a scripted ``reply`` (or an HTTP ``status``
error, optionally after ``delay`` seconds) and records every request body in ``requests``, so a test can
check exactly which messages the client sent. Everything else in those tests is real.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

__all__ = ["FakeLLMServer"]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    fake: FakeLLMServer


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        return

    def do_GET(self) -> None:
        if self.path.rstrip("/") == "/v1/models":
            self._json(200, {"object": "list", "data": [{"id": self.server.fake.model, "object": "model"}]})
        else:
            self._json(404, {"error": {"message": "not found"}})

    def do_POST(self) -> None:
        fake = self.server.fake
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}")
        if self.path.rstrip("/") != "/v1/chat/completions":
            self._json(404, {"error": {"message": "not found"}})
            return
        with fake.lock:
            fake.requests.append(body)
        if fake.delay > 0 and fake.closing.wait(fake.delay):
            return  # the server is shutting down
        try:
            if fake.status != 200:
                self._json(fake.status, {"error": {"message": "scripted failure", "type": "server_error"}})
            elif body.get("stream"):
                self._stream(body, fake.reply)
            else:
                self._json(200, _completion(body, fake.reply))
        except (BrokenPipeError, ConnectionResetError):
            return  # the client gave up (timeout) before the reply was written

    def _json(self, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _stream(self, body: dict[str, Any], reply: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        base = {"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": int(time.time())}
        pieces = [reply[i : i + 16] for i in range(0, len(reply), 16)] or [""]
        events = [{"role": "assistant", "content": ""}] + [{"content": p} for p in pieces]
        for i, delta in enumerate(events):
            finish = "stop" if i == len(events) - 1 else None
            chunk = {
                **base,
                "model": body.get("model", ""),
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
            }
            self.wfile.write(f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n".encode())
        self.wfile.write(b"data: [DONE]\n\n")
        self.wfile.flush()


def _completion(body: dict[str, Any], reply: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": body.get("model", ""),
        "choices": [
            {"index": 0, "message": {"role": "assistant", "content": reply}, "finish_reason": "stop"}
        ],
        "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
    }


class FakeLLMServer:
    """``with FakeLLMServer(reply="…") as llm: … llm.base_url …``; set ``reply``/``status``/``delay`` any time."""

    def __init__(
        self, reply: str = "", *, status: int = 200, delay: float = 0.0, model: str = "fake-model"
    ) -> None:
        self.reply = reply
        self.status = status
        self.delay = delay
        self.model = model
        self.requests: list[dict[str, Any]] = []
        self.lock = threading.Lock()
        self.closing = threading.Event()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.fake = self
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, name="fake-llm", daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def messages(self, i: int = -1) -> list[dict[str, Any]]:
        """The chat messages of request ``i`` (the last one by default)."""
        return self.requests[i]["messages"]

    def start(self) -> FakeLLMServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.closing.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> FakeLLMServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
