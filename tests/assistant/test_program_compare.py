"""Two programs side by side (assistant.program_compare): the period row on real notices, and comparisons
through Assistant.ask on the shared session index."""

from __future__ import annotations

import pytest

from assistant.grounding import ungrounded_values
from assistant.program_compare import MISSING, ROWS, is_compare_question, period_field
from assistant.service import Assistant
from ingest.pipeline import build_source_doc
from tests.conftest import TODAY, real_file
from ui.chat import comparison_table


def _doc(fragment: str):  # type: ignore[no-untyped-def]
    path = real_file(fragment)
    return build_source_doc(path.read_bytes(), path.name)


def test_compare_cues() -> None:
    for q in ("A랑 B 차이가 뭐예요?", "A와 B 비교해 주세요", "A vs B", "A하고 B 뭐가 달라요?"):
        assert is_compare_question(q), q
    assert not is_compare_question("A 마감 언제예요?")


def test_the_period_is_a_labelled_value_not_a_worked_example() -> None:
    doc = _doc("농업기초기반전문기술인재양성사업")
    f = period_field(doc)
    assert f is not None and doc.text[f.start : f.end] == f.quote and f.quote.startswith("지원기간")
    collabo = _doc("Collabo_R_D사업")
    found = period_field(collabo)
    assert (
        found is None or "경우" not in found.quote
    )  # "* 예) 연구개발기간 8개월 … 지원한 경우임" is no period


def test_two_programs_side_by_side_each_cell_quoted_and_cited(assistant: Assistant) -> None:
    a = assistant.ask("팁스랑 연구인력지원사업 차이가 뭐예요?")
    assert a.status == "answered" and a.intent == "compare" and a.facts["scope"] == "compare"
    table = a.facts["comparison"]
    left, right = table["left"], table["right"]
    assert left["doc_id"] != right["doc_id"]
    assert "팁스" in left["program"] and "연구인력" in right["program"]
    assert [row["field"] for row in table["rows"]] == list(ROWS)
    cited = 0
    for row in table["rows"]:
        for side, card in (("left", left), ("right", right)):
            cell = row[side]
            if cell["citation"] is None:
                assert cell["value"] == MISSING and cell["quote"] == ""
                continue
            cited += 1
            ref = cell["citation"]
            text = assistant.document_text(ref["doc_id"])
            assert ref["doc_id"] == card["doc_id"] and cell["quote"] in text[ref["start"] : ref["end"]]
    assert cited >= 6
    for c in a.citations:
        assert assistant.document_text(c.doc_id)[c.start : c.end] == c.quote
    assert set(ungrounded_values(a.text, [c.quote for c in a.citations])) <= {TODAY.isoformat()}
    # the chat shows the same table
    rows = comparison_table(a.facts)
    assert [r["항목"] for r in rows] == list(ROWS) and set(rows[0]) == {
        "항목",
        left["program"],
        right["program"],
    }
    assert comparison_table({"scope": "open_now"}) == []


def test_two_parts_naming_one_program_are_no_comparison(assistant: Assistant) -> None:
    a = assistant.ask("팁스 일반트랙과 딥테크 트랙 차이가 뭐예요?")
    assert a.facts.get("scope") != "compare"


@pytest.mark.parametrize(
    "question", ["연구인력지원사업 신청 방법 알려주세요", "팁스 일반트랙 지원대상이 어떻게 돼요?"]
)
def test_other_questions_take_the_path_they_took_before(
    assistant: Assistant, monkeypatch: pytest.MonkeyPatch, question: str
) -> None:
    routed = assistant.ask(question)
    assert routed.facts.get("scope") not in ("compare", "changes")
    from assistant import scopes

    others = tuple(h for h in scopes.SCOPE_HANDLERS if h not in (scopes.compare, scopes.changes))
    monkeypatch.setattr(scopes, "SCOPE_HANDLERS", others)
    before = assistant.ask(question)
    assert (routed.text, routed.status, routed.citations) == (before.text, before.status, before.citations)
