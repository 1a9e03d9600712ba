"""Conflicts between notices of one program: another application deadline, another contact phone.

Two cards are about the same program when their program names are the same (``program_key``: the name
without spaces, brackets and revision words) and they are not two distinct original notices (different
notice numbers, neither a 수정/정정/변경/통합/재공고). When such a pair disagrees on the deadline or on
the number to call, staff see both values and both sources; neither card is silently preferred. A
revision notice that names the notice number it amends (``ProgramCard.cites``) is the one exception: it
says what it amends, so it replaces the older notice and no conflict is shown. A revision linked only by
its name and a later number (``link_amendments``' fallback) keeps that link only while the two agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ingest.card_contacts import is_help_line
from ingest.normalize import find_phones

if TYPE_CHECKING:
    from ingest.card_lines import CardField
    from ingest.cards import ProgramCard

__all__ = ["DEADLINE", "PHONE", "Conflict", "mark_conflicts", "same_program"]

DEADLINE = "접수 마감"
PHONE = "문의 전화"
_MIN_KEY = 4  # a program name shorter than this (after normalising) names nothing in particular
GENERIC_NOTICES = 4


@dataclass(frozen=True)
class Conflict:
    field: str  # DEADLINE | PHONE
    value: str  # this notice's value, as its card shows it
    quote: str  # verbatim from this notice
    other_doc_id: str
    other_source: str
    other_value: str
    other_quote: str


def _notice(card: ProgramCard) -> tuple[int, int] | None:
    from ingest.cards import notice_key

    return notice_key(card.notice_no.value) if card.notice_no else None


def same_program(a: ProgramCard, b: ProgramCard) -> bool:
    """Whether two cards speak of one program's notice: one program name and the same notice number,
    or one program name and one of them a revision notice (수정/정정/변경/통합/재공고) that, when both
    are numbered, came later (its number is the larger)."""
    from ingest.cards import program_key

    if a.doc_id == b.doc_id:
        return False
    key = program_key(a)
    if len(key) < _MIN_KEY or key != program_key(b):
        return False
    na, nb = _notice(a), _notice(b)
    if na is not None and na == nb:
        return True
    if na is not None and nb is not None:
        return bool((a.revision and na > nb) or (b.revision and nb > na))
    return bool(a.revision or b.revision)


def _by_name(cards: Sequence[ProgramCard]) -> list[list[ProgramCard]]:
    """The cards grouped by program name (in their order), without the generic names: a name that
    GENERIC_NOTICES or more distinct notices carry ("…진흥원 용역 구매 입찰") names a kind of notice, not one
    program. Notices count as distinct by their number, or without one by their closing time (the PDF and
    HWP of one notice share it)."""
    from ingest.cards import program_key

    groups: dict[str, list[ProgramCard]] = {}
    for c in cards:
        groups.setdefault(program_key(c), []).append(c)
    return [
        group
        for group in groups.values()
        if len(group) > 1 and len({_notice(c) or c.apply_end or c.doc_id for c in group}) < GENERIC_NOTICES
    ]


def _digits(f: CardField) -> str | None:
    phones = find_phones(f.value)
    return phones[-1].digits if phones else None


def _phone(card: ProgramCard) -> CardField | None:
    """The number a caller is sent to: the program's desk, else the first contact."""
    for f in (card.desk, *card.contacts[:1]):
        if f is not None and _digits(f) is not None:
            return f
    return None


def _numbers(card: ProgramCard) -> set[str]:
    """Every phone number the card lists."""
    return {d for f in (card.desk, *card.contacts) if f is not None and (d := _digits(f)) is not None}


def _office(f: CardField) -> str:
    """The name written beside a contact's number, without spaces."""
    phones = find_phones(f.value)
    name = f.value[: phones[-1].start] if phones else f.value
    return "".join(name.split())


def _phones_disagree(fa: CardField, a: ProgramCard, fb: CardField, b: ProgramCard) -> bool:
    """The numbers to call differ: one notice's number is not among the other's. A call centre or system
    help desk serves every program, so it is compared only with a help line of the same name (two
    documents of one notice often open with different help lines)."""
    if is_help_line(fa.value) or is_help_line(fb.value):
        return is_help_line(fa.value) and _office(fa) == _office(fb) and _digits(fa) != _digits(fb)
    return _digits(fa) not in _numbers(b) or _digits(fb) not in _numbers(a)


