"""Fit the evidence scorer's part weights on training questions: ``python -m evals.fit_scorer SETS… --out FILE``.

Each training question is asked in-process with `assistant.span_scorer.tracing()` on; every evidence choice
is recorded with its candidate spans and their score parts. A span is labelled with the question's fact groups
it states when it is from the question's document; its relevance is their share. Weights are fitted by pairwise
logistic regression — the best spans of a choice against the others of its first `HARD` by score — with an L2
pull toward the hand sizes (weight 1; 0 for parts the hand scoring did not count), in two stages as the scorer
uses them: the parts of every span, then the similarity parts of the re-ranked head over the first stage's
score. The pull's strength is chosen by cross-validation over folds of documents (a document's questions are
all in one fold) on answer coverage: the share of fact groups the spans an answer quotes state together.
Damped Newton on a convex loss: the same data give the same weights.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.span_scorer import HAND_WEIGHTS, MODEL_PATH, SIMILARITY_PARTS, TracedChoice, tracing
from evals.dataset import EvalItem, load_datasets
from evals.metrics import doc_matches, missing_facts

HARD = 30  # negatives: the other spans among this many best by the recorded score
STRENGTHS = (3.0, 10.0, 30.0, 100.0, 300.0, 1000.0)
FOLDS = 5
NEWTON_STEPS = 50


@dataclass(frozen=True)
class Choice:
    """One recorded evidence choice, labelled: the parts of each span, the fact groups it states, the head's size."""

    doc: str
    parts: list[dict[str, float]]
    covers: list[list[int]]  # per span, the question's fact groups it states (none from another document)
    groups: int
    head: int
    limit: int = 1

    @property
    def relevance(self) -> list[float]:
        return [len(c) / self.groups for c in self.covers]


def covered(item: EvalItem, source: str, text: str) -> list[int]:
    """The fact groups of ``item`` that ``text`` states, when it is from the item's document."""
    if not doc_matches(source, item):
        return []
    missing = set(missing_facts(text, item.facts))
    return [i for i, group in enumerate(item.facts) if tuple(group) not in missing]


def labelled(item: EvalItem, traced: Iterable[TracedChoice]) -> list[Choice]:
    """The question's choices where some span is better than another (the others teach nothing)."""
    out = []
    for choice in traced:
        covers = [covered(item, s.source, s.text) for s in choice.spans]
        sizes = [len(c) for c in covers]
        if sizes and max(sizes) > 0 and min(sizes[:HARD]) < max(sizes):
            parts = [dict(s.parts) for s in choice.spans]
            head = sum(s.head for s in choice.spans)
            out.append(Choice(item.doc or "", parts, covers, len(item.facts), head, choice.limit))
    return out


def collect(items: Sequence[EvalItem], assistant: object) -> list[Choice]:
    choices: list[Choice] = []
    for n, item in enumerate(items, 1):
        if not item.facts:
            continue  # a question the documents should not answer has no right span
        with tracing() as traced:
            assistant.ask(item.question, item.history)  # type: ignore[attr-defined]
        choices += labelled(item, traced)
        if n % 100 == 0:
            print(f"{n}/{len(items)} questions, {len(choices)} choices", file=sys.stderr)
    return choices


def _pairs(scores: np.ndarray, rel: np.ndarray) -> list[tuple[int, int]]:
    """(better, worse) pairs: each best span against each worse one among the first ``HARD`` by score."""
    order = np.argsort(-scores, kind="stable")[:HARD]
    best = np.flatnonzero(rel == rel.max())
    return [(int(i), int(j)) for i in best for j in order if rel[j] < rel[i]]


def _matrix(parts: list[dict[str, float]], names: Sequence[str]) -> np.ndarray:
    return np.array([[p.get(n, 0.0) for n in names] for p in parts], dtype=float).reshape(
        len(parts), len(names)
    )


def _loss(diffs: list[np.ndarray], offsets: list[np.ndarray], w: np.ndarray) -> float:
    return sum(float(np.logaddexp(0.0, -(d @ w + o)).mean()) for d, o in zip(diffs, offsets, strict=True))


def newton(
    diffs: list[np.ndarray], offsets: list[np.ndarray], prior: np.ndarray, strength: float
) -> np.ndarray:
    """Minimise Σ_choice mean_pairs log(1 + e^-(d·w + o)) + strength/2 ‖w − prior‖² (damped Newton)."""

    def objective(w: np.ndarray) -> float:
        return _loss(diffs, offsets, w) + strength / 2 * float((w - prior) @ (w - prior))

    w = prior.copy()
    current = objective(w)
    for _ in range(NEWTON_STEPS):
        grad = strength * (w - prior)
        hess = strength * np.eye(len(w))
        for d, o in zip(diffs, offsets, strict=True):
            p = 1.0 / (1.0 + np.exp(np.clip(d @ w + o, -50, 50)))  # σ(−margin)
            c = 1.0 / len(d)
            grad -= c * (d.T @ p)
            hess += c * (d.T * (p * (1 - p))) @ d
        step = np.linalg.solve(hess, grad)
        size = 1.0
        while size > 1e-4 and objective(w - size * step) > current:
            size /= 2  # halve until the loss goes down: a full step can overshoot where the loss is flat
        w = w - size * step
        previous, current = current, objective(w)
        if previous - current < 1e-9:
            break
    return w


