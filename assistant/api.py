"""The HTTP API (FastAPI). ``create_app`` wires settings, the assistant, error handlers and routes.

Routes are thin (``assistant/routes/*.py``); every error leaves here as JSON with a Korean ``detail``.
Validation errors keep FastAPI's shape, ``{"detail": [{"loc", "msg", "type"}]}``, with Korean ``msg``.
"""

from __future__ import annotations

import logging
import re
import time
import uuid

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.api_models import korean_errors
from assistant.body_limit import BodyLimitMiddleware
from assistant.routes import api_docs, ask, documents, health, programs
from assistant.routes.deps import ApiState, AssistantApi
from assistant.settings import Settings, get_settings

log = logging.getLogger("giljabi.api")

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
_STATUS_MESSAGES = {
    404: "요청한 주소를 찾을 수 없습니다.",
    405: "이 주소에서 허용되지 않는 요청 방식입니다.",
    400: "요청 형식이 올바르지 않습니다.",
}


class RequestIdMiddleware:
    """Adds ``X-Request-ID`` (echoed when the client sent a safe one) and ``X-Process-Time-Ms``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        incoming = dict(scope.get("headers") or ()).get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["X-Request-ID"] = request_id
                headers["X-Process-Time-Ms"] = f"{(time.perf_counter() - started) * 1000:.1f}"
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def _validation_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return JSONResponse({"detail": korean_errors(exc.errors())}, status_code=422)


async def _http_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail
    if not isinstance(detail, str) or detail.isascii():
        detail = _STATUS_MESSAGES.get(exc.status_code, "요청을 처리할 수 없습니다.")
    return JSONResponse({"detail": detail}, status_code=exc.status_code, headers=exc.headers)


async def _server_error(request: Request, exc: Exception) -> JSONResponse:
    # Entry point: anything unexpected becomes a Korean 500, with the traceback in the log.
    log.exception("처리 중 오류: %s %s", request.method, request.url.path, exc_info=exc)
    return JSONResponse(
        {"detail": "서버 내부 오류가 발생했습니다. 잠시 후 다시 시도해 주세요."}, status_code=500
    )


def create_app(assistant: AssistantApi | None = None, settings: Settings | None = None) -> FastAPI:
    """Build the API. Without ``assistant``, one is opened from ``settings`` on first use."""
    if settings is None:
        settings = assistant.settings if assistant is not None else get_settings()
    app = FastAPI(
        title="길잡이 API",
        summary="중소기업 지원사업 문서에 근거해 인용과 함께 답합니다.",
        version="0.1.0",
        # FastAPI's own pages load Swagger UI / ReDoc from a CDN (blank offline); see routes/api_docs.py
        docs_url=None,
        redoc_url=None,
        openapi_tags=[
            {"name": "질의응답", "description": "질문·검색·평가"},
            {"name": "문서", "description": "색인된 문서와 업로드"},
            {"name": "지원사업", "description": "접수기간·지원한도·문의처 카드"},
            {"name": "상태", "description": "서비스 상태"},
        ],
    )
    app.state.giljabi = ApiState(settings, assistant)
    app.add_middleware(BodyLimitMiddleware, max_upload_mb=settings.max_upload_mb)
    app.add_middleware(RequestIdMiddleware)  # added last: outermost, so a 413 carries the request id too
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _server_error)
    for module in (health, ask, documents, programs, api_docs):
        app.include_router(module.router)
    return app
