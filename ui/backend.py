"""What the UI talks to: the in-process Assistant, or a running API when ``GILJABI_API_URL`` is set.

Both backends return the same domain objects (``Answer``, ``Hit``, ``DocumentRecord``, ``FileReport``)
and program cards as plain dicts, so the pages never know which one they use. Failures reach the pages
as ``BackendError`` with a Korean ``reason``.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import fields
from pathlib import Path
from typing import Any, Protocol

import httpx

from assistant.api_models import DocumentOut, DocumentsResponse, ReplacementOut
from assistant.feedback import FeedbackStore, FeedbackUnavailable
from assistant.program_filters import listed
from assistant.replacement_log import ReplacementLog
from assistant.settings import Settings
from assistant.types import Answer, Citation, Hit, Turn
from assistant.upload_swap import ADMIN, PlacedUpload, Who, place_upload
from assistant.uploads import UploadRejected, check_admin_token, spool_upload
from ingest.catalog_types import DocumentRecord
from ingest.types import Chunk, FileReport


class BackendError(Exception):
    """A request the UI made failed. ``reason`` is a Korean, user-facing explanation."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Backend(Protocol):
    today: dt.date
    upload_limit_mb: int

    def ask(self, question: str, history: Sequence[Turn] = ()) -> Answer: ...
    def search(self, query: str, k: int = 5) -> list[Hit]: ...
    def documents(self) -> list[DocumentRecord]: ...
    def review(self) -> dict[str, Any]: ...
    def document_text(self, doc_id: str) -> str: ...
    def programs(self, status: str | None = None, **filters: str) -> list[dict[str, Any]]: ...
    def program(self, doc_id: str) -> dict[str, Any] | None: ...
    def match(self, body: dict[str, Any]) -> dict[str, Any]: ...
    def stats(self) -> tuple[int, int]: ...
    def upload(self, filename: str, data: bytes, token: str, replace: bool = False) -> PlacedUpload: ...
    def uploads_enabled(self) -> bool: ...
    def check_token(self, token: str) -> None: ...
    def feedback(self, question: str, answer: str, rating: int, comment: str | None = None) -> int: ...


class _TextCache:
    """A few recently used document texts (they are read for every citation shown)."""

    def __init__(self, size: int = 16) -> None:
        self._size = size
        self._items: OrderedDict[str, str] = OrderedDict()

    def get(self, key: str) -> str | None:
        if key in self._items:
            self._items.move_to_end(key)
            return self._items[key]
        return None

    def put(self, key: str, value: str) -> None:
        self._items[key] = value
        self._items.move_to_end(key)
        while len(self._items) > self._size:
            self._items.popitem(last=False)


class LocalBackend:
    """The Assistant in this process (the default)."""

    def __init__(self, assistant: Any, settings: Settings) -> None:  # assistant.service.Assistant
        self.assistant = assistant
        self.settings = settings
        self.today = settings.effective_today()
        self.upload_limit_mb = settings.max_upload_mb
        self._feedback = FeedbackStore.in_home(settings.home)
        self._replacements = ReplacementLog.in_home(settings.home)

    @classmethod
    def from_settings(cls, settings: Settings) -> LocalBackend:
        from assistant.service import Assistant

        return cls(Assistant.from_settings(settings), settings)

    def ask(self, question: str, history: Sequence[Turn] = ()) -> Answer:
        return self.assistant.ask(question, history)

    def search(self, query: str, k: int = 5) -> list[Hit]:
        return list(self.assistant.search(query, k=k))

    def documents(self) -> list[DocumentRecord]:
        return list(self.assistant.documents())

    def review(self) -> dict[str, Any]:
        """What ``GET /v1/documents`` answers: each document with its flags, and the replacement log."""
        review = self.assistant.document_review()
        return DocumentsResponse(
            documents=[
                DocumentOut.from_record(r, review.get(r.doc_id) if r.doc_id else None)
                for r in self.assistant.documents()
            ],
            replacements=[ReplacementOut.from_entry(e) for e in self._replacements.recent()],
        ).model_dump()

    def document_text(self, doc_id: str) -> str:
        return self.assistant.document_text(doc_id)

    def programs(self, status: str | None = None, **filters: str) -> list[dict[str, Any]]:
        """Cards narrowed by status and the filters of ``GET /v1/programs`` (q, region, ministry)."""
        try:
            cards = self.assistant.programs(status, **filters)
        except ValueError as exc:  # an unknown region or status, named in Korean
            raise BackendError(str(exc)) from exc
        return [listed(card, self.today) for card in cards]

    def program(self, doc_id: str) -> dict[str, Any] | None:
        card = self.assistant.program(doc_id)
        return listed(card, self.today) if card is not None else None

    def match(self, body: dict[str, Any]) -> dict[str, Any]:
        """Programs for a company profile, as ``POST /v1/programs/match`` answers (same function)."""
        from pydantic import ValidationError

        from assistant.api_models import MatchRequest, korean_errors
        from assistant.routes.programs import NoProfile, match_response

        try:
            request = MatchRequest.model_validate(body)
            return match_response(self.assistant, request, self.today).model_dump(mode="json")
        except ValidationError as exc:
            raise BackendError(korean_errors(exc.errors())[0]["msg"]) from exc
        except NoProfile as exc:
            raise BackendError(str(exc)) from exc

    def stats(self) -> tuple[int, int]:
        return self.assistant.stats()

    def upload(self, filename: str, data: bytes, token: str, replace: bool = False) -> PlacedUpload:
        try:
            check_admin_token(self.settings.admin_token, token)
            limit = self.settings.max_upload_mb * 1024 * 1024
            spooled = spool_upload(io.BytesIO(data), filename, self.settings.corpus, limit)
            return place_upload(spooled, replace, self._ingest, self._replacements, Who(ADMIN, LOCAL_SCREEN))
        except UploadRejected as exc:
            raise BackendError(exc.reason) from None

    def _ingest(self, path: Path) -> FileReport:
        report = self.assistant.ingest_files([path])
        return next((f for f in report.files if f.source == path.name), report.files[0])

    def uploads_enabled(self) -> bool:
        return bool((self.settings.admin_token or "").strip())

    def check_token(self, token: str) -> None:
        try:
            check_admin_token(self.settings.admin_token, token)
        except UploadRejected as exc:
            raise BackendError(exc.reason) from None

    def feedback(self, question: str, answer: str, rating: int, comment: str | None = None) -> int:
        try:
            return self._feedback.add(question, answer, rating, comment)
        except FeedbackUnavailable as exc:
            raise BackendError(exc.reason) from None