def _stage_data(
    choices: Sequence[Choice], names: Sequence[str], base: Sequence[str], base_w: np.ndarray | None
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Pair differences over ``names`` (and offsets from ``base`` weighted by ``base_w``) of each choice."""
    diffs, offsets = [], []
    for ch in choices:
        spans = ch.parts if base_w is None else ch.parts[: ch.head]
        if len(spans) < 2:
            continue
        rel = np.array(ch.relevance[: len(spans)])
        if rel.max() <= 0 or rel.min() == rel.max():
            continue
        x = _matrix(spans, names)
        off = _matrix(spans, base) @ base_w if base_w is not None else np.zeros(len(spans))
        recorded = np.array([sum(p.values()) for p in spans])
        pairs = _pairs(recorded, rel)
        if not pairs:
            continue
        i, j = np.array(pairs).T
        diffs.append(x[i] - x[j])
        offsets.append(off[i] - off[j])
    return diffs, offsets


def fit(choices: Sequence[Choice], strength: float) -> dict[str, float]:
    """Weights of both stages fitted on ``choices``."""
    names = sorted({n for ch in choices for p in ch.parts for n in p} - {*SIMILARITY_PARTS, *HAND_WEIGHTS})
    first = newton(*_stage_data(choices, names, (), None), np.ones(len(names)), strength)
    sims = [*SIMILARITY_PARTS, *HAND_WEIGHTS]
    prior = np.array([HAND_WEIGHTS.get(n, 1.0) for n in sims])
    second = newton(*_stage_data(choices, sims, names, first), prior, strength)
    return {**dict(zip(names, first.tolist(), strict=True)), **dict(zip(sims, second.tolist(), strict=True))}


def _scores(ch: Choice, weights: dict[str, float]) -> list[float]:
    """The spans' scores with ``weights``: the similarity parts count only in the re-ranked head."""
    return [
        sum(
            weights.get(n, HAND_WEIGHTS.get(n, 1.0)) * v
            for n, v in p.items()
            if i < ch.head or (n not in SIMILARITY_PARTS and n not in HAND_WEIGHTS)
        )
        for i, p in enumerate(ch.parts)
    ]


def top_relevance(choices: Sequence[Choice], weights: dict[str, float]) -> float:
    """Mean relevance of the span each choice would rank first with ``weights``."""
    total = sum(ch.relevance[int(np.argmax(_scores(ch, weights)))] for ch in choices)
    return total / max(len(choices), 1)


def answer_coverage(choices: Sequence[Choice], weights: dict[str, float]) -> float:
    """Mean share of the fact groups the first ``limit`` spans of each choice state together: what an answer,
    which quotes that many, shows."""
    total = 0.0
    for ch in choices:
        order = np.argsort(-np.array(_scores(ch, weights)), kind="stable")[: ch.limit]
        total += len(set().union(*(ch.covers[i] for i in order))) / ch.groups
    return total / max(len(choices), 1)


def cross_validate(choices: Sequence[Choice]) -> dict[float, float]:
    """Answer coverage of fits on the other folds' documents, by strength."""
    docs = sorted({ch.doc for ch in choices})
    fold_of = {d: i % FOLDS for i, d in enumerate(docs)}
    result = {}
    for strength in STRENGTHS:
        held = []
        for k in range(FOLDS):
            train = [ch for ch in choices if fold_of[ch.doc] != k]
            test = [ch for ch in choices if fold_of[ch.doc] == k]
            held.append(answer_coverage(test, fit(train, strength)) * len(test))
        result[strength] = sum(held) / len(choices)
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("datasets", nargs="+", type=Path)
    parser.add_argument(
        "--out", type=Path, required=True, help=f"the model file ({MODEL_PATH} is the one the scorer loads)"
    )
    parser.add_argument("--choices", type=Path, help="recorded choices: read when present, else written")
    parser.add_argument(
        "--strength", type=float, help="the pull toward the hand sizes (default: by cross-validation)"
    )
    args = parser.parse_args(argv)
    if args.choices and args.choices.exists():
        rows = [json.loads(line) for line in args.choices.read_text(encoding="utf-8").splitlines()]
        choices = [Choice(**row) for row in rows]
    else:
        from assistant.service import Assistant
        from assistant.settings import get_settings

        items = load_datasets(list(args.datasets))
        choices = collect(items, Assistant.from_settings(get_settings()))
        if args.choices:
            lines = (json.dumps(ch.__dict__, ensure_ascii=False) for ch in choices)
            args.choices.write_text("\n".join(lines) + "\n", encoding="utf-8")
    hand = answer_coverage(choices, {})
    cv = cross_validate(choices)
    strength = args.strength if args.strength is not None else max(cv, key=lambda s: (cv[s], s))
    weights = fit(choices, strength)
    model = {
        "fitted": dt.date.today().isoformat(),
        "datasets": sorted(p.name for p in args.datasets),
        "choices": len(choices),
        "strength": strength,
        "answer_coverage": {"hand": round(hand, 4), **{f"cv_{s}": round(v, 4) for s, v in cv.items()}},
        "weights": {n: round(w, 4) for n, w in sorted(weights.items())},
    }
    args.out.write_text(json.dumps(model, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in model.items() if k != "weights"}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
