"""GET /v1/programs, GET /v1/programs/{doc_id}."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, status

from assistant.api_models import (
    ErrorOut,
    MatchOut,
    MatchRequest,
    MatchResponse,
    ProgramParams,
    ProgramsResponse,
    ReasonOut,
)
from assistant.company_profile import CompanyProfile, read_profile
from assistant.profile_match import VERDICT_KO, Match
from assistant.program_filters import listed, regions_named
from assistant.routes.deps import AssistantApi, AssistantDep, SettingsDep

router = APIRouter(prefix="/v1", tags=["지원사업"])


@router.get("/programs", summary="지원사업 카드 목록", response_model=ProgramsResponse)
def programs(
    params: Annotated[ProgramParams, Query()], assistant: AssistantDep, settings: SettingsDep
) -> ProgramsResponse:
    today = settings.effective_today()
    cards = assistant.programs(params.status, q=params.q, region=params.region, ministry=params.ministry)
    return ProgramsResponse(today=today.isoformat(), programs=[listed(c, today) for c in cards])


def _reason(r: object) -> ReasonOut:
    return ReasonOut.model_validate(r, from_attributes=True)


def _match_out(m: Match) -> MatchOut:
    return MatchOut(
        doc_id=m.card.doc_id,
        source=m.card.source,
        program=m.card.program,
        status=m.status,
        verdict=m.verdict,  # type: ignore[arg-type]
        verdict_ko=VERDICT_KO[m.verdict],
        reason=_reason(m.deciding),
        reasons=[_reason(r) for r in m.reasons],
    )


def profile_of(body: MatchRequest, today: dt.date) -> CompanyProfile:
    """The profile a request states: its text read like a question, its structured fields on top."""
    from_text = read_profile(body.text, today) if body.text else CompanyProfile()
    stated = CompanyProfile(
        applicant=body.applicant,
        age_years=body.age_years,
        revenue_won=body.revenue_won,
        employees=body.employees,
        regions=tuple(regions_named(body.region)) if body.region else (),
        sectors=tuple(body.sectors),
        certifications=tuple(body.certifications),
        first_rnd=body.first_rnd,
    )
    return from_text.merged(stated)


class NoProfile(ValueError):
    """A match request that states no fact of the company."""


def match_response(assistant: AssistantApi, body: MatchRequest, today: dt.date) -> MatchResponse:
    """The ranked programs for a request's profile (``NoProfile`` when it states nothing): the API's and the
    상담원 view's one path."""
    profile = profile_of(body, today)
    if not profile.describe():
        raise NoProfile("회사 정보를 하나 이상 알려 주세요(업력, 매출액, 직원 수, 지역, 신청자 유형 등).")
    matches = assistant.match_profile(profile, excluded=body.include_excluded, today=today)
    return MatchResponse(
        today=today.isoformat(),
        profile={**asdict(profile), "kind": profile.kind(), "summary": profile.describe()},
        programs=[_match_out(m) for m in matches],
    )


@router.post(
    "/programs/match",
    summary="우리 회사에 맞는 지원사업",
    response_model=MatchResponse,
    responses={422: {"model": ErrorOut, "description": "회사 정보가 없거나 잘못됨"}},
)
def match(body: MatchRequest, assistant: AssistantDep, settings: SettingsDep) -> MatchResponse:
    try:
        return match_response(assistant, body, settings.effective_today())
    except NoProfile as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from exc


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
