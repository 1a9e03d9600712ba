"""Filters over program cards: status as of a day, a text query, a region, an issuing ministry or agency.

Cards have no region field of their own. A card's regions are those its issuing body names ("경기도" →
경기) or, failing that, those its title names ("… 시행계획 공고(제주, 세종)" → 제주, 세종); a card that
names none is nationwide, and a region filter keeps it (a company anywhere may apply). A card's
ministry is its issuing body (``ministry``: the body before the notice number, the head's signature or
the notice's signature line of bodies) and its managing agency (``agency``: 전문기관/전담기관); a ministry
filter matches either, by name or by a short name of the lexicon's aliases ("중기부" → 중소벤처기업부).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from assistant.lexicon import table
from ingest.cards import ProgramCard

__all__ = [
    "STATUSES",
    "ProgramFilter",
    "card_kinds",
    "place_named",
    "card_regions",
    "kinds_named",
    "listed",
    "ministries_named",
    "regions_named",
    "squash",
]

STATUSES = ("open", "closing", "closed", "upcoming", "unknown")
_DROPPED = re.compile(r"[\s·ㆍ_\-()（）\[\]‘’'\"「」『』<>.,]+")


def squash(text: str) -> str:
    """Lower case without spaces, brackets and punctuation: "R&D 사업" and "r&d사업" compare equal."""
    return _DROPPED.sub("", text).lower()


@cache
def _regions() -> dict[str, tuple[str, ...]]:
    return {name: tuple(spellings) for name, spellings in table("region").items()}


@cache
def _kinds() -> dict[str, tuple[str, ...]]:
    return {name: tuple(words) for name, words in table("across", "kinds").items()}


@cache
def _aliases() -> dict[str, tuple[str, ...]]:
    return {k.lower(): tuple(v) for k, v in table("alias").items()}


# what may follow a place name in the same word: a particle or a word of place ("대구에", "경기지역",
# "제주도"), not the rest of another word ("대전환", "경기침체")
_AFTER_PLACE = (
    r"(?=[^가-힣]|$|지역|권|소재|에|의|은|는|이|가|과|와|나|랑|하고|도|시|만|쪽|기업|회사|업체|사업)"
)
# what may follow a kind's word in a question ("창업 관련", "R&D 중에", "스타트업이"), not the rest of a
# program's name ("창업성장기술개발사업" names a program, not the kind 창업)
_AFTER_KIND = (
    r"(?=[^가-힣]|$|관련|쪽|분야|사업|지원|과제|기업|이|가|은|는|을|를|에|의|만|으로|로|중|용|형|나|랑)"
)


def place_named(text: str, spellings: Iterable[str]) -> bool:
    """Whether ``text`` names one of the spellings as a word of its own ("대구 회사", "경기지역", not
    "대전환")."""
    return any(re.search(r"(?<![가-힣])" + re.escape(s) + _AFTER_PLACE, text) for s in spellings)


def regions_named(text: str) -> tuple[str, ...]:
    """The provinces and metropolitan cities a text names, by any of their spellings."""
    return tuple(name for name, spellings in _regions().items() if place_named(text, spellings))


def card_regions(card: ProgramCard) -> tuple[tuple[str, ...], str]:
    """The regions a card is for and where they were read: ("issuer" — its issuing body is a local
    government, "title" — its title names them, "" — nationwide or not stated)."""
    if card.ministry is not None:
        found = regions_named(card.ministry.value)
        if found:
            return found, "issuer"
    found = regions_named(card.title)
    return (found, "title") if found else ((), "")


def kinds_named(question: str) -> tuple[str, ...]:
    """The kinds of program a question names as words of their own ("R&D 중에" → R&D, "스타트업" → 창업;
    not the 창업 inside "창업성장기술개발사업", which names one program)."""
    return tuple(
        kind
        for kind, words in _kinds().items()
        if any(
            re.search(r"(?<![가-힣A-Za-z])" + re.escape(w) + _AFTER_KIND, question, re.IGNORECASE)
            for w in words
        )
    )


def card_kinds(card: ProgramCard) -> tuple[str, ...]:
    """The kinds a card's program name or title holds, inside compounds too ("창업도약패키지" is 창업)."""
    flat = squash(f"{card.program} {card.title}")
    return tuple(kind for kind, words in _kinds().items() if any(squash(w) in flat for w in words))


