"""The asker's own company, read from a question ("창업 5년차 제조업체인데 매출 12억, 직원 30명, 대구"):
a :class:`CompanyProfile` a program's eligibility facts are matched against (``assistant.profile_match``).

Every cue — how askers state business age, revenue, head count, their kind of applicant, sector,
certificates and refusal grounds — is the lexicon's ``[profile]`` and ``[eligibility]`` tables; regions are
its ``[region]`` table, and cities its ``[profile.city]`` table (a city names its province). Nothing here names a program.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, fields, replace
from functools import cache

from assistant.lexicon import table
from assistant.program_filters import place_named, regions_named
from ingest.normalize import find_amounts, format_won

__all__ = ["CompanyProfile", "read_profile", "without_profile"]


@dataclass(frozen=True)
class CompanyProfile:
    """What an asker says of their company; ``None`` (or empty) where they say nothing."""

    applicant: str | None = None  # 예비창업자 | 소상공인 | 중소기업 | 중견기업 | 대학 | 연구기관 | 개인
    company: bool = False  # a company of unstated size ("회사", "업체", "법인")
    age_years: float | None = None  # business age (업력)
    revenue_won: int | None = None  # last year's revenue
    employees: int | None = None
    regions: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    certifications: tuple[str, ...] = ()
    lacks: tuple[str, ...] = ()  # certificates the asker says the company does not have
    first_rnd: bool | None = None  # True: has never carried out a government R&D project
    exclusions: tuple[str, ...] = field(default=())  # refusal grounds the asker has (체납, 휴업 …)

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) not in (None, False, ()) for f in fields(self))

    def states_company(self) -> bool:
        """Whether the profile says something of the company itself, beyond where it is or what it does
        ("대구 지역 사업" narrows a list; "대구 회사인데", "업력 5년" describe the asker)."""
        own = (
            self.applicant,
            self.age_years,
            self.revenue_won,
            self.employees,
            self.first_rnd,
            self.certifications,
            self.lacks,
            self.exclusions,
        )
        if any(v not in (None, ()) for v in own):
            return True
        return self.company and bool(self.regions or self.sectors)

    def states_numbers(self) -> bool:
        """Whether the profile holds a fact only an asker says of its own company (업력, 매출, 직원 수, R&D
        done or not, a certificate, a refusal ground), beyond a kind of applicant or a place."""
        facts = (self.age_years, self.revenue_won, self.employees, self.first_rnd)
        return any(v is not None for v in facts) or bool(self.certifications or self.lacks or self.exclusions)

    def kind(self) -> str | None:
        """The applicant kind, a company of unstated size read as a 중소기업."""
        if self.applicant:
            return self.applicant
        if self.company or self.age_years is not None or self.revenue_won is not None or self.employees:
            return "중소기업"
        return None

    def merged(self, other: CompanyProfile) -> CompanyProfile:
        """This profile with ``other``'s stated facts on top (structured fields over free text)."""
        changes = {
            f.name: getattr(other, f.name)
            for f in fields(other)
            if getattr(other, f.name) not in (None, False, ())
        }
        return replace(self, **changes)

    def describe(self) -> str:
        """The profile in a few Korean words ("업력 5년 · 매출 12억원 · 대구 · 제조")."""
        parts: list[str] = []
        if self.applicant:
            parts.append(self.applicant)
        if self.age_years is not None:
            parts.append(f"업력 {_years(self.age_years)}")
        if self.revenue_won is not None:
            parts.append(f"매출 {format_won(self.revenue_won)}" if self.revenue_won else "매출 없음")
        if self.employees is not None:
            parts.append(f"직원 {self.employees}명")
        parts += list(self.regions) + list(self.sectors) + list(self.certifications)
        parts += [f"{c} 없음" for c in self.lacks]
        if self.first_rnd is not None:
            parts.append("R&D 첫 수행" if self.first_rnd else "R&D 수행 경험 있음")
        parts += [f"{e} 해당" for e in self.exclusions]
        return " · ".join(parts)


def _years(value: float) -> str:
    return f"{value:g}년" if value >= 1 else f"{round(value * 12)}개월"


@cache
def _pattern(key: str) -> re.Pattern[str]:
    return re.compile(table("profile")[key], re.IGNORECASE)


def _age(text: str, today: dt.date) -> float | None:
    m = _pattern("age").search(text) or _pattern("age_running").search(text)
    if m is not None:
        n = float(m.group("n"))
        if m.group("unit") == "개월":
            return round(n / 12, 2)
        # "5년차": in the fifth year, so past four; the year count itself is what notices compare
        return n
    m = _pattern("founded").search(text)
    year = None if m is None else int(m.group("y"))
    if year is not None and year < 100:
        year += 2000  # "21년 설립"
    if year is not None and year <= today.year:
        return float(today.year - year)
    return None


_EOK_CHEON = re.compile(r"(\d+)\s*억\s*(\d)\s*천(?!\s*만)(?!\s*원)")


