"""What a 수정공고 changed (assistant.notice_changes): on real notice pairs read from corpus/real, and through
Assistant.ask on the shared session index (its sample corpus holds the TIPS 통합공고 and its 수정 HWPX)."""

from __future__ import annotations

from functools import cache

import pytest

from assistant.notice_changes import (
    amendment_pair,
    changes_answer,
    differences,
    is_change_question,
    names_revision,
    own_list,
)
from assistant.service import Assistant
from ingest.cards import ProgramCard, extract_card, link_amendments
from ingest.pipeline import build_source_doc
from ingest.types import SourceDoc
from tests.conftest import SAMPLE_REAL, real_file

TIPS_ORIGINAL, TIPS_AMENDED = SAMPLE_REAL[1], SAMPLE_REAL[2]
# a pair whose original and amendment both carry a year's "변경사항" table, the amendment its own "수정내용"
PLAN_ORIGINAL = "공고_제2025-331호"
PLAN_AMENDED = "공고_제2025-358호"


@cache
def _doc(fragment: str) -> SourceDoc:
    path = real_file(fragment)
    return build_source_doc(path.read_bytes(), path.name)


def _pair(original: str, amended: str) -> tuple[SourceDoc, SourceDoc, ProgramCard, ProgramCard]:
    a, b = _doc(original), _doc(amended)
    cards = {c.doc_id: c for c in link_amendments([extract_card(a), extract_card(b)])}  # type: ignore[list-item]
    return a, b, cards[a.doc_id], cards[b.doc_id]


def test_change_questions_are_told_from_questions_about_a_notice_or_the_asker() -> None:
    for q in (
        "수정공고에서 뭐가 바뀌었어요?",
        "변경된 내용 알려주세요",
        "정정 사항이 뭐예요?",
        "어떤 점이 달라졌나요?",
    ):
        assert is_change_question(q), q
    for q in (
        "수정공고 마감 언제예요?",  # about the amended notice's content
        "대표자가 변경된 경우 신청 되나요?",  # the asker's own change
        "사업계획 변경사항은 어떻게 신고해요?",
        "작년이랑 뭐가 달라졌어요?",  # another year's notice
        "지원한도 얼마예요?",
    ):
        assert not is_change_question(q), q
    assert names_revision("수정공고 마감 언제예요?") and not names_revision("지원한도 얼마예요?")


def test_the_pair_is_the_amendment_and_the_notice_it_amends() -> None:
    a, b, ca, cb = _pair(TIPS_ORIGINAL, TIPS_AMENDED)
    cards = {ca.doc_id: ca, cb.doc_id: cb}
    for ids in ([a.doc_id], [b.doc_id], [a.doc_id, b.doc_id]):
        assert amendment_pair(cards, ids) == (ca, cb)
    other = extract_card(_doc("연구인력지원사업"))
    assert other is not None and amendment_pair({other.doc_id: other}, [other.doc_id]) is None


def test_the_notice_own_list_is_quoted_and_a_heading_both_notices_carry_is_not_it() -> None:
    a, b, _, _ = _pair(TIPS_ORIGINAL, TIPS_AMENDED)
    spans = own_list(b.text, a.text)
    assert len(spans) >= 2
    intro, items = spans[0], spans[1:]
    assert "수정" in b.text[intro.start : intro.end] and b.text[intro.start : intro.end] not in a.text
    assert all(b.text[s.start : s.end] not in a.text for s in items)

    before, after, _, _ = _pair(PLAN_ORIGINAL, PLAN_AMENDED)
    spans = own_list(after.text, before.text)
    heading = after.text[spans[0].start : spans[0].end]
    assert "수정내용" in heading.replace(" ", "") and "변경사항" not in heading
    assert any("→" in after.text[s.start : s.end] for s in spans[1:])  # "(기존) … → (변경) …" kept
    # read without its original, the amendment's list is still found (by its heading and items)
    assert own_list(after.text) == spans


def test_differing_lines_are_verbatim_slices_of_each_document_most_important_first() -> None:
    a, b, ca, cb = _pair(TIPS_ORIGINAL, TIPS_AMENDED)
    changes = differences(a, b, ca, cb)
    assert len(changes) >= 5
    for ch in changes:
        assert ch.before is not None or ch.after is not None
        old = a.text[ch.before.start : ch.before.end] if ch.before else ""
        new = b.text[ch.after.start : ch.after.end] if ch.after else ""
        assert "".join(old.split()) != "".join(new.split())
    # the notice number, date, title and opening sentence are no change
    assert not any(
        ch.after and cb.notice_no and cb.notice_no.start < ch.after.end and ch.after.start < cb.notice_no.end
        for ch in changes
    )  # type: ignore[union-attr]
    # a criterion that became a fixed amount: quoted from both documents
    limits = [
        ch for ch in changes if ch.before and ch.after and "50억원" in b.text[ch.after.start : ch.after.end]
    ]
    assert limits and "50억원" not in a.text[limits[0].before.start : limits[0].before.end]  # type: ignore[union-attr]
    # fields in the lexicon's order, unnamed ones after; a change of a few letters and no digit comes last
    ranked = [ch.field for ch in changes if ch.field]
    assert ranked and ranked[0] in ("접수기간", "지원대상", "지원한도", "자부담")


