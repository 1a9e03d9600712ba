"""POST /v1/ask, GET /v1/search, POST /v1/feedback."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, status

from assistant.api_models import (
    AskRequest,
    AskResponse,
    ErrorOut,
    FeedbackIn,
    FeedbackOut,
    HitOut,
    SearchParams,
    SearchResponse,
)
from assistant.feedback import FeedbackUnavailable
from assistant.routes.deps import AssistantDep, FeedbackDep

router = APIRouter(prefix="/v1", tags=["질의응답"])


@router.post("/ask", summary="질문에 근거 인용과 함께 답하기", response_model=AskResponse)
def ask(body: AskRequest, assistant: AssistantDep) -> AskResponse:
    return AskResponse.from_answer(assistant.ask(body.question, body.turns()))


@router.get("/search", summary="관련 구절 검색", response_model=SearchResponse)
def search(params: Annotated[SearchParams, Query()], assistant: AssistantDep) -> SearchResponse:
    hits = assistant.search(params.q, k=params.k)
    return SearchResponse(query=params.q, hits=[HitOut.from_hit(h) for h in hits])


@router.post(
    "/feedback",
    summary="답변 평가(👍/👎) 저장",
    status_code=status.HTTP_201_CREATED,
    response_model=FeedbackOut,
    responses={503: {"model": ErrorOut, "description": "피드백 저장소가 잠겨 있거나 사용할 수 없음"}},
)
def feedback(body: FeedbackIn, store: FeedbackDep) -> FeedbackOut:
    try:
        return FeedbackOut(id=store.add(body.question, body.answer, body.rating, body.comment or None))
    except FeedbackUnavailable as exc:
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE, exc.reason, headers={"Retry-After": "5"}
        ) from None