def _revenue(text: str) -> int | None:
    if _pattern("no_revenue").search(text):
        return 0
    for m in _pattern("revenue").finditer(text):
        after = text[m.end() : m.end() + 20]
        short = _EOK_CHEON.match(after)  # "3억 5천": 3억 5천만원, as people say it
        if short:
            return int(short.group(1)) * 10**8 + int(short.group(2)) * 10**7
        amounts = find_amounts(after)
        if amounts and amounts[0].start == 0:
            return amounts[0].won
    return None


def _regions(text: str) -> tuple[str, ...]:
    """The provinces a text names, directly or by one of their cities ("김해에서 …" → 경남)."""
    found = list(regions_named(text))
    for province, cities in table("profile", "city").items():
        if province not in found and place_named(text, cities):
            found.append(province)
    return tuple(found)


_INSTITUTIONS = frozenset({"대학", "연구기관"})  # applicant kinds that hold no company certificates


def _certificates(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The certificates the asker says the company has, and those it says it lacks ("연구소는 아직 없어요")."""
    held: list[str] = []
    lacks: list[str] = []
    asker = table("profile", "certification")
    for name, spellings in table("eligibility", "certification").items():
        words = sorted({*spellings, *asker.get(name, ())}, key=len, reverse=True)
        pattern = "|".join(r"\s*".join(map(re.escape, w.split())) for w in words)
        for m in re.finditer(f"(?:{pattern})", text, re.IGNORECASE):
            if _pattern("lacking").search(_clause(text[m.end() :])):
                lacks.append(name)
            else:
                held.append(name)
    held = [n for n in dict.fromkeys(held)]
    return tuple(held), tuple(n for n in dict.fromkeys(lacks) if n not in held)


def _clause(text: str) -> str:
    """``text`` up to the end of its clause ("연구소 있고 매출은 …" → "연구소 있")."""
    return re.split(r"[.,!?\n]|(?<=[고며])\s", text, maxsplit=1)[0]


def _employees(text: str) -> int | None:
    m = _pattern("employees").search(text)
    return int(m.group("n")) if m else None


def _first_named(text: str, kinds: dict[str, list[str]]) -> str | None:
    """The kind whose word comes first in the text (by position, then by the table's order)."""
    found: list[tuple[int, int, str]] = []
    for order, (kind, words) in enumerate(kinds.items()):
        for w in words:
            i = text.find(w)
            if i >= 0:
                found.append((i, order, kind))
    return min(found)[2] if found else None


def _named_all(text: str, kinds: dict[str, list[str]]) -> tuple[str, ...]:
    squashed = text.replace(" ", "").lower()
    return tuple(
        k for k, words in kinds.items() if any(w.replace(" ", "").lower() in squashed for w in words)
    )


def without_profile(text: str) -> str:
    """``text`` without the words that state a company profile (numbers with their cues, kinds, regions,
    sectors, certificates): what is left may name a program."""
    spans: list[re.Pattern[str]] = [
        _pattern(k)
        for k in ("age", "age_running", "founded", "employees", "first_rnd", "done_rnd", "no_revenue")
    ]
    out = text
    for p in spans:
        out = p.sub(" ", out)
    out = re.sub(
        _pattern("revenue").pattern + r"[\d,.]+\s*(?:조|억|천만|백만|만|천)?\s*(?:\d+\s*천)?\s*(?:만\s*)?원?",
        " ",
        out,
    )
    words: list[str] = []
    for tab in (
        ("profile", "applicant"),
        ("eligibility", "sector"),
        ("eligibility", "certification"),
        ("region",),
        ("profile", "city"),
    ):
        for spellings in table(*tab).values():
            words += spellings
    for w in sorted(words, key=len, reverse=True):
        out = re.sub(re.escape(w), " ", out, flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", out).strip()


def read_profile(text: str, today: dt.date | None = None) -> CompanyProfile:
    """The company facts a question states (an empty profile when it states none)."""
    today = today or dt.date.today()
    first: bool | None = None
    if _pattern("first_rnd").search(text):
        first = True
    elif _pattern("done_rnd").search(text):
        first = False
    exclusions = tuple(k for k, p in table("profile", "exclusion").items() if re.search(p, text))
    applicant = _first_named(text, table("profile", "applicant"))
    # a university's or an institute's "연구소" is itself, not a company's certificate
    held, lacks = ((), ()) if applicant in _INSTITUTIONS else _certificates(text)
    return CompanyProfile(
        applicant=applicant,
        company=_pattern("company").search(text) is not None,
        age_years=_age(text, today),
        revenue_won=_revenue(text),
        employees=_employees(text),
        regions=_regions(text),
        sectors=_named_all(text, table("eligibility", "sector")),
        certifications=held,
        lacks=lacks,
        first_rnd=first,
        exclusions=exclusions,
    )
