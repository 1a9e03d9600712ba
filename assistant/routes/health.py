"""GET /healthz."""

from __future__ import annotations

from fastapi import APIRouter

from assistant.api_models import Health
from assistant.routes.deps import AssistantDep

router = APIRouter(tags=["상태"])


@router.get("/healthz", summary="상태 확인", response_model=Health)
def healthz(assistant: AssistantDep) -> Health:
    documents, chunks = assistant.stats()
    return Health(documents=documents, chunks=chunks)
