"""Program resolution through the name index gives what scoring every document gives.

`ProgramResolver.score` compares the question only with the documents `NameCandidates` finds; the
exhaustive resolver below compares it with every document, as the resolver did before the index. Both
run real Kiwi over real corpus file names (the bundled corpus, and the pool beside the repository when it
is there) and made-up questions.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from assistant.name_candidates import NameCandidates
from assistant.programs import Bounds, ProgramResolver, _squash_with_bounds, _worthless_run
from ingest.title import title_from_filename
from ingest.types import SourceDoc

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "corpus"
POOL = REPO.parent / "shared" / "corpus" / "pool"


class Exhaustive(ProgramResolver):
    """The resolver without its index: every document is scored, each name compared afresh."""

    def _sharing_runs(self, q: str, bounds: Bounds) -> set[str]:
        return set(self.keys)

    def _might_score(self, q_tokens: object, runs: set[str]) -> list[str]:
        return list(self.keys)

    def _run_score(
        self, q: str, doc_id: str, bounds: Bounds | None = None, seen: dict[str, str] | None = None
    ) -> tuple[float, str]:
        return super()._run_score(q, doc_id, bounds, None)


def _corpus_docs(limit: int = 400) -> dict[str, SourceDoc]:
    """Documents named like the real corpus files (names are what resolution reads), twins included."""
    files = sorted(p.name for p in CORPUS.rglob("*") if p.is_file())
    if POOL.is_dir():
        files += sorted(p.name for p in POOL.iterdir() if p.is_file())[:limit]
    return {
        f"d{i}": SourceDoc(f"d{i}", src, title_from_filename(src), "hwp", 1, "본문", (0,))
        for i, src in enumerate(files)
    }


# made-up ways of asking; a piece of a real name goes before each
ASKS = (
    "{} 신청 마감은 언제예요?",
    "{}에서 지원한도가 얼마인가요",
    "25년 {} 2차 공고 바뀐 점?",
    "혹시 {} R&D 과제도 컨소시엄으로 되나요?",
    "{} 일반형이랑 뭐가 달라요",
    "{}",
)


def _questions(docs: dict[str, SourceDoc], n: int, seed: int = 7) -> list[str]:
    """Questions that name a real program by a piece of its title, as people type them (spaced or not)."""
    rng = random.Random(seed)
    titles = [d.title for d in docs.values()]
    out = [
        "창도패 마감 언제예요?",
        "팁스 일반트랙 최대 얼마?",
        "지원사업 공고 언제 나와요",  # only words every notice shares
        "기업 모집 공고",
        "점심 메뉴 추천해 줘",  # names nothing
    ]
    while len(out) < n:
        words = rng.choice(titles).split()
        start = rng.randrange(len(words))
        piece = " ".join(words[start : start + rng.randint(1, 3)])
        if rng.random() < 0.3:
            piece = piece.replace(" ", "")
        out.append(rng.choice(ASKS).format(piece))
    return out


@pytest.fixture(scope="module")
def docs() -> dict[str, SourceDoc]:
    return _corpus_docs()


def test_the_indexed_resolver_scores_as_scoring_every_document_does(docs: dict[str, SourceDoc]) -> None:
    fast, slow = ProgramResolver(docs), Exhaustive(docs)
    questions = _questions(docs, 60)
    named = 0
    for question in questions:
        scored = fast.score(question)
        assert scored == slow.score(question), question
        assert fast.resolve(question) == slow.resolve(question)
        named += bool(scored)
    assert named > len(questions) // 2  # the questions do name programs: the comparison is not vacuous


def test_the_index_leaves_out_documents_that_share_nothing(docs: dict[str, SourceDoc]) -> None:
    """A question naming one program is compared by difflib with a few documents, not with all of them."""
    resolver = ProgramResolver(docs)
    doc_id, title = next((d, doc.title) for d, doc in docs.items() if "연고산업" in doc.title)
    question = f"{title} 신청 마감은 언제예요?"
    q, bounds = _squash_with_bounds(question)
    runs = resolver._sharing_runs(q, bounds)
    assert doc_id in runs and len(runs) < len(docs) // 2
    match = resolver.resolve(question)
    assert match is not None and doc_id in match.doc_ids


def test_a_run_is_found_only_where_a_name_holds_it() -> None:
    index = NameCandidates(
        {"a": ["창업도약패키지일반형"], "b": ["창업성장기술개발사업디딤돌"], "c": ["스케일업팁스"]},
        {"a": {"창업", "도약"}, "b": {"디딤돌"}, "c": {"팁스"}},
    )
    assert index.holding("창업도약") == {"a"}
    assert index.holding("창업성장") == {"b"}
    assert index.holding("없는이름") == set()
    assert index.sharing_keys(["디딤돌", "팁스", "없음"]) == {"b", "c"}
    q = "창업도약패키지마감"
    # runs start at 0 and end at 4, 7 or 9: 창업도약 and 창업도약패키지 are held by "a" only
    assert index.sharing_runs(q, [0], [4, 7, 9], _worthless_run) == {"a"}


def test_a_run_every_name_shares_counts_only_grown_into_a_rarer_one() -> None:
    index = NameCandidates({"b": ["창업성장지원사업디딤돌"], "d": ["수출지원사업"]}, {})
    q = "지원사업디딤돌"
    worthless = lambda run: run == "지원사업"  # noqa: E731
    assert index.sharing_runs(q, [0], [4], worthless) == set()
    assert index.sharing_runs(q, [0], [4, 7], worthless) == {"b"}
    assert index.sharing_runs(q, [0], [4], lambda run: False) == {"b", "d"}
