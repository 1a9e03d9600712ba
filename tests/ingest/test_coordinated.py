"""Middle-dot contractions in real notices stand for whole words (real Kiwi)."""

from pathlib import Path

from ingest.coordinated import coordinated_words

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def test_a_contraction_gives_the_words_it_stands_for() -> None:
    assert coordinated_words("휴‧폐업 중인 기업") == {"휴업"}
    assert coordinated_words("석·박사 학위 소지자") == {"석사"}
    assert coordinated_words("중소‧중견기업") == {"중소기업"}


def test_words_of_their_own_and_lists_give_nothing() -> None:
    assert not coordinated_words("국세·지방세 체납")  # 국세 is a word, not a head of 세
    assert not coordinated_words("채용·교육 지원")
    assert not coordinated_words("산·학·연 협력")
    assert not coordinated_words("대·중견기업")  # "대견" is no noun: nothing rather than a wrong word


def test_the_real_notices_contractions_expand_to_words_of_the_same_family() -> None:
    texts = [p.read_text(encoding="utf-8") for p in CORPUS.rglob("*.txt")]
    found = set().union(*(coordinated_words(t) for t in texts))
    assert found, "the bundled text notices use middle-dot contractions"
    assert all(len(w) >= 2 for w in found)
