"""Fitting the evidence scorer: labels from fact groups, the pairwise fit, and a recording of real questions."""

import json
from pathlib import Path

import numpy as np

from assistant.span_scorer import TracedChoice, TracedSpan
from evals.dataset import EvalItem, load_dataset
from evals.fit_scorer import (
    Choice,
    answer_coverage,
    collect,
    covered,
    fit,
    labelled,
    main,
    newton,
    top_relevance,
)

ROOT = Path(__file__).resolve().parents[2]


def _item(facts: tuple[tuple[str, ...], ...]) -> EvalItem:
    return EvalItem("x-1", "연고산업", "deadline", "접수 마감은?", facts)


def test_a_span_of_the_right_document_covers_the_fact_groups_it_states() -> None:
    item = _item((("12월 27일", "12.27"), ("18:00",)))
    assert covered(item, "2024-12-11_공고_시군구연고산업.txt", "2024.12.27.(금) 18:00까지") == [0, 1]
    assert covered(item, "2024-12-11_공고_시군구연고산업.txt", "2024.12.27.(금)까지") == [0]
    assert covered(item, "다른_공고.txt", "2024.12.27.(금) 18:00까지") == []


def test_only_choices_with_a_better_and_a_worse_span_are_kept() -> None:
    item = _item((("18:00",),))
    span = lambda text, cue: TracedSpan("d", "시군구연고산업.txt", 0, len(text), text, {"cue": cue}, False)  # noqa: E731
    mixed = TracedChoice("deadline", "q", [span("18:00까지", 3.0), span("공고기간", 0.0)], 2)
    flat = TracedChoice("deadline", "q", [span("공고기간", 3.0), span("선정평가", 0.0)], 2)
    kept = labelled(item, [mixed, flat])
    assert len(kept) == 1 and kept[0].relevance == [1.0, 0.0] and kept[0].limit == 2


def _choices() -> list[Choice]:
    """The right span has a cue but a worse rank: the hand weights put it second, a fit must not."""
    right = {"cue": 1.0, "rank": 0.5}
    wrong = {"cue": 0.0, "rank": 1.5}
    return [Choice(f"doc{i}", [wrong, right], [[], [0]], 1, 0) for i in range(10)]


def test_newton_moves_from_the_prior_only_as_far_as_the_data_ask() -> None:
    diffs = [np.array([[1.0, -1.0]])] * 10
    offsets = [np.zeros(1)] * 10
    prior = np.ones(2)
    loose = newton(diffs, offsets, prior, 0.1)
    tight = newton(diffs, offsets, prior, 1e6)
    assert loose[0] > 1.0 > loose[1]
    assert np.allclose(tight, prior, atol=1e-4)
    assert np.array_equal(loose, newton(diffs, offsets, prior, 0.1))  # deterministic


def test_a_fit_ranks_the_right_span_first_where_the_hand_weights_did_not() -> None:
    choices = _choices()
    assert top_relevance(choices, {}) == answer_coverage(choices, {}) == 0.0
    weights = fit(choices, 0.3)
    assert top_relevance(choices, weights) == answer_coverage(choices, weights) == 1.0
    assert weights == fit(choices, 0.3)


def test_answer_coverage_counts_the_fact_groups_the_quoted_spans_state_together() -> None:
    parts = [{"rank": 3.0}, {"rank": 2.0}, {"rank": 1.0}]
    first_two = Choice("d", parts, [[0], [0], [1]], 2, 0, limit=2)
    all_three = Choice("d", parts, [[0], [0], [1]], 2, 0, limit=3)
    assert answer_coverage([first_two], {}) == 0.5
    assert answer_coverage([all_three], {}) == 1.0


def test_main_writes_a_model_file_from_recorded_choices(tmp_path: Path) -> None:
    recorded = tmp_path / "choices.jsonl"
    recorded.write_text("".join(json.dumps(c.__dict__) + "\n" for c in _choices()), encoding="utf-8")
    out = tmp_path / "model.json"
    assert main(["seeds.jsonl", "--choices", str(recorded), "--out", str(out)]) == 0
    model = json.loads(out.read_text(encoding="utf-8"))
    assert model["choices"] == 10 and model["weights"]["cue"] > 1.0
    assert model["answer_coverage"]["hand"] == 0.0


def test_collect_records_labelled_choices_from_real_questions(assistant) -> None:  # type: ignore[no-untyped-def]
    items = [i for i in load_dataset(ROOT / "evals" / "datasets" / "seeds.jsonl") if i.facts][:6]
    choices = collect(items, assistant)
    assert choices
    for ch in choices:
        assert len(ch.parts) == len(ch.relevance) and max(ch.relevance) > 0
        assert all("rank" in p for p in ch.parts)
