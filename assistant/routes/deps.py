"""Dependencies shared by the routes, declared once as ``Annotated`` aliases."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any, Protocol

from fastapi import Depends, Header, HTTPException, Request, status

from assistant.company_profile import CompanyProfile
from assistant.feedback import FeedbackStore
from assistant.profile_match import Match
from assistant.replacement_log import ReplacementLog
from assistant.settings import Settings
from assistant.types import Answer, Hit, Turn
from assistant.upload_swap import PlacedUpload, Who, place_upload
from assistant.uploads import BadAdminToken, SpooledUpload, UploadsDisabled, check_admin_token
from ingest.catalog_types import DocumentRecord
from ingest.review import DocumentReview
from ingest.types import FileReport, IngestReport


class ProgramCardLike(Protocol):
    """``ingest.cards.ProgramCard`` as seen by the HTTP edge."""

    doc_id: str

    def to_dict(self, today: dt.date) -> dict[str, Any]: ...


class AssistantApi(Protocol):
    """What the HTTP edge needs from ``assistant.service.Assistant``."""

    settings: Settings

    def ask(self, question: str, history: Sequence[Turn] = ()) -> Answer: ...
    def search(self, query: str, k: int = 5) -> list[Hit]: ...
    def documents(self) -> list[DocumentRecord]: ...
    def document_review(self) -> DocumentReview: ...
    def document_text(self, doc_id: str) -> str: ...
    def ingest_files(self, paths: Sequence[Path]) -> IngestReport: ...
    def programs(self, status: str | None = None) -> list[ProgramCardLike]: ...
    def program(self, doc_id: str) -> ProgramCardLike | None: ...
    def match_profile(
        self, profile: CompanyProfile, excluded: bool = False, today: dt.date | None = None
    ) -> list[Match]: ...
    def stats(self) -> tuple[int, int]: ...


class ApiState:
    """Per-app state: settings, the (lazily opened) assistant, the feedback store, the replacement log,
    the ingest lock."""

    def __init__(self, settings: Settings, assistant: AssistantApi | None = None) -> None:
        self.settings = settings
        self._assistant = assistant
        self._open_lock = threading.Lock()
        self._ingest_lock = threading.Lock()
        self.feedback = FeedbackStore.in_home(settings.home)
        self.replacements = ReplacementLog.in_home(settings.home)

    def assistant(self) -> AssistantApi:
        if self._assistant is None:
            with self._open_lock:
                if self._assistant is None:
                    from assistant.service import Assistant  # heavy: index, models

                    self._assistant = Assistant.from_settings(self.settings)
        return self._assistant

    def ingest_one(self, path: Path) -> FileReport:
        """Ingest one stored upload (one at a time) and return its line of the report."""
        with self._ingest_lock:
            report = self.assistant().ingest_files([path])
        return _line_for(path, report)

    def place(self, spooled: SpooledUpload, replace: bool, who: Who) -> PlacedUpload:
        """Put a spooled upload in place and index it (a taken name only with ``replace``)."""
        return place_upload(spooled, replace, self.ingest_one, self.replacements, who)


def _line_for(path: Path, report: IngestReport) -> FileReport:
    """The line of ``report`` about ``path``."""
    for line in report.files:
        if line.source == path.name:
            return line
    if report.files:
        return report.files[0]
    return FileReport(path.name, None, None, 0, 0, "error", "색인 결과를 받지 못했습니다.")


def api_state(request: Request) -> ApiState:
    return request.app.state.giljabi


StateDep = Annotated[ApiState, Depends(api_state)]


def _assistant(state: StateDep) -> AssistantApi:
    return state.assistant()


def _settings(state: StateDep) -> Settings:
    return state.settings


def _feedback(state: StateDep) -> FeedbackStore:
    return state.feedback


AssistantDep = Annotated[AssistantApi, Depends(_assistant)]
SettingsDep = Annotated[Settings, Depends(_settings)]
FeedbackDep = Annotated[FeedbackStore, Depends(_feedback)]


def require_admin(settings: SettingsDep, authorization: Annotated[str | None, Header()] = None) -> None:
    """Uploads need ``Authorization: Bearer $GILJABI_ADMIN_TOKEN``; with no token configured they are off."""
    scheme, _, token = (authorization or "").partition(" ")
    try:
        check_admin_token(settings.admin_token, token if scheme.lower() == "bearer" else None)
    except UploadsDisabled as exc:
        raise HTTPException(status.HTTP_403_FORBIDDEN, exc.reason) from None
    except BadAdminToken as exc:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            f"{exc.reason} Authorization: Bearer <토큰> 헤더를 확인해 주세요.",
            headers={"WWW-Authenticate": "Bearer"},
        ) from None


AdminDep = Annotated[None, Depends(require_admin)]
