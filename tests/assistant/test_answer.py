"""The deadline lead over the real 연고산업 notice: the application window, its closing hour."""

import datetime as dt
from pathlib import Path

from assistant.answer import _application_first, _lead
from ingest.normalize import find_periods

NOTICE = (
    Path(__file__).resolve().parents[2]
    / "corpus/seeds/2024-12-11_공고_2025년_시군구연고산업육성사업_시행계획_제주_세종.txt"
)


def _block() -> str:
    text = NOTICE.read_text(encoding="utf-8")
    start = text.index("□ 신청기간")
    return text[start : text.index("18:00까지", start) + len("18:00까지")]


def test_the_application_window_comes_before_the_notice_period() -> None:
    block = _block()
    periods = find_periods(block)
    assert periods[0].start is not None and periods[0].start.value.day == 11  # 공고기간 is written first
    first = _application_first(block, periods)[0]
    assert first.start is not None and first.end is not None
    assert (first.start.value.day, first.end.value.hour) == (16, 18)


def test_the_deadline_lead_states_the_window_and_status() -> None:
    lead = _lead("deadline", _block(), 1, dt.date(2024, 12, 23))
    assert lead is not None
    assert "2024년 12월 16일(월) 09:00부터 2024년 12월 27일(금) 18:00까지" in lead
    assert "마감 4일 전" in lead


def test_a_row_that_continues_a_merged_cell_is_quoted_with_the_row_above() -> None:
    """Real rows of the 연구인력 notice's contact table: "고경력 …" shares the office cell of the row above."""
    from assistant.answer import _with_merged_row
    from assistant.evidence import Evidence
    from assistant.types import Hit
    from ingest.types import Chunk

    text = (
        "담당기관(부서)\t문의사항\t전 화\n"
        "주관기관\t한국산업기술진흥협회 (기술인력지원팀)\t신진 연구인력 채용지원\t(02) 3498-8385\n"
        "고경력 연구인력 채용지원\t(02) 3498-8381, 8382\n"
    )
    row = "고경력 연구인력 채용지원\t(02) 3498-8381, 8382"
    start = text.index(row)
    hit = Hit(Chunk("c", "d", "x.hwp", "연구인력", 1, "", 0, len(text), text), 1.0, 1)
    merged = _with_merged_row(Evidence(hit, start, start + len(row), row, 1.0), text)
    assert merged.text.startswith("주관기관\t한국산업기술진흥협회") and merged.text.endswith(row)
    assert text[merged.start : merged.end] == merged.text  # still a verbatim span
    first = text.index("주관기관")
    whole = "주관기관\t한국산업기술진흥협회 (기술인력지원팀)\t신진 연구인력 채용지원\t(02) 3498-8385"
    same = _with_merged_row(Evidence(hit, first, first + len(whole), whole, 1.0), text)
    assert same.text == whole  # a full row under the header stands alone


def test_an_evaluation_is_a_step_whose_date_is_asked() -> None:
    from assistant.answer import asked_event

    assert asked_event("2단계 넘어가는 단계평가는 언제 해요? 날짜 나왔어요?") == "평가"
    assert asked_event("선정평가 신청 마감 언제예요?") is None  # the application window


def test_when_the_grant_is_paid_is_a_step_of_its_own() -> None:
    from assistant.answer import asked_event

    assert asked_event("그거 선정되면 언제 돈 들어와요? 며칠 걸려요?") == "지급"
    assert asked_event("사업화 자금은 언제 지급돼요?") == "지급"
    assert asked_event("창업도약패키지 마감 언제예요?") is None


def test_an_amount_the_asker_states_never_leads() -> None:
    line = "□ 지원내용 : 기업당 최대 2억원 이내 (매출액 30억원 이상 기업은 자부담 20%)"
    asked = "매출 30억인 회사는 기업당 얼마 받을 수 있어요?"
    assert _lead("amount", line, 1, dt.date(2025, 1, 1), asked) == "금액은 '2억원'입니다 [1]."
    only_own = "□ 신청자격 : 매출액 30억원 이상"
    assert _lead("amount", only_own, 1, dt.date(2025, 1, 1), asked) is None


def test_a_phone_number_leads_only_when_a_call_is_asked() -> None:
    line = "◦ 전담기관 : 가나다진흥원 기술사업팀 (☎ 02-123-4567)"
    today = dt.date(2025, 1, 1)
    assert _lead("contact", line, 1, today, "전담기관이 어디예요?") is None  # a name is asked
    for asked in ("전담기관 전화번호 알려주세요", "어디로 문의하면 돼요?", "누구한테 연락해요?"):
        lead = _lead("contact", line, 1, today, asked)
        assert lead is not None and "02-123-4567" in lead, asked
