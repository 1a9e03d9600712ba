"""Notices of one program that disagree on the deadline or the phone (a real notice and crafted copies of
it, read through the real ingest path)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ingest.cards import ProgramCard, distinct_notices, extract_card, link_amendments
from ingest.normalize import find_phones
from ingest.notice_conflicts import DEADLINE, PHONE, mark_conflicts, same_program
from ingest.pipeline import build_source_doc
from ingest.review import FLAG_CONFLICT, review_documents
from ingest.types import SourceDoc

SEED = Path(__file__).resolve().parents[2] / "corpus" / "seeds"
NOTICE = SEED / "2024-12-11_공고_2025년_시군구연고산업육성사업_시행계획_제주_세종.txt"
FAKE_PHONE = "02-0000-0000"
TODAY = dt.date(2024, 12, 20)


def _read(text: str, name: str) -> SourceDoc:
    return build_source_doc(text.encode("utf-8"), name)


def _card(doc: SourceDoc) -> ProgramCard:
    card = extract_card(doc)
    assert card is not None
    return card


@pytest.fixture(scope="module")
def original() -> tuple[SourceDoc, ProgramCard]:
    doc = _read(NOTICE.read_text(encoding="utf-8"), NOTICE.name)
    card = _card(doc)
    assert card.notice_no is not None and card.apply_period is not None and card.contacts
    return doc, card


def _copy(
    original: tuple[SourceDoc, ProgramCard],
    name: str,
    *,
    revision: bool = True,
    notice_no: str | None = "제2024-700호",
    cite: bool = False,
    other_values: bool = True,
) -> SourceDoc:
    """The original notice as another notice of its program: a 변경 공고 (title), another notice number
    (or none), a line citing the original's number, another closing date and phone."""
    doc, card = original
    assert card.notice_no is not None and card.apply_period is not None
    text = doc.text
    if other_values:
        period = card.apply_period.quote
        end = period.rsplit("~", 1)[1]
        text = text.replace(period, period.replace(end, " 2025.01.31.(금) 18:00"))
        contact = card.contacts[0].quote
        phone = find_phones(contact)[-1].text
        text = text.replace(contact, contact.replace(phone, FAKE_PHONE))
    if cite:
        text = text.replace(
            card.title, f"{card.title}\n{card.notice_no.value} 공고의 접수기간을 변경합니다", 1
        )
    if revision:
        text = text.replace(card.title, card.title.replace("공고", "변경 공고", 1), 1)
    number = card.notice_no.quote
    if notice_no:
        text = text.replace(number, f"공고 {notice_no}", 1)
    else:  # the line that holds the number goes
        at = text.index(number)
        text = text[: text.rfind("\n", 0, at) + 1] + text[text.index("\n", at) + 1 :]
    return _read(text, name)


def test_a_revision_that_does_not_say_what_it_amends_is_a_conflict_on_both_cards(
    original: tuple[SourceDoc, ProgramCard],
) -> None:
    doc, card = original
    fake = _copy(original, "2024-12-18_공고_2025년_시군구연고산업육성사업_변경공고.txt")
    fake_card = _card(fake)
    assert fake_card.revision == "변경" and same_program(card, fake_card)
    assert link_amendments([card, fake_card])[1].amends == card.doc_id  # linked by its name alone ...
    first, second = mark_conflicts(link_amendments([card, fake_card]))
    assert first.amended_by is None and second.amends is None  # ... and that link is undone
    assert {c.field for c in first.conflicts} == {c.field for c in second.conflicts} == {DEADLINE, PHONE}
    deadline = next(c for c in first.conflicts if c.field == DEADLINE)
    assert deadline.other_doc_id == fake.doc_id and deadline.other_source == fake.source
    assert "2024년 12월 27일" in deadline.value and "2025년 1월 31일" in deadline.other_value
    assert doc.text[card.apply_period.start : card.apply_period.end] == deadline.quote  # type: ignore[union-attr]
    assert deadline.other_quote in fake.text
    phone = next(c for c in second.conflicts if c.field == PHONE)
    assert FAKE_PHONE in phone.value and "1357" in phone.other_value and phone.other_source == doc.source
    # both are listed: neither is silently preferred
    listed = distinct_notices([c.to_dict(TODAY) for c in (first, second)])
    assert [c["doc_id"] for c in listed] == [doc.doc_id, fake.doc_id]
    assert listed[0]["conflicts"][0]["other_source"] == fake.source
    review = review_documents([doc, fake], [first, second])
    assert review[doc.doc_id].flags == review[fake.doc_id].flags == [FLAG_CONFLICT]


