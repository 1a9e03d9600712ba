"""Run evaluation items through the assistant: in process (``Assistant``) or over HTTP (``--url``).

For each item the runner asks the question (with its history), times the call, checks every
citation's quote against the cited document's extracted text, and records a document ranking for
hit@k / MRR: the distinct source files of ``search(query, k=SEARCH_K)`` in rank order, where the
query is the question prefixed by the earlier user turns of its history (docs/EVAL.md).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from assistant.types import Answer, Citation, Turn
from evals.dataset import EvalItem
from evals.metrics import distinct_in_order
from evals.types import ItemResult, QuoteCheck

SEARCH_K = 10
CONTEXT_CHARS = 160


class EvalBackend(Protocol):
    """What the runner needs from an assistant."""

    def ask(self, question: str, history: Sequence[Turn]) -> Answer: ...

    def search_sources(self, query: str, k: int) -> list[str]: ...

    def document_text(self, doc_id: str) -> str: ...


class InProcessBackend:
    """Adapter over ``assistant.service.Assistant`` (or anything with the same methods)."""

    def __init__(self, assistant: Any) -> None:
        if not all(hasattr(assistant, m) for m in ("ask", "search", "document_text")):
            raise TypeError(f"assistant must have ask/search/document_text, got {type(assistant).__name__}")
        self._assistant = assistant

    def ask(self, question: str, history: Sequence[Turn]) -> Answer:
        return self._assistant.ask(question, history)

    def search_sources(self, query: str, k: int) -> list[str]:
        return [hit.chunk.source for hit in self._assistant.search(query, k)]

    def document_text(self, doc_id: str) -> str:
        return self._assistant.document_text(doc_id)


def answer_from_json(question: str, data: dict[str, Any]) -> Answer:
    """Build an ``Answer`` from the POST /v1/ask JSON body."""
    citations = tuple(
        Citation(
            n=int(c.get("n", i)),
            doc_id=str(c.get("doc_id", "")),
            source=str(c.get("source", "")),
            title=str(c.get("title", "")),
            page=int(c.get("page") or 0),
            section=str(c.get("section") or ""),
            quote=str(c.get("quote", "")),
            start=int(c.get("start", -1) if c.get("start") is not None else -1),
            end=int(c.get("end", -1) if c.get("end") is not None else -1),
        )
        for i, c in enumerate(data.get("citations") or [], start=1)
    )
    return Answer(
        question=question,
        text=str(data.get("answer", "")),
        status=data.get("status", "not_found"),
        intent=str(data.get("intent", "")),
        program=data.get("program"),
        citations=citations,
        intents=tuple(data.get("intents") or ()),
        took_ms=float(data.get("took_ms") or 0.0),
        facts=dict(data.get("facts") or {}),
        lead=tuple(str(x) for x in data.get("lead") or ()),
    )


class HttpBackend:
    """Talks to a running API (``giljabi serve``): POST /v1/ask, GET /v1/search, GET document text."""

    def __init__(self, url: str, *, timeout: float = 120.0, client: Any = None) -> None:
        import httpx

        if not url.startswith(("http://", "https://")):
            raise ValueError(f"url must start with http:// or https://, got {url!r}")
        self._client = client or httpx.Client(base_url=url.rstrip("/"), timeout=timeout)

    def ask(self, question: str, history: Sequence[Turn]) -> Answer:
        body = {"question": question, "history": [{"role": t.role, "content": t.content} for t in history]}
        response = self._client.post("/v1/ask", json=body)
        response.raise_for_status()
        return answer_from_json(question, response.json())

    def search_sources(self, query: str, k: int) -> list[str]:
        response = self._client.get("/v1/search", params={"q": query, "k": k})
        response.raise_for_status()
        return [str(hit.get("source", "")) for hit in response.json().get("hits", [])]

    def document_text(self, doc_id: str) -> str:
        response = self._client.get(f"/v1/documents/{doc_id}/text")
        response.raise_for_status()
        if "json" in response.headers.get("content-type", ""):
            data = response.json()
            return str(data.get("text", "")) if isinstance(data, dict) else str(data)
        return response.text


def search_query(item: EvalItem) -> str:
    """The retrieval query for an item: earlier user turns (follow-up context) plus the question."""
    earlier = [t.content for t in item.history if t.role == "user"]
    return " ".join([*earlier, item.question])


def check_quote(citation: Citation, text: str) -> QuoteCheck:
    """Is ``citation.quote`` a verbatim span of ``text``? Keeps some context for the report."""
    quote = citation.quote
    if not quote:
        return QuoteCheck(n=citation.n, valid=False)
    if citation.start >= 0 and text[citation.start : citation.end] == quote:
        pos = citation.start
    else:
        pos = text.find(quote)
    if pos < 0:
        return QuoteCheck(n=citation.n, valid=False)
    end = pos + len(quote)
    return QuoteCheck(
        n=citation.n,
        valid=True,
        before=text[max(0, pos - CONTEXT_CHARS) : pos],
        after=text[end : end + CONTEXT_CHARS],
    )


class Runner:
    """Runs items one after another against a backend, caching document texts.

    ``tolerate`` lists the exception types that mark one item as failed (recorded in
    ``ItemResult.error``) instead of aborting the run; the entry point decides which.
    """

    def __init__(self, backend: EvalBackend, *, tolerate: tuple[type[Exception], ...] = ()) -> None:
        self.backend = backend
        self.tolerate = tolerate
        self._texts: dict[str, str | None] = {}

    def _document_text(self, doc_id: str) -> str | None:
        if doc_id not in self._texts:
            try:
                self._texts[doc_id] = self.backend.document_text(doc_id)
            except self.tolerate:
                self._texts[doc_id] = None
        return self._texts[doc_id]

    def run_item(self, item: EvalItem) -> ItemResult:
        started = time.perf_counter()
        try:
            answer = self.backend.ask(item.question, item.history)
        except self.tolerate as exc:
            return ItemResult(item=item, answer=None, error=f"{type(exc).__name__}: {exc}")
        latency_ms = (time.perf_counter() - started) * 1000.0
        checks: list[QuoteCheck] = []
        for citation in answer.citations:
            text = self._document_text(citation.doc_id)
            checks.append(
                QuoteCheck(n=citation.n, valid=None) if text is None else check_quote(citation, text)
            )
        ranking = "search"
        try:
            sources = self.backend.search_sources(search_query(item), SEARCH_K)
        except self.tolerate:
            ranking, sources = "citations", [c.source for c in answer.citations]
        return ItemResult(
            item=item,
            answer=answer,
            quote_checks=tuple(checks),
            ranked_sources=distinct_in_order(sources),
            ranking=ranking,
            latency_ms=latency_ms,
        )

    def run(
        self, items: Sequence[EvalItem], on_result: Callable[[ItemResult], None] | None = None
    ) -> list[ItemResult]:
        results: list[ItemResult] = []
        for item in items:
            result = self.run_item(item)
            results.append(result)
            if on_result is not None:
                on_result(result)
        return results
