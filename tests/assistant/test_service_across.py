"""Assistant.ask across programs (open now) and across rounds, on real indexes: the shared session index
(seeds + a few real files) and a small one holding every round of one program."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.grounding import ungrounded_values
from assistant.service import Assistant
from assistant.settings import Settings
from assistant.types import Answer
from tests.conftest import REAL

ROUNDS = (
    "공고_제2025-221호_2025년도_창업성장기술개발사업_디딤돌_제1차_시행계획_공_88051311744894927.hwp",
    "공고_제2025-288호_2025년도_창업성장기술개발사업_디딤돌_제2차_시행계획_공_90469864832283384.hwp",
    "공고_제2025-654호_2026년도_창업성장기술개발사업_디딤돌_제1차_시행계획_공_3689066283272811.hwp",
    "공고문_2025년도_창업도약패키지_일반형_창업기업_모집_수정공고.pdf",
)


def _grounded(assistant: Assistant, answer: Answer, today: dt.date) -> None:
    assert answer.status == "answered" and answer.citations
    for c in answer.citations:
        assert assistant.document_text(c.doc_id)[c.start : c.end] == c.quote
        assert c.page >= 1
    assert set(ungrounded_values(answer.text, [c.quote for c in answer.citations])) <= {today.isoformat()}


@pytest.fixture(scope="module")
def on_day(settings: Settings):  # type: ignore[no-untyped-def]
    """An Assistant over the shared index with another reference day."""
    made: dict[dt.date, Assistant] = {}

    def make(day: dt.date) -> Assistant:
        if day not in made:
            made[day] = Assistant(settings.model_copy(update={"today": day}))
        return made[day]

    return make


@pytest.fixture(scope="module")
def rounds_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    from ingest.pipeline import ingest_paths

    base = tmp_path_factory.mktemp("rounds")
    corpus = base / "corpus"
    corpus.mkdir()
    for name in ROUNDS:
        (corpus / name).write_bytes((REAL / name).read_bytes())
    ingest_paths([corpus], base / "home", span_vectors=False)
    return Settings(
        home=base / "home", corpus=corpus, today=dt.date(2026, 11, 22), span_vectors=False, _env_file=None
    )


def test_open_now_lists_the_programs_whose_window_holds_today(on_day) -> None:  # type: ignore[no-untyped-def]
    day = dt.date(2025, 2, 20)  # 중소기업 연구인력지원사업: '25. 1. 31 ~ '25. 3. 4
    assistant = on_day(day)
    a = assistant.ask("지금 신청할 수 있는 사업 뭐 있어요?")
    _grounded(assistant, a, day)
    assert a.intent == "programs" and a.facts["scope"] == "open_now"
    open_cards = [c for c in assistant.programs() if c.status(day) in ("open", "closing")]
    assert open_cards
    for card in open_cards:
        assert f"「{card.program}」" in a.text
        assert any(c.doc_id == card.doc_id and card.apply_period.quote in c.quote for c in a.citations)  # type: ignore[union-attr]
    closed = [c for c in assistant.programs("closed")]
    assert closed and not any(f"「{c.program}」 [" in a.text for c in closed)


def test_nothing_open_names_the_latest_closed(assistant) -> None:  # type: ignore[no-untyped-def]
    a = assistant.ask("현재 접수 중인 지원사업 알려주세요")  # GILJABI_TODAY=2026-11-22: every window is over
    _grounded(assistant, a, dt.date(2026, 11, 22))
    assert "없습니다" in a.text.split("\n")[0]
    latest = max((c for c in assistant.programs() if c.apply_end), key=lambda c: c.apply_end)  # type: ignore[arg-type,return-value]
    assert any(
        line.startswith("가장 최근에 마감된 사업") and latest.program in line for line in a.text.split("\n")
    )


def test_a_question_about_one_program_is_not_a_list(assistant) -> None:  # type: ignore[no-untyped-def]
    a = assistant.ask("연고산업육성사업 지금 신청할 수 있어요?")
    assert a.intent != "programs" and a.facts.get("scope") is None
    assert all("연고산업" in c.title for c in a.citations)


def test_a_deadline_question_of_a_program_with_rounds_lists_every_round(rounds_settings: Settings) -> None:
    assistant = Assistant(rounds_settings)
    today = dt.date(2026, 11, 22)
    a = assistant.ask("창업성장기술개발사업 디딤돌 마감 언제예요?")
    _grounded(assistant, a, today)
    assert a.facts.get("scope") == "rounds" and a.intent == "deadline"
    items = [line for line in a.text.split("\n") if line[:2] in ("1.", "2.", "3.", "4.")]
    assert len(items) == 3  # 2025 제1차, 2025 제2차, 2026 제1차; the 창업도약패키지 is another program
    assert "2026년" in items[0] and all("[마감]" in line for line in items)
    assert not any("창업도약패키지" in line for line in items)
    # a round named by year and number is answered from that notice alone
    one = assistant.ask("2026년 창업성장기술개발사업 디딤돌 1차 마감 언제예요?")
    assert one.facts.get("scope") != "rounds" and one.status == "answered"
    assert all("2026" in c.source for c in one.citations)
    # a program with one notice gets the usual answer
    leap = assistant.ask("창업도약패키지 마감 언제예요?")
    assert leap.facts.get("scope") != "rounds" and leap.status == "answered"


def test_rounds_put_the_open_round_first(rounds_settings: Settings) -> None:
    day = dt.date(2025, 5, 20)  # inside the 2025 제2차 window (5.15 ~ 5.30)
    assistant = Assistant(rounds_settings.model_copy(update={"today": day}))
    a = assistant.ask("창업성장기술개발사업 접수기간 알려주세요")
    _grounded(assistant, a, day)
    first = next(line for line in a.text.split("\n") if line.startswith("1. "))
    assert "제2차" in first and "[접수중]" in first
