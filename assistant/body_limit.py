"""A request-body limit for every endpoint, enforced while the body is received (ASGI middleware).

A declared ``Content-Length`` over the limit is refused before a byte is read; a body without one
(chunked transfer) is counted as it arrives and refused as soon as it passes the limit, so nothing
past the limit is ever read, parsed or spooled to disk. The refusal is a 413 with a Korean
``detail``, like every other error of the API.

Limits:

- ``JSON_BODY_LIMIT`` (256 KiB) for every JSON endpoint. The largest valid request is a feedback
  (question 1,000 + answer 20,000 + comment 2,000 characters); sent with every Hangul character as a
  6-byte ``\\uXXXX`` escape (Python's ``json.dumps`` default) it is about 138 KB, so no valid
  request is refused, and a 300 MB body costs at most 256 KiB.
- uploads (``POST /v1/documents``): ``GILJABI_MAX_UPLOAD_MB`` plus ``MULTIPART_OVERHEAD`` for the
  multipart framing; the stored file itself is checked against ``GILJABI_MAX_UPLOAD_MB`` exactly.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

JSON_BODY_LIMIT = 256 * 1024
MULTIPART_OVERHEAD = 64 * 1024
UPLOAD_PATH = "/v1/documents"


class BodyTooLarge(HTTPException):
    """Raised from ``receive`` when a body passes its limit.

    An ``HTTPException``, so FastAPI's body reading lets it through to the app's handler (413,
    Korean detail); the middleware answers it itself when nothing else did.
    """

    def __init__(self, detail: str) -> None:
        super().__init__(status_code=413, detail=detail)


def upload_limit_bytes(max_upload_mb: int) -> int:
    return max_upload_mb * 1024 * 1024 + MULTIPART_OVERHEAD


class BodyLimitMiddleware:
    """Refuses request bodies over ``json_limit`` (uploads: ``upload_limit``) with a Korean 413."""

    def __init__(self, app: ASGIApp, max_upload_mb: int, json_limit: int = JSON_BODY_LIMIT) -> None:
        if max_upload_mb < 0:
            raise ValueError(f"max_upload_mb must be 0 or more, got {max_upload_mb!r}")
        if json_limit < 1:
            raise ValueError(f"json_limit must be positive, got {json_limit!r}")
        self.app = app
        self.json_limit = json_limit
        self.max_upload_mb = max_upload_mb
        self.upload_limit = upload_limit_bytes(max_upload_mb)

    def _limit(self, scope: Scope) -> tuple[int, str]:
        if scope.get("method") == "POST" and scope.get("path", "").rstrip("/") == UPLOAD_PATH:
            return self.upload_limit, f"파일이 너무 큽니다. 최대 {self.max_upload_mb}MB까지 올릴 수 있습니다."
        return (
            self.json_limit,
            f"요청 본문이 너무 큽니다. 최대 {self.json_limit // 1024}KB까지 보낼 수 있습니다. "
            "질문과 대화 기록을 줄여 주세요.",
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit, message = self._limit(scope)
        declared = dict(scope.get("headers") or ()).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            await _refuse(scope, receive, send, message)
            return

        received = 0
        started = False

        async def counted_receive() -> Message:
            nonlocal received
            msg = await receive()
            if msg["type"] == "http.request":
                received += len(msg.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(message)
            return msg

        async def tracked_send(msg: Message) -> None:
            nonlocal started
            if msg["type"] == "http.response.start":
                started = True
            await send(msg)

        try:
            await self.app(scope, counted_receive, tracked_send)
        except BodyTooLarge as exc:
            if started:
                raise
            await _refuse(scope, receive, send, str(exc.detail))


async def _refuse(scope: Scope, receive: Receive, send: Send, message: str) -> None:
    # the rest of the body is not read: the server closes the connection after the answer
    response = JSONResponse({"detail": message}, status_code=413, headers={"Connection": "close"})
    await response(scope, receive, send)
