"""Evidence spans over the real 연고산업 notice (corpus/seeds): lists, labels, context lines, cues."""

import pytest

from assistant.evidence import (
    CUES,
    ONE_ONLY_PART,
    QuestionTerms,
    context_line,
    list_units,
    other_names,
    score_parts,
    starts_with_cue,
    titles_above,
    units_of,
)
from assistant.types import Hit
from ingest.types import Chunk
from tests.conftest import notice_chunk


@pytest.fixture(scope="module")
def text(notice_text: str) -> str:
    return notice_text


def _hit(text: str, start: int, end: int) -> Hit:
    return Hit(notice_chunk(text, start, end), 1.0, 1)


def test_a_heading_with_all_its_items_is_one_list_span(text: str) -> None:
    start = text.index("□ 세부 지원프로그램")
    hit = _hit(text, start, start + 1200)
    spans = [text[s:e] for s, e in list_units(hit)]
    programs = [s for s in spans if s.startswith("□ 세부 지원프로그램")]
    assert programs, spans
    assert "시제품 제작" in programs[0] and "마케팅 지원" in programs[0]
    # the short units stop at four lines under the heading, so the list is new
    assert not any("마케팅 지원" in text[s:e] and text[s:e].startswith("□ 세부") for s, e in units_of(hit))


def test_a_label_comes_with_the_value_on_the_next_line(text: str) -> None:
    start = text.index("사업관리 총괄 전문기관")
    hit = _hit(text, start - 200, start + 200)
    spans = [text[s:e] for s, e in units_of(hit, text)]
    assert any(s.startswith("사업관리 총괄 전문기관") and s.endswith("중소기업기술정보진흥원") for s in spans)


def test_a_label_at_the_end_of_a_chunk_reads_on_into_the_document(text: str) -> None:
    label = text.index("사업관리 총괄 전문기관")
    end = label + len("사업관리 총괄 전문기관")
    spans = [text[s:e] for s, e in units_of(_hit(text, label - 100, end), text)]
    assert any(s.endswith("중소기업기술정보진흥원") for s in spans)


def test_context_line_is_the_non_empty_line_above(text: str) -> None:
    at = text.index("ㅇ 시제품 제작")
    assert context_line(text, at) == "ㅇ 시험분석 및 인증·지재권획득 지원"


def test_labelled_lines_start_with_the_cue() -> None:
    assert starts_with_cue("- □ (지원대상) 비수도권 14개 시·도 소재 중소기업", CUES["eligibility"])
    assert starts_with_cue("◦ 신청자격 : 중소기업", CUES["eligibility"])
    assert not starts_with_cue("기획단계에서 지원대상 기업군에 대한 사전 분석", CUES["eligibility"])


def test_a_span_that_defines_the_asked_term_scores_higher() -> None:
    from assistant.evidence import QuestionTerms, score_parts

    terms = QuestionTerms.of(
        "eligibility",
        "선도기업 R&D에서 말하는 잠재기업은 기준이 어떻게 돼요?",
        {},
        "지역혁신선도기업육성(R&D)",
    )
    assert terms.definable == ("잠재기업",)
    line = "잠재기업 : 41개 주력산업별 혁신성·성장성 상위 30%~50% 이내 기업"
    hit = _hit(line, 0, len(line))
    parts = score_parts(terms, line, hit)
    assert parts is not None and parts.get("definition") == 4.0  # "기준이 어떻게 돼요?" asks for it
    other = "잠재기업을 선도기업으로 육성하기 위한 R&D 지원"
    other_parts = score_parts(terms, other, _hit(other, 0, len(other)))
    assert other_parts is not None and "definition" not in other_parts