def _bodies(card: ProgramCard) -> tuple[str, ...]:
    return tuple(f.value for f in (card.ministry, card.agency) if f is not None)


def _body_matches(asked: str, bodies: Sequence[str]) -> bool:
    names = [squash(asked), *(squash(a) for a in _aliases().get(asked.lower(), ()))]
    return any(n and n in squash(b) for n in names for b in bodies)


def ministries_named(text: str, cards: Iterable[ProgramCard]) -> tuple[str, ...]:
    """The issuing bodies and agencies of ``cards`` that a text names, in full or by an alias
    ("중기부 사업" → 중소벤처기업부). A local government ("경기도") is a region, not a ministry."""
    flat = squash(text)
    found: dict[str, None] = {}
    for card in cards:
        for body in _bodies(card):
            if regions_named(body):
                continue
            if len(squash(body)) >= 2 and squash(body) in flat:
                found[body] = None
    for short, long_forms in _aliases().items():
        if len(short) >= 2 and squash(short) in flat:
            for long_form in long_forms:
                if any(squash(long_form) == squash(b) for c in cards for b in _bodies(c)):
                    found[long_form] = None
    return tuple(found)


@dataclass(frozen=True)
class ProgramFilter:
    """What a list of program cards is narrowed to; every part is optional."""

    status: str | None = None  # one of STATUSES
    q: str | None = None  # words the program name, title, notice number or source must all hold
    region: str | None = None  # a province or metropolitan city, any spelling ("대구", "경기도")
    ministry: str | None = None  # an issuing body or agency, or its short name ("중기부")

    def __post_init__(self) -> None:
        if self.status is not None and self.status not in STATUSES:
            raise ValueError(f"알 수 없는 상태입니다: {self.status} (가능한 값: {', '.join(STATUSES)})")
        if self.region is not None and self.region.strip() and not regions_named(self.region):
            raise ValueError(f"알 수 없는 지역입니다: {self.region} (예: 서울, 경기, 대구, 제주)")

    def matches(self, card: ProgramCard, today: dt.date) -> bool:
        if self.status is not None and card.status(today) != self.status:
            return False
        if self.q and self.q.strip():
            hay = squash(
                " ".join(
                    [card.program, card.title, card.source, card.notice_no.value if card.notice_no else ""]
                )
            )
            words = [squash(w) for w in self.q.split()]
            if not all(w in hay or _expanded_in(w, hay) for w in words if w):
                return False
        if self.region and self.region.strip():
            regions, _ = card_regions(card)
            if regions and not set(regions) & set(regions_named(self.region)):
                return False
        if self.ministry and self.ministry.strip():  # noqa: SIM102 — one condition a line reads better
            if not _body_matches(self.ministry.strip(), _bodies(card)):
                return False
        return True

    def apply(self, cards: Iterable[ProgramCard], today: dt.date) -> list[ProgramCard]:
        return [c for c in cards if self.matches(c, today)]


def _expanded_in(word: str, hay: str) -> bool:
    """A query word found by its alias ("팁스" → tips)."""
    return any(squash(a) in hay for a in _aliases().get(word, ()))


def listed(card: ProgramCard, today: dt.date) -> dict[str, Any]:
    """A card as the API and the UI list it: its fields, its status as of ``today``, and what the filters
    read — ``regions`` with ``region_source`` ("issuer" | "title" | "" = nationwide or not stated), and
    ``kinds`` (R&D, 창업 … named by its program name or title)."""
    d = card.to_dict(today)
    regions, source = card_regions(card)
    d["regions"] = list(regions)
    d["region_source"] = source
    d["kinds"] = list(card_kinds(card))
    return d
