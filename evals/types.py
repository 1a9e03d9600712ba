"""Result records produced by the runner and consumed by metrics, reports and comparisons."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.types import Answer
from evals.dataset import EvalItem


@dataclass(frozen=True)
class QuoteCheck:
    """Whether one citation's quote is a verbatim span of the cited document's extracted text.

    ``before``/``after`` hold a little surrounding text for the report (empty when not found).
    ``valid`` is None when the document text could not be obtained.
    """

    n: int
    valid: bool | None
    before: str = ""
    after: str = ""


@dataclass(frozen=True)
class ItemResult:
    """One item run through the assistant. ``answer`` is None when the call failed (see ``error``)."""

    item: EvalItem
    answer: Answer | None
    quote_checks: tuple[QuoteCheck, ...] = ()
    ranked_sources: tuple[str, ...] = ()  # document-level ranking used for hit@k / MRR (distinct files)
    ranking: str = "citations"  # "search" or "citations": where ``ranked_sources`` came from
    latency_ms: float = 0.0
    error: str | None = None