def test_until_which_year_prefers_the_end_of_a_range() -> None:
    """ "몇 년도까지" is answered by "'29년까지", not by any line that names 2025년."""
    terms = QuestionTerms.of("period", "선도기업 R&D 사업 몇 년도까지 하는 거예요?", {})
    assert terms.unit == "년도" and terms.until
    chunk = Chunk("c", "d", "x.txt", "선도기업", 1, "", 0, 10, "")
    end = score_parts(terms, "올해부터 '29년까지 비수도권 중소기업을 지원한다.", Hit(chunk, 1.0, 1))
    other = score_parts(terms, "2025년 1월 31일 중소벤처기업부 장관", Hit(chunk, 1.0, 1))
    assert end is not None and end.get("until")
    assert other is None  # a lone date (a signature's) states no period at all
    month = QuestionTerms.of("deadline", "공고는 몇 월에 나와요?", {})
    assert month.unit == "월" and month.unit_pattern is not None
    assert month.unit_pattern.search("'23년 2월 공고 예정") and not month.unit_pattern.search("2.5억원")


def test_where_to_apply_prefers_a_line_that_names_a_place() -> None:
    """ "어디서 신청해요?" is answered by the site ("이지비즈 홈페이지(www.egbiz.or.kr)"), not by the
    evaluation steps that share more of the question's words."""
    terms = QuestionTerms.of("procedure", "경기도 스타기업 육성사업 신청은 어디서 어떻게 해요?", {})
    assert terms.where
    chunk = Chunk("c", "d", "x.hwp", "스타기업", 1, "", 0, 10, "")
    site = "□ 신청방법: 경기 기업비서 이지비즈 홈페이지(www.egbiz.or.kr) 신청"
    steps = "⑤ 최종선정: 서류평가, 가산점, 발표평가 점수 합산 후 고득점순으로 47개사 내외 선정"
    site_parts = score_parts(terms, site, Hit(chunk, 1.0, 1))
    steps_parts = score_parts(terms, steps, Hit(chunk, 1.0, 1))
    assert site_parts is not None and steps_parts is not None
    assert site_parts.get("place") and not steps_parts.get("place")
    assert not QuestionTerms.of("procedure", "스타기업 신청 서류는 뭐예요?", {}).where
    assert not QuestionTerms.of("contact", "어디에 문의해요?", {}).where  # a phone number answers that


def test_a_list_asked_for_by_its_heading_word_is_taken_whole() -> None:
    """ "전략이 뭐뭐예요?" is answered by the list headed by 전략, all of its rows, not by one of them."""
    terms = QuestionTerms.of("menu", "촉진방안 큰 전략이 뭐뭐예요?", {}, "지역중소기업 혁신성장 촉진방안")
    chunk = Chunk("c", "d", "x.txt", "촉진방안", 1, "", 0, 10, "")
    table = (
        "전략\t핵심 대상\t추진과제\n1. 중앙-지역 협업 기반의 지역중소기업 육성\t성장주도기업\t① …\n"
        "2. 지역기업 창업-성장 기반 보강\t성장잠재기업\t④ …\n3. 지역기업 위기관리 체계 고도화\t위기 기업\t⑦ …"
    )
    first_row = "\n".join(table.split("\n")[:2])
    whole = score_parts(terms, table, Hit(chunk, 1.0, 1))
    part = score_parts(terms, first_row, Hit(chunk, 1.0, 1))
    assert whole is not None and part is not None
    assert whole.get("named_list") and not part.get("named_list")
    assert sum(whole.values()) > sum(part.values())


