"""assistant.body_limit: every body is capped while it is received, chunked transfers included."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
from fastapi.testclient import TestClient

from assistant.api import create_app
from assistant.api_models import MAX_ANSWER, MAX_COMMENT, MAX_QUESTION
from assistant.body_limit import JSON_BODY_LIMIT, upload_limit_bytes
from tests.assistant.light_app import ADMIN_TOKEN, ReaderOnlyAssistant, light_settings

HANGUL = re.compile(r"[가-힣]")
CHUNK = 64 * 1024
STREAMED = 64 * 1024 * 1024  # offered by the chunked clients; the limits stop reading long before


def _app(tmp_path: Path) -> Any:
    settings = light_settings(tmp_path)
    return create_app(ReaderOnlyAssistant(settings), settings)  # type: ignore[arg-type]


def _korean_413(response: httpx.Response) -> str:
    assert response.status_code == 413, response.text
    detail = response.json()["detail"]
    assert isinstance(detail, str) and HANGUL.search(detail), detail
    return detail


def test_declared_oversize_json_is_refused_before_the_body_is_read(tmp_path: Path) -> None:
    """A 300 MB Content-Length: answered 413 without one receive() of the body."""
    app = _app(tmp_path)
    received: list[dict[str, Any]] = []
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        received.append({})
        return {"type": "http.request", "body": b"x" * CHUNK, "more_body": len(received) < 100}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/v1/ask",
        "raw_path": b"/v1/ask",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"content-type", b"application/json"), (b"content-length", b"300000000")],
        "client": ("127.0.0.1", 1),
        "server": ("testserver", 80),
        "state": {},
    }
    asyncio.run(app(scope, receive, send))
    assert sent[0]["status"] == 413
    assert received == []
    body = json.loads(b"".join(m.get("body", b"") for m in sent[1:]))
    assert "요청 본문이 너무 큽니다" in body["detail"]


def test_oversize_json_with_content_length_gets_korean_413(tmp_path: Path) -> None:
    with TestClient(_app(tmp_path)) as client:
        r = client.post(
            "/v1/ask",
            content=b'{"question": "' + b"a" * JSON_BODY_LIMIT + b'"}',
            headers={"content-type": "application/json"},
        )
    assert "256KB" in _korean_413(r)
    assert r.headers["x-request-id"]


def test_chunked_json_without_content_length_gets_413(tmp_path: Path) -> None:
    def body() -> Iterator[bytes]:
        yield b'{"question": "'
        for _ in range(100):  # 6.4 MB, no Content-Length (TestClient joins it, the middleware counts)
            yield b"a" * CHUNK

    with TestClient(_app(tmp_path)) as client:
        r = client.post("/v1/ask", content=body(), headers={"content-type": "application/json"})
    assert "content-length" not in {k.lower() for k in r.request.headers}
    _korean_413(r)


async def _stream_post(
    app: Any, path: str, headers: dict[str, str], total: int, head: bytes = b""
) -> tuple[httpx.Response, int]:
    """POST ``head`` then a lazily generated body of ``total`` bytes, chunk by chunk, with no
    Content-Length; returns the answer and the number of bytes the app pulled from the generator."""
    pulled = 0

    async def body() -> AsyncIterator[bytes]:
        nonlocal pulled
        yield head
        while pulled < total:
            pulled += CHUNK
            yield b"a" * CHUNK

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        response = await client.post(path, content=body(), headers=headers)
    return response, pulled


def test_chunked_json_stops_being_read_at_the_limit(tmp_path: Path) -> None:
    r, pulled = asyncio.run(
        _stream_post(_app(tmp_path), "/v1/ask", {"content-type": "application/json"}, STREAMED)
    )
    _korean_413(r)
    assert "content-length" not in {k.lower() for k in r.request.headers}
    assert pulled <= JSON_BODY_LIMIT + 2 * CHUNK  # not the whole stream


def test_chunked_upload_stops_being_read_at_the_upload_limit(tmp_path: Path) -> None:
    headers = {
        "content-type": "multipart/form-data; boundary=xyz",
        "authorization": f"Bearer {ADMIN_TOKEN}",
    }
    head = (
        b'--xyz\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\n'
        b"Content-Type: text/plain\r\n\r\n"
    )
    r, pulled = asyncio.run(_stream_post(_app(tmp_path), "/v1/documents", headers, STREAMED, head))
    assert "1MB" in _korean_413(r)
    assert pulled <= upload_limit_bytes(1) + 2 * CHUNK
    corpus = tmp_path / "corpus"
    assert not corpus.exists() or not any(corpus.iterdir())  # nothing stored, not even a .part file


def test_largest_valid_feedback_fits_under_the_json_limit(tmp_path: Path) -> None:
    payload = {
        "question": "가" * MAX_QUESTION,
        "answer": "나" * MAX_ANSWER,
        "rating": 1,
        "comment": "다" * MAX_COMMENT,
    }
    body = json.dumps(payload).encode()  # ensure_ascii: every Hangul character as \\uXXXX (6 bytes)
    assert len(body) < JSON_BODY_LIMIT
    with TestClient(_app(tmp_path)) as client:
        r = client.post("/v1/feedback", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 201, r.text
