"""GET /v1/programs, GET /v1/programs/{doc_id}."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, status

from assistant.api_models import ErrorOut, ProgramParams, ProgramsResponse
from assistant.program_filters import listed
from assistant.routes.deps import AssistantDep, SettingsDep

router = APIRouter(prefix="/v1", tags=["지원사업"])


@router.get("/programs", summary="지원사업 카드 목록", response_model=ProgramsResponse)
def programs(
    params: Annotated[ProgramParams, Query()], assistant: AssistantDep, settings: SettingsDep
) -> ProgramsResponse:
    today = settings.effective_today()
    cards = assistant.programs(params.status, q=params.q, region=params.region, ministry=params.ministry)
    return ProgramsResponse(today=today.isoformat(), programs=[listed(c, today) for c in cards])


@router.get(
    "/programs/{doc_id}",
    summary="지원사업 카드 하나",
    responses={404: {"model": ErrorOut, "description": "모르는 문서"}},
)
def program(doc_id: str, assistant: AssistantDep, settings: SettingsDep) -> dict[str, Any]:
    card = assistant.program(doc_id)
    if card is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"지원사업 카드를 찾을 수 없습니다: {doc_id}")
    return listed(card, settings.effective_today())