def test_a_list_under_a_label_the_question_quotes_outranks_the_table_holding_it() -> None:
    """ "사업화 지원 쪽으로는 어떤 프로그램들?" is answered by the items under "사업화 지원", not by the
    whole 세부 지원프로그램 table (which the list span cap cuts before 해외 바이어 and 팝업스토어)."""
    terms = QuestionTerms.of(
        "menu",
        "연고산업 사업화 지원 쪽으로는 구체적으로 어떤 프로그램들 있어요?",
        {},
        "시군구연고산업육성사업",
    )
    chunk = Chunk("c", "d", "x.txt", "연고산업", 1, "", 0, 10, "")
    label = "사업화 지원\n\nㅇ 시제품 제작, 장비활용 및 검증 지원\n\nㅇ 해외 바이어 연계 및 해외 거래처 발굴"
    table = (
        "□ 세부 지원프로그램\n구분 세부 프로그램\n혁신화&\nㅇ 기술 융복합 컨설팅\n인식개선\nㅇ 교육·컨설팅"
    )
    under = score_parts(terms, label, Hit(chunk, 1.0, 1))
    whole = score_parts(terms, table, Hit(chunk, 1.0, 1))
    assert under is not None and whole is not None
    assert under.get("label_asked") and not whole.get("label_asked")
    assert sum(under.values()) > sum(whole.values())


def _select(
    intent: str, question: str, doc: str, lines: list[str], idf: dict[str, float] | None = None
) -> list[str]:
    """The texts ``select_evidence`` picks among the given lines of ``doc`` (one chunk holding all of it)."""
    from assistant.evidence import Candidate, select_evidence

    hit = Hit(Chunk("c", "d", "x.hwp", "공고", 1, "", 0, len(doc), doc), 1.0, 1)
    candidates = [Candidate(hit, doc.index(line), doc.index(line) + len(line)) for line in lines]
    return [ev.text for ev in select_evidence(intent, question, candidates, {"d": doc}, idf or {})]


def test_a_row_under_the_contact_header_is_the_program_s_contact() -> None:
    """Real lines of the 경기도 스타기업 notice: its own contact row sits under a letter-spaced header and
    names no 문의; the system help desk below it does."""
    doc = (
        "6 문의처\n문 의 처 전 화 번 호 이 메 일\n경기경제과학진흥원 사업화지원팀\n"
        "(홍혜은 차장, 양인영 과장, 김민지 대리) 031-259-6494, 6491, 6492 star@gbsa.or.kr\n"
        "경기도경제과학진흥원 유지보수팀\n※ 이지비즈 온라인 접수 문의 031-259-6299\n"
    )
    own = "경기경제과학진흥원 사업화지원팀\n(홍혜은 차장, 양인영 과장, 김민지 대리) 031-259-6494, 6491, 6492 star@gbsa.or.kr"
    desk = "경기도경제과학진흥원 유지보수팀\n※ 이지비즈 온라인 접수 문의 031-259-6299"
    picked = _select("contact", "경기도 스타기업 육성사업 문의 전화번호", doc, [desk, own])
    assert picked[0] == own


def test_a_table_row_takes_the_intent_of_its_header() -> None:
    """ "구 분 | 지원 대상 | 비고" two rows up makes the 도입기업 row an eligibility answer."""
    doc = (
        "구 분\t지원 대상\t비고\n주관연구 개발기관\t공급기업(필수)\t역량을 보유한 중소기업\n"
        "공동연구 개발기관\t①도입기업(필수)\t상시근로자 수 50인 미만 제조 중소기업\n"
        "도입기업은 컨소시엄에 참여하여 실증을 수행한다.\n"
    )
    row = "공동연구 개발기관\t①도입기업(필수)\t상시근로자 수 50인 미만 제조 중소기업"
    prose = "도입기업은 컨소시엄에 참여하여 실증을 수행한다."
    assert _select("eligibility", "산재예방 R&D 도입기업 조건이 뭐예요?", doc, [prose, row])[0] == row


def test_the_asker_s_own_figure_asks_for_a_limit_in_its_unit() -> None:
    terms = QuestionTerms.of("eligibility", "작년 매출 40억 정도 되는 제조업체인데 신청할 수 있어요?", {})
    assert terms.threshold is not None
    assert terms.threshold.search("③ ’23년 매출액 50억원 이상 700억원 미만")
    assert not terms.threshold.search("지원금 최대 2억원")
    staff = QuestionTerms.of("eligibility", "저희 직원 60명인데 도입기업 돼요?", {})
    assert staff.threshold is not None and staff.threshold.search("상시근로자 50인 미만")
    assert QuestionTerms.of("amount", "매출 40억이면 얼마 받아요?", {}).threshold is None