def test_a_revision_that_cites_the_number_it_amends_replaces_it(
    original: tuple[SourceDoc, ProgramCard],
) -> None:
    _, card = original
    fix = _card(_copy(original, "2024-12-18_공고_2025년_시군구연고산업육성사업_변경공고.txt", cite=True))
    assert fix.cites == (card.notice_no.value,)  # type: ignore[union-attr]
    first, second = mark_conflicts(link_amendments([card, fix]))
    assert second.amends == card.doc_id and first.amended_by == fix.doc_id
    assert first.conflicts == second.conflicts == ()
    listed = distinct_notices([c.to_dict(TODAY) for c in (first, second)])
    assert [c["doc_id"] for c in listed] == [fix.doc_id]


def test_a_revision_without_a_number_is_of_the_same_program(original: tuple[SourceDoc, ProgramCard]) -> None:
    _, card = original
    other = _card(_copy(original, "공고_2025년_시군구연고산업육성사업_변경공고.txt", notice_no=None))
    assert other.notice_no is None and other.revision == "변경"
    first, second = mark_conflicts(link_amendments([card, other]))
    assert {c.field for c in first.conflicts} == {DEADLINE, PHONE} and second.conflicts


def test_an_unnumbered_notice_of_the_same_name_that_is_no_revision_is_another_call(
    original: tuple[SourceDoc, ProgramCard],
) -> None:
    """Calls for tenders and commissioned studies often share one generic title and carry no number."""
    _, card = original
    other = _card(
        _copy(original, "공고_2025년_시군구연고산업육성사업_안내.txt", revision=False, notice_no=None)
    )
    assert not same_program(card, other)


def test_a_later_round_is_no_conflict(original: tuple[SourceDoc, ProgramCard]) -> None:
    """A 재공고 whose window opens when the first one has closed: its own window, its own desk."""
    doc, card = original
    assert card.apply_period is not None and card.apply_end is not None
    period = card.apply_period.quote
    later = period.replace(period.split("~")[0], "2024.12.30.(월) 09:00 ").replace(
        period.rsplit("~", 1)[1], " 2025.01.10.(금) 18:00"
    )
    text = doc.text.replace(period, later).replace(card.title, card.title.replace("공고", "재공고", 1), 1)
    again = _card(_read(text, "공고_2025년_시군구연고산업육성사업_재공고.txt"))
    assert again.revision == "재공고" and same_program(card, again)
    assert again.apply_start is not None and again.apply_start.date() > card.apply_end.date()
    assert [c.conflicts for c in mark_conflicts(link_amendments([card, again]))] == [(), ()]


def test_two_original_notices_with_their_own_numbers_are_two_programs(
    original: tuple[SourceDoc, ProgramCard],
) -> None:
    """Two regions' or rounds' notices under one name, each numbered and neither a revision."""
    _, card = original
    other = _card(_copy(original, "공고_2025년_시군구연고산업육성사업_경북.txt", revision=False))
    assert not same_program(card, other)
    assert [c.conflicts for c in mark_conflicts(link_amendments([card, other]))] == [(), ()]


def test_agreeing_notices_have_no_conflict(original: tuple[SourceDoc, ProgramCard]) -> None:
    _, card = original
    fix = _card(_copy(original, "2024-12-18_공고_변경공고.txt", other_values=False))
    first, second = mark_conflicts(link_amendments([card, fix]))
    assert second.amends == card.doc_id and first.conflicts == second.conflicts == ()
