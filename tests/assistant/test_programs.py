from assistant.programs import ProgramResolver
from assistant.types import Turn
from ingest.title import title_from_filename
from ingest.types import SourceDoc


def test_fuzzy_program_names_resolve(assistant) -> None:  # type: ignore[no-untyped-def]
    resolver = assistant.resolver
    m = resolver.resolve("연고산업 마감 언제예요?")
    assert m is not None and "연고산업" in m.name
    tips = resolver.resolve("팁스 지원한도는?")
    assert tips is not None
    sources = {assistant.index.snapshot.docs[d].source for d in tips.doc_ids}
    assert any("팁스" in s for s in sources)
    assert resolver.resolve("연구인력 지원사업 신청자격") is not None


def test_original_and_amendment_tie(assistant) -> None:  # type: ignore[no-untyped-def]
    m = assistant.resolver.resolve("2025년 팁스 창업기업 지원계획")
    assert m is not None
    sources = {assistant.index.snapshot.docs[d].source for d in m.doc_ids}
    assert any("수정" in s for s in sources) and any("통합공" in s for s in sources)


def test_follow_up_takes_program_from_history(assistant) -> None:  # type: ignore[no-untyped-def]
    history = [
        Turn("user", "연고산업육성사업 지원한도는?"),
        Turn("assistant", "기업당 연 최대 5천만원입니다 [1]."),
    ]
    match, from_history = assistant.resolver.resolve_with_history("그럼 마감은?", history)
    assert match is not None and from_history and "연고산업" in match.name
    assert assistant.resolver.resolve("그럼 마감은?") is None


def test_a_program_named_by_what_it_contains(assistant) -> None:  # type: ignore[no-untyped-def]
    """Neither title says "잠재기업 혁신역량" or "인재대학"; one document's text does."""
    resolver = assistant.resolver
    docs = assistant.index.snapshot.docs
    inner = resolver.content_match("잠재기업 혁신역량 강화 과제는 얼마까지 지원돼요?")
    assert inner is not None and inner.phrase.startswith("잠재기업")
    assert {docs[d].source for d in inner.doc_ids} == {
        "2025-01-24_보도자료_지역혁신선도기업육성_RnD_본격_추진.txt"
    }
    school = resolver.content_match("중소기업 인재대학 다니려면 어떻게 해요?")
    assert school is not None and all("촉진방안" in docs[d].source for d in school.doc_ids)
    assert resolver.content_match("지원 금액이 얼마예요?") is None  # common words name nothing
    assert resolver.holds(school.doc_ids, "인재대학") and not resolver.holds(inner.doc_ids, "인재대학")


# Names of other programs, so that a program's words are as rare among names as in the real corpus.
OTHER_PROGRAMS = (
    "2025년_딥테크_챌린지_프로젝트_DCP_지원계획_공_100005636870871021.hwp",
    "2025년_한국탄소산업진흥원_장비보급지원사업_공고_80811792473386683.hwp",
    "2025년_후반기_전문경력인사초빙활용지원사업_신규_공고_안내.hwp",
    "2025년도_농업기초기반전문기술인재양성사업_공고_80729856319767195.hwp",
    "공고_제2025-29호_2025년도_기술이전사업화_시행계획_공_80558458387209771.hwp",
    "공고_제2025-30호_2025년도_산학연_Collabo_R_D사업_컨소시엄형_시행계획_공_83597269754479934.hwpx",
    "공고문_2025년_중소기업_연구인력지원사업_공고.hwp",
    "공고문_2025년도_창업도약패키지_일반형_창업기업_모집_수정공고.pdf",
    "공고문_강소2-5_이노테크_발굴_및_창업지_82469255039185881.pdf",
)


def _resolver(*sources: str) -> ProgramResolver:
    """A resolver over documents named like real corpus files (names are all it reads here)."""
    docs = {
        f"d{i}": SourceDoc(f"d{i}", src, title_from_filename(src), "hwp", 1, "본문", (0,))
        for i, src in enumerate(sources)
    }
    return ProgramResolver(docs)


def test_a_name_run_ends_on_a_whole_morpheme() -> None:
    """ "…개발사업 수정공고" shares "…개발사업수" with "…개발사업_수출지향형": 수 of 수정 is not 수 of 수출."""
    resolver = _resolver(
        "공고_제2025-296호_2025년도_중소기업기술혁신개발사업_수출지향형_경쟁형R_D_시행계획_공_1.hwpx",
        "공고_제_2025-269호_2025년도_중소기업기술혁신개발사업_시행계획_수정_공_2.hwp",
        "공고문_2025년_중소기업_연구인력지원사업_공고.hwp",
        "2024-12-11_공고_2025년_시군구연고산업육성사업_시행계획_제주_세종.txt",
    )
    match = resolver.resolve("중소기업기술혁신개발사업 수정공고에서 뭐가 바뀌었어요?")
    assert match is not None and match.doc_ids == {"d0", "d1"}  # a tie, not the 수출지향형 notice alone


def test_a_name_run_does_not_reach_into_part_of_a_further_word() -> None:
    """ "팁스 일반트랙" shares "팁스일반" with "스케일업 팁스(일반형)", but 일반트랙 is not 일반형; within one
    word the run stands ("연고산업지원금" is the 연고산업 notice)."""
    resolver = _resolver(
        "공고문_2025년_스케일업_팁스_일반형_기업_지원계획_공_89204681777639077.hwp",
        "2025년_팁스_창업기업_지원계획_수정_공_101298852483808541.hwpx",
        "2024-12-11_공고_2025년_시군구연고산업육성사업_시행계획_제주_세종.txt",
        *OTHER_PROGRAMS,
    )
    tips = resolver.resolve("팁스 일반트랙 R&D는 최대 얼마까지 나와요?")
    assert tips is not None and tips.doc_ids == {"d0", "d1"}  # both TIPS notices, not 일반형 alone
    scaleup = resolver.resolve("스케일업 팁스 일반형 지원한도")
    assert scaleup is not None and scaleup.doc_ids == {"d0"}
    local = resolver.resolve("연고산업지원금 얼마예요?")
    assert local is not None and local.doc_ids == {"d2"}