def test_a_count_prefers_a_number_of_what_was_counted() -> None:
    terms = QuestionTerms.of("count", "선도기업 R&D 과제 몇 개 지원한대요?", {})
    assert terms.counted is not None and terms.counted.search("(사업규모) 1조 445억원, 926개 과제('25~'29)")
    assert terms.unit_pattern is not None and not terms.unit_pattern.search("최대 24개월")
    assert terms.unit_pattern.search("신규 일자리 1.1만개 창출")
    chunk = Chunk("c", "d", "x.txt", "선도기업", 1, "", 0, 10, "")
    without = score_parts(terms, "5년간 1조 445억원 투자", Hit(chunk, 1.0, 1))
    assert without is not None and without.get("no_unit") == -3.0


def test_a_research_institute_or_university_names_an_organisation() -> None:
    from assistant.evidence import has_value

    assert has_value("contact", "* 사전기획형 해외협력기관 : 프라운호퍼 연구소(독일), 퍼듀대학교(미국)")
    assert not has_value("contact", "해외협력기술분야 관련 문의")


def test_a_row_far_below_a_bonus_table_header_answers_a_bonus_question() -> None:
    """Real rows of the 산림청 notice: the 중소기업 row is the eighth under "구분 | 가점 내용 | 가점", and a
    line that names no bonus does not answer "가점 있어요?" at all."""
    rows = "".join(f"{k}\t연구책임자가 과제를 신청하는 경우\t3점\t3년\n" for k in "가나다라마바사")
    doc = (
        "구분\t가점 내용\t가점\t적용기간 (적용기산일)\n"
        + rows
        + "아\t「중소기업 기본법」제2조에 따른 중소기업이 응모과제 주관연구개발기관으로 신청하는 경우\t2점\t유효기간 내\n"
        + "3 대형산불 초기 긴급 대응을 위한 군집 드론 및 운용 기술개발\n"
    )
    row = "아\t「중소기업 기본법」제2조에 따른 중소기업이 응모과제 주관연구개발기관으로 신청하는 경우\t2점\t유효기간 내"
    project = "3 대형산불 초기 긴급 대응을 위한 군집 드론 및 운용 기술개발"
    picked = _select("bonus", "군집드론 과제에 중소기업이면 가점도 있나요?", doc, [project, row])
    assert picked == [row]


def test_other_names_of_a_question_word() -> None:
    text = "주관연구개발기관(공급기업)과 최소 2개 이상의 공동연구개발기관(도입기업)으로 필수 구성\n중소기업 (도입기업)"
    assert other_names(["도입기업"], [text]) == {"도입기업": {"공동연구개발기관"}}  # "중소기업" is a kind
    assert "주관연구개발기관" in other_names(["주관기관"], [])["주관기관"]
    terms = QuestionTerms.of(
        "eligibility", "산재예방 R&D에 도입기업으로 들어가려면 조건이 뭐예요?", {"도입": 4.0}
    )
    named = terms.with_other_names([text])
    assert named.other_name_overlap("□ (공동연구개발기관) 상시근로자 50인 미만 기업") > 0
    assert (
        named.other_name_overlap("공동연구개발기관(도입기업)은 기술료 면제") == 0
    )  # the word itself counts once


def test_a_contact_with_its_number_outranks_an_office_name() -> None:
    """ "사업 관련 문의는 어디로?": the office with its number answers better than its name alone."""
    terms = QuestionTerms.of("contact", "사업 관련 문의는 어디로 하면 돼요?", {})
    chunk = Chunk("c", "d", "x.txt", "해양플랜트", 1, "", 0, 10, "")
    name = score_parts(terms, "사업 문의 : 해양수산과학기술진흥원 해양팀", Hit(chunk, 1.0, 1))
    number = score_parts(terms, "사업 문의 : 해양수산과학기술진흥원 해양팀 02-3460-0303", Hit(chunk, 1.0, 1))
    assert name is not None and number is not None
    assert number.get("phone") and sum(number.values()) > sum(name.values())