def test_the_answer_quotes_before_and_after_and_cites_both_notices() -> None:
    a, b, ca, cb = _pair(TIPS_ORIGINAL, TIPS_AMENDED)
    docs = {a.doc_id: a, b.doc_id: b}
    answer = changes_answer("수정공고에서 뭐가 바뀌었어요?", ca, cb, docs, lambda d, o: "")
    assert answer is not None and answer.status == "answered" and answer.facts["scope"] == "changes"
    for c in answer.citations:
        assert docs[c.doc_id].text[c.start : c.end] == c.quote
    assert {c.doc_id for c in answer.citations} == {a.doc_id, b.doc_id}
    assert answer.facts["change_list"] and all(item in b.text for item in answer.facts["change_list"])
    pairs = [ch for ch in answer.facts["changes"] if ch["before"] and ch["after"]]
    assert pairs
    for ch in answer.facts["changes"]:
        if ch["before"]:
            ref = ch["before_citation"]
            assert ref["doc_id"] == a.doc_id and a.text[ref["start"] : ref["end"]] == ch["before"]
        if ch["after"]:
            ref = ch["after_citation"]
            assert ref["doc_id"] == b.doc_id and b.text[ref["start"] : ref["end"]] == ch["after"]
    first = pairs[0]
    assert f"[{first['before_citation']['n']}] → " in answer.text
    # asking about a field no change touches is left to the normal path
    unchanged = [
        f
        for f in ("접수기간", "지원대상", "지원한도", "자부담", "신청방법", "문의처")
        if f not in {ch["field"] for ch in answer.facts["changes"]}
    ]
    if unchanged:
        assert changes_answer("q", ca, cb, docs, lambda d, o: "", asked=unchanged[:1]) is None


# ---------------------------------------------------------------- through Assistant.ask (session index)


def test_ask_what_the_amendment_changed(assistant: Assistant) -> None:
    a = assistant.ask("팁스 수정공고에서 뭐가 바뀌었어요?")
    assert a.status == "answered" and a.intent == "changes" and a.facts["scope"] == "changes"
    original, amended = a.facts["original"], a.facts["amendment"]
    assert assistant.program(amended).amends == original  # type: ignore[union-attr]
    assert {c.doc_id for c in a.citations} == {original, amended}
    for c in a.citations:
        assert assistant.document_text(c.doc_id)[c.start : c.end] == c.quote
    for ch in a.facts["changes"]:
        for side, doc_id in (("before", original), ("after", amended)):
            if ch[side]:
                ref = ch[f"{side}_citation"]
                assert ref["doc_id"] == doc_id
                assert assistant.document_text(doc_id)[ref["start"] : ref["end"]] == ch[side]


def test_the_amended_notice_is_named_apart_from_the_lead(assistant: Assistant) -> None:
    """Which notice an answer follows is said before the quotes, but it is not a value of what was asked."""
    a = assistant.ask("팁스 수정공고 기준으로 접수 마감은 언제예요?")
    assert a.status == "answered"
    note = next(line for line in a.text.splitlines() if line.startswith("(변경된 공고"))
    assert note not in a.lead
    assert a.text.index(note) < a.text.index("관련 원문입니다")


def test_a_program_without_amendment_says_so_with_its_notice_cited(assistant: Assistant) -> None:
    a = assistant.ask("연구인력지원사업 정정 사항 있어요?")
    assert a.status == "answered" and a.facts["scope"] == "changes" and a.facts["changes"] == []
    assert "없습니다" in a.text and a.citations
    c = a.citations[0]
    assert assistant.document_text(c.doc_id)[c.start : c.end] == c.quote


@pytest.mark.parametrize(
    "question", ["팁스 지원한도는 얼마인가요?", "대표자가 변경된 경우 팁스 신청 되나요?"]
)
def test_other_questions_take_the_path_they_took_before(
    assistant: Assistant, monkeypatch: pytest.MonkeyPatch, question: str
) -> None:
    routed = assistant.ask(question)
    assert routed.facts.get("scope") is None
    from assistant import scopes

    others = tuple(h for h in scopes.SCOPE_HANDLERS if h not in (scopes.compare, scopes.changes))
    monkeypatch.setattr(scopes, "SCOPE_HANDLERS", others)
    before = assistant.ask(question)
    assert (routed.text, routed.status, routed.citations) == (before.text, before.status, before.citations)


def test_among_several_amended_notices_the_one_named_closest_is_taken() -> None:
    """Two sub-programs share a name and each has a 수정공고: the question's own words pick the pair."""
    from ingest.cards import extract_card, link_amendments
    from ingest.pipeline import build_source_doc
    from tests.conftest import real_file

    fragments = (
        "2025-24호_2025년도_중소기업기술혁신개발사업_시행계획",
        "2025-269호",
        "2025-331호",
        "2025-358호",
    )
    paths = [real_file(f) for f in fragments]
    found = [extract_card(build_source_doc(p.read_bytes(), p.name)) for p in paths]
    cards = {c.doc_id: c for c in link_amendments([c for c in found if c is not None])}
    ids = sorted(cards)
    general = amendment_pair(cards, ids, "기술혁신개발사업 시행계획 수정된 내용 알려줘")
    purchase = amendment_pair(cards, ids, "구매연계형 상생협력형 하반기 공고 변경사항")
    assert general is not None and "269" in general[1].source
    assert purchase is not None and "358" in purchase[1].source
