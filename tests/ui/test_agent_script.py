"""The 상담원 read-out script names the program's own desk, not 1357 (the agent *is* 1357)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from assistant.types import Answer
from ingest.cards import extract_card
from ingest.pipeline import build_source_doc
from ui.agent import Lookup, read_out_script

REAL = Path(__file__).resolve().parents[2] / "corpus" / "real"


def _card(name: str) -> dict[str, object]:
    path = REAL / name
    card = extract_card(build_source_doc(path.read_bytes(), path.name))
    assert card is not None
    return card.to_dict(dt.date(2025, 1, 1))


def _lookup(card: dict[str, object] | None) -> Lookup:
    answer = Answer(
        question="문의처가 어디예요?",
        text="문의처 전화번호는 1357입니다 [1].\n신청은 온라인으로 합니다 [1].",
        status="answered",
        intent="contact",
        program="중견기업-지역 혁신 얼라이언스 지원사업",
    )
    return Lookup(query=answer.question, answer=answer, hits=(), card=card)


def test_script_names_the_desk_instead_of_1357() -> None:
    card = _card("2025년도_중견기업-지역_혁신_얼라이언스_지원사업_공고_80798309539779659.hwpx")
    script = read_out_script(_lookup(card))
    assert "1357" not in script
    assert "사업 담당 문의처는 한국산업기술진흥원 중견기업혁신실 02-6009-3505입니다." in script
    assert "신청은 온라인으로 합니다." in script


def test_script_without_a_desk_says_the_notice_gives_none() -> None:
    card = _card(
        "공고_제2025-654호_2026년도_창업성장기술개발사업_디딤돌_제1차_시행계획_공_3689066283272811.hwp"
    )
    script = read_out_script(_lookup(card))
    assert "직통 번호가 따로 나와 있지 않습니다" in script


def test_the_agent_program_list_filters_like_the_api(assistant, settings) -> None:  # type: ignore[no-untyped-def]
    from ui.agent import filtered_programs
    from ui.backend import BackendError, LocalBackend

    backend = LocalBackend(assistant, settings)
    every = filtered_programs(backend)
    # each notice once: the 팁스 notice and its 수정공고 are one row (the amendment)
    assert len(every) == len({c["doc_id"] for c in every}) and len(every) < len(backend.programs())
    assert not any(c.get("amended_by") in {x["doc_id"] for x in every} for c in every)
    closed = filtered_programs(backend, status="closed", ministry="중기부")
    assert closed and all(c["status"] == "closed" for c in closed)
    jeju = filtered_programs(backend, region="제주")
    gyeonggi = filtered_programs(backend, region="경기")
    assert any("시군구연고산업" in c["program"] for c in jeju)
    assert not any("시군구연고산업" in c["program"] for c in gyeonggi)
    assert [c["program"] for c in filtered_programs(backend, q="연고산업")] == [
        c["program"] for c in jeju if "연고산업" in c["program"]
    ]
    try:
        filtered_programs(backend, region="없는곳")
    except BackendError as exc:
        assert "지역" in exc.reason
    else:
        raise AssertionError("an unknown region must be named")
