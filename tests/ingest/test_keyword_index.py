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
