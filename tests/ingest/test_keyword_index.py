from pathlib import Path

from ingest.keyword_index import KeywordIndex
from ingest.korean import keyword_tokens_many

TEXTS = ["서울은 인구가 많다", "부산의 바다와 항구", "기업 자부담 비율은 10%", "테크노파크가 주관기관이다"]


def _index() -> KeywordIndex:
    return KeywordIndex.build(["a", "b", "c", "d"], keyword_tokens_many(TEXTS))


def test_korean_morphemes_match_across_particles() -> None:
    idx = _index()
    assert idx.search("서울")[0][0] == "a"
    assert idx.search("자부담이 얼마예요")[0][0] == "c"
    assert idx.search("주관 기관")[0][0] == "d"


def test_allowed_restricts_results_and_unknown_words_give_nothing() -> None:
    idx = _index()
    assert idx.search("바다", allowed={"a"}) == []
    assert idx.search("우주선") == []


def test_save_load_round_trip(tmp_path: Path) -> None:
    idx = _index()
    idx.save(tmp_path / "kw")
    loaded = KeywordIndex.load(tmp_path / "kw")
    for q in ("서울", "부산 항구", "자부담"):
        assert loaded.search(q) == idx.search(q)


def test_tokenizer_is_pluggable() -> None:
    idx = KeywordIndex.build(["x", "y"], [["apple"], ["banana"]], tokenizer=lambda s: s.lower().split())
    assert idx.search("BANANA")[0][0] == "y"


def test_bare_noun_finds_particle_forms_in_real_corpus_text() -> None:
    """서울 → 서울은/서울의 on real lines: "테크노파크" finds "테크노파크로", "연고산업" finds "연고산업을"."""
    from tests.conftest import SEEDS

    text = (SEEDS / "2024-12-11_공고_2025년_시군구연고산업육성사업_시행계획_제주_세종.txt").read_text(
        encoding="utf-8"
    )
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    ids = [str(i) for i in range(len(lines))]
    idx = KeywordIndex.build(ids, keyword_tokens_many(lines))
    for noun, attached in (
        ("테크노파크", "테크노파크로"),
        ("연고산업", "연고산업을"),
        ("주관기관", "주관기관은"),
    ):
        # lines where the noun only occurs with a particle: a whitespace tokenizer would never match them
        targets = {i for i, ln in zip(ids, lines, strict=True) if attached in ln and noun not in ln.split()}
        assert targets, attached
        found = {cid for cid, _ in idx.search(noun, k=len(lines))}
        assert targets <= found, (noun, targets - found)
