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

from ingest.normalize import find_phones

if TYPE_CHECKING:
    from ingest.card_lines import CardField
    from ingest.cards import ProgramCard

__all__ = ["DEADLINE", "PHONE", "Conflict", "mark_conflicts", "same_program"]

DEADLINE = "접수 마감"
PHONE = "문의 전화"
_MIN_KEY = 4  # a program name shorter than this (after normalising) names nothing in particular


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
    """Whether two cards speak of one program's notice (see the module docstring)."""
    from ingest.cards import program_key

    if a.doc_id == b.doc_id:
        return False
    key = program_key(a)
    if len(key) < _MIN_KEY or key != program_key(b):
        return False
    na, nb = _notice(a), _notice(b)
    return not (na is not None and nb is not None and na != nb and not a.revision and not b.revision)


def _phone(card: ProgramCard) -> tuple[str, CardField] | None:
    """(digits, field) of the number a caller is sent to: the program's desk, else the first contact."""
    for f in (card.desk, *card.contacts[:1]):
        if f is None:
            continue
        phones = find_phones(f.value)
        if phones:
            return phones[-1].digits, f
    return None


def _disagreements(a: ProgramCard, b: ProgramCard) -> list[Conflict]:
    """What ``a`` says otherwise than ``b``, seen from ``a``."""
    out: list[Conflict] = []
    if (
        a.apply_end is not None
        and b.apply_end is not None
        and a.apply_end != b.apply_end
        and a.apply_period is not None
        and b.apply_period is not None
    ):
        pa, pb = a.apply_period, b.apply_period
        out.append(Conflict(DEADLINE, pa.value, pa.quote, b.doc_id, b.source, pb.value, pb.quote))
    phone_a, phone_b = _phone(a), _phone(b)
    if phone_a is not None and phone_b is not None and phone_a[0] != phone_b[0]:
        fa, fb = phone_a[1], phone_b[1]
        out.append(Conflict(PHONE, fa.value, fa.quote, b.doc_id, b.source, fb.value, fb.quote))
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
    for i, a in enumerate(cards):
        for b in cards[i + 1 :]:
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
