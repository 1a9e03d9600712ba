"""Rounds of one program: notices whose program names differ only by year and round markers.

"2025년 창업성장기술개발사업(디딤돌) 제1차", "… 제2차" and "2026년 … 제1차" are rounds of one program; so are a
"(재공고)" and the notice it re-issues. The family key is the program name without those markers
(years, "제1차"/"2차", "상반기"/"하반기"/"후반기", "재공고", "수정"), compared without spaces and punctuation.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Protocol, TypeVar

__all__ = ["RoundCard", "family_key", "family_name", "round_order", "rounds_of"]

# year markers: "2025년", "2025년도", "'25년", "2025"
_YEAR = re.compile(r"(?:20\d\d|['’‘]\d\d)\s*(?:년도|년)?")
# round markers: "제1차", "1차", "3차", "상반기", "후반기", "(재공고)", "수정", "신규"
_ROUND = re.compile(r"제?\s*\d{1,2}\s*차|[상하전후]반기|재공고|재공모|수정|정정|변경|통합|신규")
_PUNCT = re.compile(r"[\s·ㆍ_\-()（）\[\]‘’'\"「」『』<>.,]+")


class RoundCard(Protocol):
    """What ordering rounds needs of a card (``ingest.cards.ProgramCard`` has it)."""

    program: str
    apply_start: dt.datetime | None
    apply_end: dt.datetime | None

    def status(self, today: dt.date) -> str: ...

    def posted(self) -> dt.date | None: ...


def family_key(program: str) -> str:
    """The program name without year and round markers, spaces and punctuation: the same for every round
    of one program ("2026년 창업성장기술개발사업(디딤돌) 제1차" → "창업성장기술개발사업디딤돌")."""
    name = _ROUND.sub(" ", _YEAR.sub(" ", program))
    return _PUNCT.sub("", name).lower()


C = TypeVar("C", bound=RoundCard)


def family_name(program: str) -> str:
    """The program name as printed, without its year and round ("2026년 창업성장기술개발사업(디딤돌) 제1차"
    → "창업성장기술개발사업(디딤돌)")."""
    name = _ROUND.sub(" ", _YEAR.sub(" ", program))
    name = re.sub(r"\(\s*\)|（\s*）", " ", name)
    return re.sub(r"\s+", " ", name).strip(" ,·-")


_STATUS_RANK = {"open": 0, "closing": 0, "upcoming": 1, "closed": 2, "unknown": 3}


def round_order(card: RoundCard, today: dt.date) -> tuple[int, float]:
    """Sort key: rounds open now (soonest deadline first), then upcoming (soonest start first), then
    closed (latest first), then those without a window."""
    status = card.status(today)
    rank = _STATUS_RANK.get(status, 3)
    if rank == 0 and card.apply_end is not None:
        return rank, card.apply_end.timestamp()
    if rank == 1:  # opens on its first day, or (a deadline-only notice) on the day it is posted
        posted = card.posted()
        opens = card.apply_start or (dt.datetime.combine(posted, dt.time()) if posted else card.apply_end)
        return rank, opens.timestamp() if opens else 0.0
    if rank == 2 and card.apply_end is not None:
        return rank, -card.apply_end.timestamp()
    return rank, 0.0


def rounds_of(card: C, cards: Sequence[C], today: dt.date) -> list[C]:
    """The cards of ``card``'s program family (itself included), current or next round first."""
    key = family_key(card.program)
    family = [c for c in cards if family_key(c.program) == key] if key else [card]
    return sorted(family, key=lambda c: round_order(c, today))
