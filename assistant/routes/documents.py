"""GET /v1/documents, GET /v1/documents/{doc_id}/text, POST /v1/documents (admin upload)."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from assistant.api_models import (
    DocumentOut,
    DocumentsResponse,
    DocumentText,
    ErrorOut,
    FileReportOut,
    ReplacementOut,
)
from assistant.routes.deps import AdminDep, AssistantDep, SettingsDep, StateDep
from assistant.upload_swap import ADMIN, Who
from assistant.uploads import NameTaken, UploadRejected, UploadTooLarge, spool_upload, target_path

router = APIRouter(prefix="/v1", tags=["문서"])

_UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {"type": "string", "format": "binary", "description": "올릴 문서"},
                        "replace": {
                            "type": "boolean",
                            "default": False,
                            "description": "같은 이름의 파일을 바꾸기(이 값 없이 같은 이름이면 409). 쿼리 ?replace=true도 됨",
                        },
                    },
                }
            }
        },
    }
}
_TRUE = frozenset({"true", "1", "yes", "on"})
_FALSE = frozenset({"false", "0", "no", "off", ""})


def _replace_flag(*values: object) -> bool:
    """``replace`` from the query or the form: true/false, 1/0, yes/no, on/off; anything else is a 422."""
    flag = False
    for value in values:
        if value is None:
            continue
        text = str(value).strip().lower()
        if text not in _TRUE | _FALSE:
            raise RequestValidationError(
                [{"type": "bool_parsing", "loc": ("body", "replace"), "msg": "invalid boolean"}]
            )
        flag = flag or text in _TRUE
    return flag


@router.get("/documents", summary="색인된 문서와 거부된 파일 목록", response_model=DocumentsResponse)
def documents(assistant: AssistantDep, state: StateDep) -> DocumentsResponse:
    review = assistant.document_review()
    return DocumentsResponse(
        documents=[
            DocumentOut.from_record(r, review.get(r.doc_id) if r.doc_id else None)
            for r in assistant.documents()
        ],
        replacements=[ReplacementOut.from_entry(e) for e in state.replacements.recent()],
    )


@router.get(
    "/documents/{doc_id}/text",
    summary="문서 하나의 추출 텍스트",
    response_model=DocumentText,
    responses={404: {"model": ErrorOut, "description": "모르는 문서"}},
)
def document_text(doc_id: str, assistant: AssistantDep) -> DocumentText:
    try:
        text = assistant.document_text(doc_id)
    except KeyError:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"문서를 찾을 수 없습니다: {doc_id}") from None
    record = next((r for r in assistant.documents() if r.doc_id == doc_id), None)
    return DocumentText(
        doc_id=doc_id,
        source=record.source if record else None,
        title=record.title if record else None,
        text=text,
    )


@router.post(
    "/documents",
    summary="문서 올리기(관리자)",
    response_model=FileReportOut,
    openapi_extra=_UPLOAD_BODY,
    responses={
        400: {"model": ErrorOut, "description": "파일 이름이 올바르지 않거나 빈 파일"},
        401: {"model": ErrorOut, "description": "관리자 토큰이 없거나 틀림"},
        403: {"model": ErrorOut, "description": "GILJABI_ADMIN_TOKEN 미설정으로 업로드 꺼짐"},
        409: {"model": ErrorOut, "description": "같은 이름의 파일이 있음(replace=true로 바꾸기)"},
        413: {"model": ErrorOut, "description": "크기 제한(GILJABI_MAX_UPLOAD_MB) 초과"},
        422: {
            "model": FileReportOut,
            "description": "읽을 수 없는 파일(status=error, error=사유; 교체였다면 restored=true로 "
            "기존 파일을 되돌림)",
        },
    },
)
async def upload_document(
    request: Request, _admin: AdminDep, state: StateDep, settings: SettingsDep
) -> JSONResponse:
    # The body is parsed here, after the token check, so unauthenticated uploads are never read;
    # assistant.body_limit has already refused a body over the upload limit, declared or chunked.
    limit = settings.max_upload_mb * 1024 * 1024
    form = await request.form(max_files=1, max_fields=10)
    try:
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise RequestValidationError(
                [{"type": "missing", "loc": ("body", "file"), "msg": "Field required"}]
            )
        replace = _replace_flag(request.query_params.get("replace"), form.get("replace"))
        if not replace and target_path(upload.filename or "", settings.corpus).exists():
            raise NameTaken(target_path(upload.filename or "", settings.corpus).name)
        spooled = await run_in_threadpool(
            spool_upload, upload.file, upload.filename or "", settings.corpus, limit
        )
    except UploadTooLarge as exc:
        raise HTTPException(status.HTTP_413_CONTENT_TOO_LARGE, exc.reason) from None
    except NameTaken as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, exc.reason) from None
    except UploadRejected as exc:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, exc.reason) from None
    finally:
        await form.close()
    who = Who(ADMIN, request.client.host if request.client else "알 수 없음")
    try:
        placed = await run_in_threadpool(state.place, spooled, replace, who)
    except NameTaken as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, exc.reason) from None
    report = FileReportOut.from_placed(placed)
    code = status.HTTP_422_UNPROCESSABLE_CONTENT if report.status == "error" else status.HTTP_200_OK
    return JSONResponse(report.model_dump(), status_code=code)