def test_the_issuing_agency_names_the_notice_not_the_answer() -> None:
    terms = QuestionTerms.of("bonus", "산림청 드론 과제 가점 있어요?", {"산림청": 5.0, "드론": 5.0})
    assert terms.weights["산림청"] < terms.weights["드론"]


def test_a_block_s_bullet_title_is_its_subject() -> None:
    doc = (
        "• 고경력 연구인력 채용지원\n가. 사업개요\n◦ (지원내용) 기업별 1명으로 최대 3년간 연봉의 50% 지원\n"
        "지원기준\t제한 없음\t연봉의 50% (연간 최대 5,000만원까지 지원)\n"
    )
    assert titles_above(doc, doc.index("지원기준")) == ["• 고경력 연구인력 채용지원"]


def test_without_a_program_a_span_off_the_rare_topic_word_drops() -> None:
    terms = QuestionTerms.of("eligibility", "네트워크론 지원대상", {"네트워크론": 6.0})
    chunk = Chunk("c", "d", "x.txt", "장비", 1, "", 0, 10, "")
    off = score_parts(terms, "□ 아래의 경우에는 지원 대상에서 제외함", Hit(chunk, 1.0, 1))
    on = score_parts(
        terms, "- (네트워크론) 협력 중소기업이 납품 발주서를 근거로 생산자금을 대출", Hit(chunk, 1.0, 1)
    )
    assert off is not None and off.get("no_topic") == -4.0
    assert on is not None and "no_topic" not in on


def test_asking_for_a_criterion_wants_the_definition() -> None:
    """ "(예비)선도기업이랑 잠재기업 기준이 뭐예요?": "이랑" joins two asked words; their definitions answer."""
    terms = QuestionTerms.of(
        "eligibility", "지역혁신선도기업에서 (예비)선도기업이랑 잠재기업 기준이 뭐예요?", {}
    )
    assert "(예비)선도기업" in terms.definable
    chunk = Chunk("c", "d", "x.txt", "선도기업", 1, "", 0, 10, "")
    span = "※ <참고> (예비)선도기업 : 41개 주력산업별 혁신성·성장성 상위 30% 이내 기업"
    parts = score_parts(terms, span, Hit(chunk, 1.0, 1))
    assert parts is not None and parts["definition"] == 4.0
    plain = QuestionTerms.of("eligibility", "(예비)선도기업 신청 가능해요?", {})
    assert score_parts(plain, span, Hit(chunk, 1.0, 1))["definition"] == 2.0  # type: ignore[index]


def test_a_phone_right_after_the_office_asked_about_leads() -> None:
    """Real lines of the 연구인력 notice: the row that lists 호서대 among four centres gives 한국교통대's
    number; the line that opens with (호서대학교) gives 호서대's."""
    doc = (
        "연구인력혁신센터 (한국교통대, 전북대, 국립창원대, 호서대)\t연구인력 현장맞춤형 양성 지원\t"
        "(한국교통대학교) (043) 841-5637, 849-1714\n(전북대학교) (063) 270-3656, 3921, 219-5399\n"
        "(호서대학교) (041) 540-5369, 5379\n"
    )
    listing, own = doc.split("\n")[0], "(호서대학교) (041) 540-5369, 5379"
    idf = {"호서대": 6.0, "연구인력": 2.0, "현장맞춤형": 4.0, "양성": 3.0}
    picked = _select("contact", "연구인력 현장맞춤형 양성 호서대 센터 전화번호", doc, [listing, own], idf)
    assert picked[0] == own


