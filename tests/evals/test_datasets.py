"""Every bundled dataset must pass ``giljabi eval --check`` against the bundled corpus."""

from collections import Counter
from pathlib import Path

import pytest

from evals.check import CorpusIndex, check_datasets, corpus_files
from evals.dataset import QUESTION_TYPES, load_dataset

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
DATASETS = Path(__file__).resolve().parents[2] / "evals" / "datasets"
SPLITS = Path(__file__).resolve().parents[2] / "evals" / "splits"


BUNDLED = sorted(DATASETS.glob("*.jsonl"))
# sets over notices outside corpus/: pool-dev.jsonl is checked with the files splits/pool-dev.list names
POOL = [p for p in BUNDLED if (SPLITS / f"{p.stem}.list").is_file()]


@pytest.fixture(scope="module")
def corpus() -> CorpusIndex:
    return CorpusIndex(corpus_files(CORPUS))


def test_bundled_datasets_exist() -> None:
    assert {p.name for p in BUNDLED} >= {"seeds.jsonl", "real.jsonl", "smoke.jsonl"}


@pytest.mark.parametrize("path", [p for p in BUNDLED if p not in POOL], ids=lambda p: p.name)
def test_bundled_dataset_passes_check(path, corpus: CorpusIndex) -> None:
    count, problems = check_datasets([path], corpus)
    assert count > 0
    assert [str(p) for p in problems] == []


@pytest.mark.parametrize("path", POOL, ids=lambda p: p.name)
def test_pool_dataset_passes_check_with_its_notices(path: Path) -> None:
    from evals.overlay import added_files

    pool = SPLITS.parents[2] / "shared" / "corpus" / "pool"
    if not pool.is_dir():  # a clone without the shared pool beside it (CI always has it)
        pytest.skip(f"no notice pool at {pool}")
    extra = added_files([SPLITS / f"{path.stem}.list"])  # the pool is there: every listed notice must be
    assert not {f.name for f in extra} & {f.name for f in corpus_files(CORPUS)}, "a pool notice is in corpus/"
    count, problems = check_datasets([path], CorpusIndex(corpus_files(CORPUS) + extra))
    assert count >= 80
    assert [str(p) for p in problems] == []


def test_dev_and_test_notices_are_disjoint() -> None:
    splits = {
        s: {line for line in (SPLITS / f"pool-{s}.list").read_text().splitlines()}
        for s in ("dev", "dev2", "test", "test2")
    }
    assert [len(splits[s]) for s in ("dev", "test", "test2")] == [20, 20, 20] and len(splits["dev2"]) == 24
    names = sorted(splits)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            assert not splits[a] & splits[b], f"pool-{a} and pool-{b} share a notice"


@pytest.mark.parametrize("name", ["seeds.jsonl", "real.jsonl"])
def test_every_question_type_is_covered(name: str) -> None:
    counts = Counter(item.type for item in load_dataset(DATASETS / name))
    assert set(counts) == set(QUESTION_TYPES)
    assert counts["refusal"] >= 4 and counts["followup"] >= 3


def test_seeds_and_real_together_have_at_least_90_unique_items(corpus: CorpusIndex) -> None:
    count, problems = check_datasets([DATASETS / "seeds.jsonl", DATASETS / "real.jsonl"], corpus)
    assert count >= 90 and problems == []


def test_smoke_dataset_is_small_and_over_seeds_only() -> None:
    items = load_dataset(DATASETS / "smoke.jsonl")
    assert len(items) == 8
    seeds = [p.name for p in (CORPUS / "seeds").iterdir()]
    assert all(item.doc is None or any(item.doc in s for s in seeds) for item in items)
