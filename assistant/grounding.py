"""Grounding guard: every checkable value in a generated answer must appear in a cited passage.

Checkable values are dates, times, amounts, ratios, phone numbers and any other number. They are parsed
with ``ingest.normalize`` and compared by normalised value — a date as (year, month, day) or (month, day)
when the answer omits the year, a time as (hour, minute), an amount in won, a ratio in percent, a phone as
its digits — so "12월 27일" is grounded by "2024.12.27.(금)", "5천만원" by "5,000만원" or "50백만원" and
"18:00" by "18시". Whatever the normaliser does not recognise is matched as a digit sequence. Comparison
is whitespace-insensitive throughout.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ingest.normalize import find_amounts, find_dates, find_phones, find_ratios

__all__ = ["cited_numbers", "extract_checkable_values", "ungrounded_values"]

# "[1]", "[1, 3]" — the citation markers of a generated text (not values to check)
CITATION_MARKER = re.compile(r"\[\s*(\d{1,3}(?:\s*,\s*\d{1,3})*)\s*\]")
# "1. ", "2) ", "(3) " at the start of a line: list numbering, not a value
_LIST_NUMBER = re.compile(r"(?m)^[ \t]*(?:[-*•]\s*)?(?:\d{1,2}[.)]|\(\d{1,2}\))(?=\s)")
_TIME = re.compile(
    r"(?:(?P<ampm>오전|오후)\s*)?"
    r"(?:(?<!\d)(?P<h>\d{1,2})\s*:\s*(?P<mi>\d{2})(?!\d)"
    r"|(?<![\d.])(?P<h2>\d{1,2})\s*시(?![간행점도장군청설스험료책기작범상민])(?:\s*(?P<mi2>\d{1,2})\s*분)?)"
)
_NUMBER = re.compile(
    r"(?<!\d)(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)"
    r"(?:\s?(?P<date_part>년도|년|월|일)"
    r"|\s?(?P<counter>개사|개월|개|명|건|곳|회|차|시간|분|점|배|호|위|세|주|쪽|항|조|등급|억|만))?"
)
_APOSTROPHE_YEAR = re.compile(r"[\'’‘`´](\d{2})(?!\d)")
_WS = re.compile(r"\s+")
_SENTINEL_YEAR = 2000  # a leap year; marks dates written without a year


@dataclass(frozen=True)
class _Value:
    start: int
    end: int
    text: str
    kind: str  # "date" | "time" | "amount" | "ratio" | "phone" | "counted" (3개, 30명) | "number"
    date: tuple[int | None, int, int] | None = None  # (year or None, month, day)
    time: tuple[int, int] | None = None
    won: int = 0
    percent: float = 0.0
    digits: str = ""


def _mask(text: str, pattern: re.Pattern[str]) -> str:
    return pattern.sub(lambda m: " " * len(m.group(0)), text)


def _time_of(m: re.Match[str]) -> tuple[int, int] | None:
    h = m.group("h") or m.group("h2")
    hour, minute = int(h), int(m.group("mi") or m.group("mi2") or 0)
    if m.group("ampm") == "오후" and hour < 12:
        hour += 12
    elif m.group("ampm") == "오전" and hour == 12:
        hour = 0
    if hour == 24 and minute == 0:
        return 23, 59
    if hour > 23 or minute > 59:
        return None
    return hour, minute


def _values(text: str) -> list[_Value]:
    """Every checkable value in ``text`` (citation markers and list numbering excluded), in order."""
    masked = _mask(_mask(text, CITATION_MARKER), _LIST_NUMBER)
    found: list[_Value] = []

    def free(start: int, end: int) -> bool:
        return all(end <= v.start or start >= v.end for v in found)

    for d in find_dates(masked, default_year=_SENTINEL_YEAR):
        year = None if d.year_inferred else d.value.year
        time = (d.value.hour, d.value.minute) if d.has_time else None
        found.append(
            _Value(d.start, d.end, d.text, "date", date=(year, d.value.month, d.value.day), time=time)
        )
    for p in find_phones(masked):
        if free(p.start, p.end):
            found.append(_Value(p.start, p.end, p.text, "phone", digits=p.digits))
    for a in find_amounts(masked):
        if free(a.start, a.end):
            found.append(_Value(a.start, a.end, a.text, "amount", won=a.won))
    for r in find_ratios(masked):
        if free(r.start, r.end):
            found.append(_Value(r.start, r.end, r.text, "ratio", percent=r.percent))
    for m in _TIME.finditer(masked):
        t = _time_of(m)
        if t is not None and free(m.start(), m.end()):
            found.append(_Value(m.start(), m.end(), m.group(0).strip(), "time", time=t))
    for m in _NUMBER.finditer(masked):
        if free(m.start(), m.end()):
            kind = "counted" if m.group("counter") else "number"
            found.append(_Value(m.start(), m.end(), m.group(0), kind, digits=m.group("num").replace(",", "")))
    found.sort(key=lambda v: v.start)
    return found


def extract_checkable_values(text: str) -> list[str]:
    """Every date, time, amount, ratio, phone number and other number in ``text``, as written, in order."""
    return [v.text for v in _values(text)]


@dataclass(frozen=True)
class _Evidence:
    """What the quotes contain, normalised once."""

    compact: tuple[str, ...]
    dates: frozenset[tuple[int, int, int]]  # (year, month, day), year stated or inferred from context
    month_days: frozenset[tuple[int, int]]
    times: frozenset[tuple[int, int]]
    wons: frozenset[int]
    percents: frozenset[float]
    phones: frozenset[str]
    numbers: frozenset[str]  # digit runs (thousands commas removed), apostrophe years as 20YY

    @classmethod
    def of(cls, quotes: Iterable[str]) -> _Evidence:
        compact: list[str] = []
        dates: set[tuple[int, int, int]] = set()
        month_days: set[tuple[int, int]] = set()
        times: set[tuple[int, int]] = set()
        wons: set[int] = set()
        percents: set[float] = set()
        phones: set[str] = set()
        numbers: set[str] = set()
        for quote in quotes:
            compact.append(_WS.sub("", quote))
            for d in find_dates(quote):
                dates.add((d.value.year, d.value.month, d.value.day))
                numbers.add(str(d.value.year))
            for d in find_dates(quote, default_year=_SENTINEL_YEAR):
                month_days.add((d.value.month, d.value.day))
                if d.has_time:
                    times.add((d.value.hour, d.value.minute))
            for m in _TIME.finditer(quote):
                t = _time_of(m)
                if t is not None:
                    times.add(t)
            wons.update(a.won for a in find_amounts(quote))
            percents.update(r.percent for r in find_ratios(quote))
            phones.update(p.digits for p in find_phones(quote))
            numbers.update(re.findall(r"\d+(?:\.\d+)?", re.sub(r"(?<=\d),(?=\d{3})", "", quote)))
            numbers.update(f"20{yy}" for yy in _APOSTROPHE_YEAR.findall(quote))
        return cls(
            tuple(compact),
            frozenset(dates),
            frozenset(month_days),
            frozenset(times),
            frozenset(wons),
            frozenset(percents),
            frozenset(phones),
            frozenset(numbers),
        )

    def spelled(self, value: str) -> bool:
        """``value`` occurs verbatim (ignoring whitespace), not glued to other digits."""
        needle = _WS.sub("", value)
        if not needle:
            return True
        pattern = re.compile(
            (r"(?<!\d)" if needle[0].isdigit() else "")
            + re.escape(needle)
            + (r"(?!\d)" if needle[-1].isdigit() else "")
        )
        return any(pattern.search(c) for c in self.compact)

    def _month_day_spelled(self, month: int, day: int) -> bool:
        pattern = re.compile(rf"(?<![\d.])0?{month}\s*[./월]\s*0?{day}(?!\d)")
        return any(pattern.search(c) for c in self.compact)

    def grounds(self, v: _Value) -> bool:
        if self.spelled(v.text):
            return True
        if v.kind == "date":
            assert v.date is not None
            year, month, day = v.date
            if year is None:
                ok = (month, day) in self.month_days or self._month_day_spelled(month, day)
            else:
                ok = (year, month, day) in self.dates or (
                    str(year) in self.numbers
                    and ((month, day) in self.month_days or self._month_day_spelled(month, day))
                )
            return ok and (v.time is None or v.time in self.times)
        if v.kind == "time":
            return v.time in self.times
        if v.kind == "amount":
            return v.won in self.wons
        if v.kind == "ratio":
            return v.percent in self.percents
        if v.kind == "phone":
            return v.digits in self.phones
        if v.kind == "counted":  # "3개", "30명": the count with its counter, as written
            return False
        return v.digits in self.numbers or _number_key(float(v.digits)) in self.numbers


def _number_key(x: float) -> str:
    return str(int(x)) if x == int(x) else str(x)


def ungrounded_values(text: str, quotes: Sequence[str]) -> list[str]:
    """The values in ``text`` that no quote supports (normalisation-aware), in order, without repeats."""
    evidence = _Evidence.of(quotes)
    out: list[str] = []
    for v in _values(text):
        if not evidence.grounds(v) and v.text not in out:
            out.append(v.text)
    return out


def cited_numbers(text: str) -> set[int]:
    """The passage numbers a generated text cites with ``[n]`` (also ``[1, 2]``)."""
    return {int(n) for m in CITATION_MARKER.finditer(text) for n in m.group(1).split(",")}