def test_an_eligibility_rule_labelled_with_the_participant_s_other_name_answers() -> None:
    """Real lines of the 산재예방 notice: 도입기업 is called 공동연구개발기관 where its conditions are set;
    the table row that names 도입기업 itself only says how a consortium is made up."""
    row = (
        "②도입기업(필수)\n위탁연구개발기관(선택)\t주관연구개발기관으로부터 기술개발사업 과제의 일부를 위탁받아 "
        "수행하는 기관(대학, 연구소, 기업 등)\n* 컨소시엄 : 공급기업(주관) + 도입기업(공동, 2개사 이상 필수 참여)"
    )
    rule = (
        "□ (공동연구개발기관) 「중소기업기본법」 제2조(중소기업자의 범위)에서 정한 중소기업으로, 아래에 모두 "
        "해당하는 기업\n① 상시근로자 50인 미만 기업\n② 공장등록증명서를 보유한 제조기업"
    )
    intro = "주관연구개발기관(공급기업)과 2개 이상의 공동연구개발기관(도입기업)의 참여가 필수입니다."
    doc = f"{intro}\n구 분\t지원 대상\t비고\n{row}\n3. 신청자격 등\n{rule}\n"
    idf = {"도입": 5.0, "조건": 3.0, "산재": 4.0}
    question = "산재예방 도입기업으로 들어가려면 조건이 뭐예요?"
    picked = _select("eligibility", question, doc, [row, rule.split("\n")[0], rule], idf)
    assert picked[0] == rule


def test_minutes_and_pages_are_read_in_their_own_units() -> None:
    minutes = QuestionTerms.of("count", "발표평가 발표는 몇 분이에요?", {}).unit_pattern
    assert minutes is not None and minutes.search("발표 10분, 질의응답 5분")
    assert not minutes.search("2025년 3분기 중 협약")
    pages = QuestionTerms.of("count", "사업계획서는 몇 페이지까지 써야 돼요?", {}).unit_pattern
    assert pages is not None and pages.search("목차(1페이지)를 제외하고 20페이지 내외로 작성")


def test_a_limit_on_the_attribute_asked_about_is_a_threshold() -> None:
    terms = QuestionTerms.of("eligibility", "스타기업 매출 요건은 어떻게 돼요?", {})
    assert terms.threshold is not None
    assert terms.threshold.search("③ ’23년 매출액 50억원 이상 700억원 미만")
    assert not terms.threshold.search("기업당 76백만원 이내 지원")


def test_a_period_is_a_range_a_length_or_an_end_never_a_lone_date() -> None:
    from assistant.evidence import has_value

    for stated in (
        "수행기간 : 협약일로부터 12개월 이내",
        "과업기간: 계약 후 200일",
        "’24. 3.∼’26. 2.",
        "2028년까지 지원",
    ):
        assert has_value("period", stated), stated
    for lone in ("2024년 5월 7일 가나다청장", "○ 공고명: 2024년 가나 기술개발 연구용역", "2024. 5. 7."):
        assert not has_value("period", lone), lone


def test_applying_more_than_once_prefers_the_one_only_rule() -> None:
    """ "둘 다 신청해도 돼요?" is decided by "1개의 과제만 신청할 수 있음", not by the list of fields."""
    terms = QuestionTerms.of("eligibility", "가나 분야랑 다라 분야 둘 다 신청해도 돼요?", {})
    single = QuestionTerms.of("eligibility", "가나 분야로 신청해도 돼요?", {})
    assert terms.several and not single.several
    rule = "□ 본 사업 내에서 1개의 과제만 신청할 수 있음"
    fields = "□ 지원분야 : 가나 분야, 다라 분야"
    one = score_parts(terms, rule, _hit(rule, 0, len(rule)))
    other = score_parts(terms, fields, _hit(fields, 0, len(fields)))
    assert one is not None and one.get("one_only") == ONE_ONLY_PART
    assert other is not None and "one_only" not in other
    alone = score_parts(single, rule, _hit(rule, 0, len(rule)))
    assert alone is not None and "one_only" not in alone