def test_a_short_year_and_a_round_pick_the_notice() -> None:
    """ "25년 디딤돌 2차": 25년 is 2025, and "25년" shared with "2025년도" names no program (디딤돌 does)."""
    resolver = _resolver(
        "공고_제2025-654호_2026년도_창업성장기술개발사업_디딤돌_제1차_시행계획_공_3689066283272811.hwp",
        "공고_제2025-288호_2025년도_창업성장기술개발사업_디딤돌_제2차_시행계획_공_90469864832283384.hwp",
        "공고_제2025-221호_2025년도_창업성장기술개발사업_디딤돌_제1차_시행계획_공_88051311744894927.hwp",
        *OTHER_PROGRAMS,
    )
    match = resolver.resolve("25년 디딤돌 2차 공고에는 어떤 세부과제들이 있어요?")
    assert match is not None and match.doc_ids == {"d1"}


def test_an_attachment_ranks_below_its_notice() -> None:
    resolver = _resolver(
        "별첨_3_2025년도_창업도약패키지_일반형_주관기관_소개자료.pdf",
        "공고문_2025년도_창업도약패키지_일반형_창업기업_모집_수정공고.pdf",
    )
    scores = dict(resolver.score("창업도약패키지 일반형 신청 마감이 며칠 몇 시예요?"))
    assert scores["d1"] > scores["d0"]
    match = resolver.resolve("창업도약패키지 일반형 신청 마감이 며칠 몇 시예요?")
    assert match is not None and "공고문" in match.name


def test_a_follow_up_keeps_the_program_the_user_named_over_words_of_the_answer(assistant) -> None:  # type: ignore[no-untyped-def]
    """The assistant's "컨소시엄 형태로" matches 팁스 or a 컨소시엄형 notice by name; the user named 연고산업."""
    history = [
        Turn("user", "연고산업육성사업은 어떻게 신청해야 돼요?"),
        Turn("assistant", "팁스 창업기업 지원계획처럼 컨소시엄 형태로 신청해야 합니다."),
    ]
    match = assistant.resolver.resolve_history(history)
    assert match is not None and "연고산업" in match.name
    # an answer may still be what named the program, when the user did not
    named_by_answer = [
        Turn("user", "창업 지원사업 뭐 있어요?"),
        Turn("assistant", "팁스 창업기업 지원계획이 있습니다."),
    ]
    found = assistant.resolver.resolve_history(named_by_answer)
    assert found is not None and "팁스" in found.name


def test_the_year_a_title_is_for_is_not_its_notice_number_s() -> None:
    from assistant.programs import _title_years

    assert _title_years("공고 제2025-654호 2026년도 창업성장기술개발사업 디딤돌 제1차") == {"2026"}
    assert _title_years("2025 TIPS 공고") == {"2025"}


def test_a_phrase_held_by_notices_of_two_years_picks_the_year_asked() -> None:
    """ "25년 디딤돌 1차 지방청 R&D": both 디딤돌 notices hold 지방청 R&D; the 2025 one is meant."""
    docs = {
        "d2025": SourceDoc(
            "d2025",
            "a.hwp",
            "공고 제2025-221호 2025년도 창업성장기술개발사업 디딤돌 제1차",
            "hwp",
            1,
            "지방청 R&D 신청 안내",
            (0,),
        ),
        "d2026": SourceDoc(
            "d2026",
            "b.hwp",
            "공고 제2025-654호 2026년도 창업성장기술개발사업 디딤돌 제1차",
            "hwp",
            1,
            "지방청 R&D 신청 안내",
            (0,),
        ),
    }
    for i in range(20):  # a corpus of some size, where a phrase two notices hold is distinctive
        docs[f"o{i}"] = SourceDoc(f"o{i}", f"o{i}.hwp", f"기타 사업 {i} 공고", "hwp", 1, "지원 내용", (0,))
    match = ProgramResolver(docs).content_match("25년 디딤돌 1차 지방청 R&D요, 어느 지방청 공고로 내야 돼요?")
    assert match is not None and match.doc_ids == {"d2025"}


def test_what_call_center_agents_call_a_program_resolves() -> None:
    resolver = _resolver(*OTHER_PROGRAMS)
    match = resolver.resolve("창도패 일반형 25년 접수 마감 언제 몇시?")
    assert match is not None and "창업도약패키지" in match.name


def test_a_form_attached_to_a_notice_is_an_attachment_only() -> None:
    resolver = _resolver(
        "별첨_1_2025년도_창업도약패키지_일반형_창업기업_사업계획서_양식.hwp",
        "공고문_2025년도_창업도약패키지_일반형_창업기업_모집_수정공고.pdf",
    )
    assert resolver.attachments_only(frozenset({"d0"}))
    assert not resolver.attachments_only(frozenset({"d0", "d1"}))


def test_an_abbreviation_kiwi_cuts_apart_still_resolves() -> None:
    resolver = _resolver(*OTHER_PROGRAMS)
    match = resolver.resolve("창도패 마감 언제예요?")  # Kiwi reads 창 + 도(particle) + 패
    assert match is not None and "창업도약패키지" in match.name