def _later_round(a: ProgramCard, b: ProgramCard) -> bool:
    """One window opens after the other has closed: a later round (재공고, 2차), not another deadline for
    the same round."""
    if a.apply_end is None or b.apply_end is None:
        return False
    return bool(
        (a.apply_start is not None and a.apply_start.date() >= b.apply_end.date())
        or (b.apply_start is not None and b.apply_start.date() >= a.apply_end.date())
    )


def _disagreements(a: ProgramCard, b: ProgramCard) -> list[Conflict]:
    """What ``a`` says otherwise than ``b``, seen from ``a``: another closing time for the same round,
    and a number to call (the desk, else the first contact) that the other notice does not list."""
    out: list[Conflict] = []
    if _later_round(a, b):
        return out  # another round may have its own window and its own desk
    pa, pb = a.apply_period, b.apply_period
    if (
        pa is not None
        and pb is not None
        and a.apply_end is not None
        and b.apply_end is not None
        and a.apply_end != b.apply_end
    ):
        out.append(Conflict(DEADLINE, pa.value, pa.quote, b.doc_id, b.source, pb.value, pb.quote))
    pair = _phone_pair(a, b)
    if pair is not None:
        fa, fb = pair
        out.append(Conflict(PHONE, fa.value, fa.quote, b.doc_id, b.source, fb.value, fb.quote))
    return out


def _phone_pair(a: ProgramCard, b: ProgramCard) -> tuple[CardField, CardField] | None:
    """The two numbers that disagree, ``a``'s first: the numbers a caller is sent to (``_phone``), else a
    help line of one office name that the two notices give different numbers (the order in which a
    notice lists its contacts says nothing about which one changed)."""
    fa, fb = _phone(a), _phone(b)
    if fa is not None and fb is not None and _phones_disagree(fa, a, fb, b):
        return fa, fb
    lines_a, lines_b = _help_lines(a), _help_lines(b)
    for office, ha in lines_a.items():
        hb = lines_b.get(office)
        if hb is not None and not {_digits(f) for f in ha} & {_digits(f) for f in hb}:
            return ha[0], hb[0]
    return None


def _help_lines(card: ProgramCard) -> dict[str, list[CardField]]:
    """The card's help lines with a number, by the office name written beside it."""
    out: dict[str, list[CardField]] = {}
    for f in card.contacts:
        if is_help_line(f.value) and _office(f) and _digits(f) is not None:
            out.setdefault(_office(f), []).append(f)
    return out


def _says_what_it_amends(amendment: ProgramCard, target: ProgramCard) -> bool:
    from ingest.cards import notice_key

    own = _notice(target)
    return own is not None and any(notice_key(c) == own for c in amendment.cites)


def _order(card: ProgramCard) -> tuple[int, int]:
    return _notice(card) or (0, 0)


def mark_conflicts(cards: Sequence[ProgramCard]) -> list[ProgramCard]:
    """``cards`` (linked by ``link_amendments``) with ``conflicts`` filled on both cards of every
    disagreeing pair of one program, and the amendment links that rest on a name alone undone for them."""
    by_id = {c.doc_id: c for c in cards}
    unlinked: set[str] = set()  # doc_ids whose ``amends`` link is undone
    for c in cards:
        target = by_id.get(c.amends) if c.amends else None
        if target is not None and not _says_what_it_amends(c, target) and _disagreements(c, target):
            unlinked.add(c.doc_id)
    conflicts: dict[str, list[Conflict]] = {}
    for group in _by_name(cards):
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                linked = (a.amends == b.doc_id and a.doc_id not in unlinked) or (
                    b.amends == a.doc_id and b.doc_id not in unlinked
                )
                if linked or not same_program(a, b):
                    continue
                ab, ba = _disagreements(a, b), _disagreements(b, a)
                if ab:
                    conflicts.setdefault(a.doc_id, []).extend(ab)
                    conflicts.setdefault(b.doc_id, []).extend(ba)
    out: list[ProgramCard] = []
    for c in cards:
        changes: dict[str, object] = {}
        if c.doc_id in unlinked:
            changes["amends"] = None
        if c.amended_by in unlinked:  # the latest amendment that still stands, if any
            left = [o for o in cards if o.amends == c.doc_id and o.doc_id not in unlinked]
            changes["amended_by"] = max(left, key=_order).doc_id if left else None
        if c.doc_id in conflicts:
            changes["conflicts"] = tuple(conflicts[c.doc_id])
        out.append(replace(c, **changes) if changes else c)  # type: ignore[arg-type]
    return out