class HttpBackend:
    """A running Giljabi API (``GILJABI_API_URL``)."""

    def __init__(
        self,
        base_url: str,
        today: dt.date | None = None,
        timeout: float = 60.0,
        client: httpx.Client | None = None,
        upload_limit_mb: int = 20,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.upload_limit_mb = upload_limit_mb
        self.client = client or httpx.Client(base_url=self.base_url, timeout=timeout)
        self.api_url = self.base_url  # the name ui/eval_page.py looks for
        self.today = today or dt.date.today()
        self._texts = _TextCache()

    def _call(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        try:
            response = self.client.request(method, url, **kwargs)
        except httpx.HTTPError as exc:
            raise BackendError(f"길잡이 API({self.base_url})에 연결할 수 없습니다: {exc}") from None
        if response.status_code >= 400 and response.status_code != 422:
            raise BackendError(_detail(response))
        return response

    def ask(self, question: str, history: Sequence[Turn] = ()) -> Answer:
        body = {"question": question, "history": [{"role": t.role, "content": t.content} for t in history]}
        response = self._call("POST", "/v1/ask", json=body)
        if response.status_code == 422:
            raise BackendError(_detail(response))
        return answer_from_json(response.json())

    def search(self, query: str, k: int = 5) -> list[Hit]:
        response = self._call("GET", "/v1/search", params={"q": query, "k": k})
        if response.status_code == 422:
            raise BackendError(_detail(response))
        return [hit_from_json(h) for h in response.json()["hits"]]

    def documents(self) -> list[DocumentRecord]:
        rows = self._call("GET", "/v1/documents").json()["documents"]
        return [DocumentRecord(**_known(DocumentRecord, row)) for row in rows]

    def review(self) -> dict[str, Any]:
        return dict(self._call("GET", "/v1/documents").json())

    def document_text(self, doc_id: str) -> str:
        cached = self._texts.get(doc_id)
        if cached is not None:
            return cached
        response = self.client.get(f"/v1/documents/{doc_id}/text")
        if response.status_code == 404:
            raise KeyError(doc_id)
        if response.status_code >= 400:
            raise BackendError(_detail(response))
        text = response.json()["text"]
        self._texts.put(doc_id, text)
        return text

    def programs(self, status: str | None = None, **filters: str) -> list[dict[str, Any]]:
        params = {k: v for k, v in {"status": status, **filters}.items() if v}
        return list(self._call("GET", "/v1/programs", params=params).json()["programs"])

    def match(self, body: dict[str, Any]) -> dict[str, Any]:
        response = self._call("POST", "/v1/programs/match", json=body)
        if response.status_code == 422:
            raise BackendError(_detail(response))
        return dict(response.json())

    def program(self, doc_id: str) -> dict[str, Any] | None:
        response = self.client.get(f"/v1/programs/{doc_id}")
        if response.status_code == 404:
            return None
        if response.status_code >= 400:
            raise BackendError(_detail(response))
        return dict(response.json())

    def stats(self) -> tuple[int, int]:
        data = self._call("GET", "/healthz").json()
        return int(data["documents"]), int(data["chunks"])

    def upload(self, filename: str, data: bytes, token: str, replace: bool = False) -> PlacedUpload:
        response = self._call(
            "POST",
            "/v1/documents",
            files={"file": (filename, data)},
            data={"replace": "true" if replace else "false"},
            headers={"Authorization": f"Bearer {_header_token(token)}"},
        )
        body = response.json()
        if response.status_code == 422 and "status" not in body:
            raise BackendError(_detail(response))
        report = FileReport(**_known(FileReport, body))
        return PlacedUpload(report, bool(body.get("replaced")), bool(body.get("restored")), body.get("note"))

    def uploads_enabled(self) -> bool:
        """The API refuses an upload without a token with 403 when uploads are off, 401 when they are on."""
        return self._upload_check(None).status_code != 403

    def check_token(self, token: str) -> None:
        """The API checks the token before it reads a body: an empty upload tells whether it is accepted."""
        response = self._upload_check(token)
        if response.status_code in (401, 403):
            raise BackendError(_detail(response))

    def _upload_check(self, token: str | None) -> httpx.Response:
        headers = {"Authorization": f"Bearer {_header_token(token)}"} if token else {}
        try:
            return self.client.post("/v1/documents", headers=headers)
        except httpx.HTTPError as exc:
            raise BackendError(f"길잡이 API({self.base_url})에 연결할 수 없습니다: {exc}") from None

    def feedback(self, question: str, answer: str, rating: int, comment: str | None = None) -> int:
        body = {"question": question, "answer": answer, "rating": rating, "comment": comment}
        response = self._call("POST", "/v1/feedback", json=body)
        if response.status_code == 422:
            raise BackendError(_detail(response))
        return int(response.json()["id"])


LOCAL_SCREEN = "로컬 화면"


def _known(kind: type, row: dict[str, Any]) -> dict[str, Any]:
    """The keys of ``row`` that the dataclass ``kind`` has (the API may add fields)."""
    names = {f.name for f in fields(kind)}
    return {k: v for k, v in row.items() if k in names}


def _header_token(token: str) -> str:
    """The token as an HTTP header carries it: ASCII only (a token typed in Korean cannot be the server's)."""
    token = token.strip()
    if not token.isascii():
        raise BackendError("관리자 토큰이 없거나 올바르지 않습니다. 토큰은 영문·숫자·기호로 되어 있습니다.")
    return token


def _detail(response: httpx.Response) -> str:
    try:
        detail = response.json().get("detail")
    except ValueError:
        return f"길잡이 API 오류 (HTTP {response.status_code})"
    if isinstance(detail, list):
        return " / ".join(str(d.get("msg", "")) for d in detail if isinstance(d, dict))
    return str(detail or f"길잡이 API 오류 (HTTP {response.status_code})")


def answer_from_json(data: dict[str, Any]) -> Answer:
    citations = tuple(
        Citation(
            n=int(c["n"]),
            doc_id=c["doc_id"],
            source=c["source"],
            title=c.get("title", ""),
            page=int(c.get("page", 0)),
            section=c.get("section", ""),
            quote=c["quote"],
            start=int(c.get("start", -1)),
            end=int(c.get("end", -1)),
        )
        for c in data.get("citations", [])
    )
    return Answer(
        question=data.get("question", ""),
        text=data["answer"],
        status=data["status"],
        intent=data.get("intent", ""),
        program=data.get("program"),
        citations=citations,
        intents=tuple(data.get("intents", ())),
        took_ms=float(data.get("took_ms", 0.0)),
        facts=dict(data.get("facts") or {}),
        lead=tuple(str(x) for x in data.get("lead") or ()),
    )


def hit_from_json(data: dict[str, Any]) -> Hit:
    chunk = Chunk(
        chunk_id=f"{data['doc_id']}:{data.get('start', -1)}",
        doc_id=data["doc_id"],
        source=data["source"],
        title=data.get("title", ""),
        page=int(data.get("page", 0)),
        section=data.get("section", ""),
        start=int(data.get("start", -1)),
        end=int(data.get("end", -1)),
        text=data["text"],
    )
    return Hit(chunk=chunk, score=float(data.get("score", 0.0)), rank=int(data.get("rank", 0)))


def make_backend(settings: Settings) -> Backend:
    """The HTTP backend when ``settings.api_url`` is set, else the in-process Assistant."""
    if settings.api_url:
        return HttpBackend(
            settings.api_url, today=settings.effective_today(), upload_limit_mb=settings.max_upload_mb
        )
    return LocalBackend.from_settings(settings)
