from ingest.korean import keyword_tokens, keyword_tokens_many, morpheme_bounds, noun_phrases, split_sentences


def test_particles_do_not_hide_the_noun() -> None:
    # "서울은" must match "서울" — whitespace tokenizers miss this.
    assert "서울" in keyword_tokens("서울은 크다")
    assert "서울" in keyword_tokens("서울에서 열린다")


def test_user_dictionary_keeps_domain_words_whole_and_adds_parts() -> None:
    tokens = keyword_tokens("기업 자부담 비율과 테크노파크 주관기관")
    assert "자부담" in tokens and "부담" in tokens
    assert "테크노파크" in tokens
    assert "주관기관" in tokens and "기관" in tokens


def test_latin_is_lower_cased_and_batch_matches_single() -> None:
    texts = ["TIPS 프로그램 운영사", "지방비 매칭"]
    assert keyword_tokens_many(texts) == [keyword_tokens(t) for t in texts]
    assert "tips" in keyword_tokens(texts[0])


def test_sentences_keep_offsets_into_the_text() -> None:
    text = "□ 지원대상\n◦ 지역 연고산업을 영위하는 중소기업입니다. 단, 휴업 중인 기업은 신청할 수 없습니다.\n구분\t금액"
    sents = split_sentences(text)
    assert all(text[s.start : s.end] == s.text for s in sents)
    assert any(s.text.startswith("단, 휴업") for s in sents)
    assert any(s.text == "구분\t금액" for s in sents)


def test_noun_phrases_are_compounds_as_written_and_adjacent_pairs() -> None:
    phrases = noun_phrases("소상공인 희망리턴패키지 폐업 지원금 얼마 나와요?")
    assert ("희망리턴패키지",) in phrases  # one compound, though Kiwi splits it into four morphemes
    assert ("희망리턴패키지", "폐업") in phrases
    assert all("나와" not in "".join(p) for p in phrases)  # verbs are not part of a phrase
    assert ("r&d",) in noun_phrases("공급망 협력 R&D 지원한도", pairs=False)
    assert ("공급망", "협력") not in noun_phrases("공급망 협력 R&D", pairs=False)
    assert ("세부과제",) in noun_phrases(
        "어떤 세부과제들이 있어요?", pairs=False
    )  # the plural 들 is not part of it


def test_morpheme_bounds_split_a_text_written_without_spaces() -> None:
    starts, ends = morpheme_bounds("기술혁신개발사업수정공고")
    assert {0, 8, 10} <= starts and {8, 10, 12} <= ends  # 기술혁신개발사업 | 수정 | 공고
    assert 9 not in starts | ends  # inside 수정
    starts, ends = morpheme_bounds("검토를 거쳤고 2025년")
    assert 8 in starts and 6 not in starts  # the year is a number; 고 ends a verb, it starts nothing


def test_a_long_line_is_split_by_kiwi_once_however_often_it_comes_back(notice_text: str) -> None:
    """The answerer splits the same retrieved chunks question after question: Kiwi sees each long line once."""
    from ingest import korean

    part = notice_text[:4000]
    first = split_sentences(part)
    before = korean._line_sentences.cache_info()
    again = split_sentences(part)
    after = korean._line_sentences.cache_info()
    assert again == first and len(first) > 10
    assert after.misses == before.misses and after.hits > before.hits
    assert all(part[s.start : s.end] == s.text for s in again)
    # the same line elsewhere (another offset in another text) gets the same sentences at its own offsets
    shifted = split_sentences("머리말\n" + part)
    assert [(s.start - 4, s.end - 4, s.text) for s in shifted[1:]] == [
        (s.start, s.end, s.text) for s in first
    ]
