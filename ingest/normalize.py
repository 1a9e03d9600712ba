"""Korean dates, periods, amounts, ratios and phone numbers: parsed in one place.

Every mention keeps the original span (``start``/``end`` into the text and the verbatim ``text``),
so a caller can quote exactly what the document says next to the normalised value.

Spellings handled (as they occur in 공고문):

- dates: ``2024.12.27.(금) 18:00``, ``'25.2.1.`` (also ’ ‘ quotes), ``2025. 4. 17.(목)``, ``2025-04-17``,
  ``12월 27일``, ``2025년 4월 17일(목) 16:00까지``; times ``18:00``, ``18시``, ``오후 6시``;
- periods: ``A ~ B`` where B may omit the year (``’25.2.1. ~ 2.28.``), the month (``~ 27일``) or be only a
  time (``~ 18:00``), plus "추후 공지/별도 공지/추후 안내" (``tbd``);
- amounts: ``5천만원``, ``1,233백만원``, ``1조 445억원``, ``최대 7억원/년``, ``2억5천만원``, ``3억 원``;
- ratios: ``5%``, ``10 %``; phones: ``044-204-7570``, ``1811-3655``, ``1357`` (with a phone cue).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

__all__ = [
    "AmountMention",
    "DateMention",
    "Period",
    "PhoneMention",
    "RatioMention",
    "find_amounts",
    "find_dates",
    "find_foreign_amounts",
    "find_periods",
    "find_phones",
    "find_ratios",
    "format_datetime_ko",
    "format_won",
]

WEEKDAYS_KO = "월화수목금토일"


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    value: dt.datetime
    has_time: bool
    year_inferred: bool


@dataclass(frozen=True)
class Period:
    start: DateMention | None
    end: DateMention | None
    text: str
    start_offset: int
    end_offset: int
    tbd: bool  # "추후 공지", "별도 공지", "추후 안내" ...


@dataclass(frozen=True)
class AmountMention:
    start: int
    end: int
    text: str
    won: int
    qualifier: str  # "최대", "이내", "내외", "" ...
    per: str = ""  # "년" for "7억원/년", "" when not stated


@dataclass(frozen=True)
class RatioMention:
    start: int
    end: int
    text: str
    percent: float


@dataclass(frozen=True)
class PhoneMention:
    start: int
    end: int
    text: str
    digits: str


# ---------------------------------------------------------------- dates

_WD = rf"(?:\s*\(\s*[{WEEKDAYS_KO}](?:요일)?\s*\))"
_TIME = (
    r"(?:(?P<ampm>오전|오후)\s*)?"
    r"(?:(?P<h>\d{1,2})\s*:\s*(?P<mi>\d{2})(?!\d)"
    r"|(?P<h2>\d{1,2})\s*시(?!간|행|점|도|장|군|청|설|스|험|료|책|기|작|범|상|민)(?:\s*(?P<mi2>\d{1,2})\s*분)?)"
)
_TIME_TAIL = rf"(?:{_WD}?(?:\s*,?\s*{_TIME})?)"

# 2024.12.27. / 2025. 4. 17. / 2025-04-17 / 2025/4/17 / "2025. 01. 20 .(월)" (a table cell's stray space)
_FULL = re.compile(
    r"(?<![\d.])(?P<y>(?:19|20)\d{2})\s*(?P<sep>[.\-/])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<d>\d{1,2})(?![\d])"
    r"(?:\s?\.(?!\d))?" + _TIME_TAIL
)
# '25.2.1. / ’25. 2. 1.
_SHORT = re.compile(
    r"[\'’‘`´](?P<yy>\d{2})\s*\.\s*(?P<m>\d{1,2})\s*\.\s*(?P<d>\d{1,2})(?!\d)\.?" + _TIME_TAIL
)
# 2025년 4월 17일 / ’25년 4월 17일 / 12월 27일
_KOREAN = re.compile(
    r"(?:(?:(?P<y>(?:19|20)\d{2})|[\'’‘`´](?P<yy>\d{2}))\s*년\s*)?"
    r"(?<!\d)(?P<m>\d{1,2})\s*월\s*(?P<d>\d{1,2})\s*일" + _TIME_TAIL
)
# 4. 17.(목) — month.day without a year, only trusted when a weekday follows
_MD_WEEKDAY = re.compile(
    r"(?<![\d.\-/])(?P<m>\d{1,2})\s*\.\s*(?P<d>\d{1,2})\s*\.?(?=\s*\(\s*[" + WEEKDAYS_KO + r"])" + _TIME_TAIL
)

# pieces that may end a period after "~" (year/month taken from the start)
_END_MD = re.compile(r"(?P<m>\d{1,2})\s*\.\s*(?P<d>\d{1,2})(?!\d)\.?" + _TIME_TAIL)
_END_D = re.compile(r"(?P<d>\d{1,2})\s*일" + _TIME_TAIL)
_END_TIME = re.compile(_TIME)
_RANGE_SEP = re.compile(r"\s*(?:[~∼～〜]|부터|\s[-–—]\s?)\s*")
_TBD = re.compile(r"(?:추후|별도|추가)\s*(?:공지|안내|공고|통보|게시)")


def _time_of(m: re.Match[str]) -> tuple[int, int] | None:
    h = m.group("h") or m.group("h2")
    if h is None:
        return None
    hour = int(h)
    minute = int(m.group("mi") or m.group("mi2") or 0)
    ampm = m.group("ampm")
    if ampm == "오후" and hour < 12:
        hour += 12
    elif ampm == "오전" and hour == 12:
        hour = 0
    if hour == 24 and minute == 0:
        return 23, 59
    if hour > 23 or minute > 59:
        return None
    return hour, minute


def _make(
    text: str, m: re.Match[str], year: int, month: int, day: int, year_inferred: bool
) -> DateMention | None:
    try:
        value = dt.datetime(year, month, day)
    except ValueError:
        return None
    t = _time_of(m)
    has_time = t is not None
    if t is not None:
        value = value.replace(hour=t[0], minute=t[1])
    start, end = m.start(), m.end()
    # do not keep trailing spaces or dots that belong to nothing
    while end > start and text[end - 1] in " \t":
        end -= 1
    return DateMention(start, end, text[start:end], value, has_time, year_inferred)


def _year_from(m: re.Match[str]) -> int | None:
    gd = m.groupdict()
    if gd.get("y"):
        return int(gd["y"])
    if gd.get("yy"):
        return 2000 + int(gd["yy"])
    return None


def find_dates(text: str, default_year: int | None = None) -> list[DateMention]:
    """All dates in ``text``, in order, without overlaps.

    A date without a year takes ``default_year`` when given, else the year of the nearest earlier
    date that states one; when neither exists it is skipped. Such dates have ``year_inferred=True``.
    """
    found: list[tuple[re.Match[str], int | None]] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    for rx in (_FULL, _SHORT, _KOREAN, _MD_WEEKDAY):
        for m in rx.finditer(text):
            if not free(m.start(), m.end()):
                continue
            found.append((m, _year_from(m)))
            taken.append((m.start(), m.end()))
    found.sort(key=lambda x: x[0].start())

    out: list[DateMention] = []
    last_year: int | None = None
    for m, year in found:
        inferred = year is None
        if year is None:
            year = default_year if default_year is not None else last_year
        if year is None:
            continue
        mention = _make(text, m, year, int(m.group("m")), int(m.group("d")), inferred)
        if mention is None:
            continue
        if not inferred:
            last_year = year
        out.append(mention)
    return out


def _end_part(text: str, pos: int, start: DateMention) -> DateMention | None:
    """Parse the end of a period at ``pos``: a full date, ``M.D.``, ``D일`` or a bare time."""
    sv = start.value
    for rx in (_FULL, _SHORT, _KOREAN):
        m = rx.match(text, pos)
        if m:
            year = _year_from(m)
            inferred = year is None
            year = year if year is not None else sv.year
            d = _make(text, m, year, int(m.group("m")), int(m.group("d")), inferred)
            if d is not None and inferred and d.value < sv.replace(hour=0, minute=0):
                d = _make(text, m, year + 1, int(m.group("m")), int(m.group("d")), True)
            return d
    m = _END_MD.match(text, pos)
    if m:
        d = _make(text, m, sv.year, int(m.group("m")), int(m.group("d")), True)
        if d is not None and d.value < sv.replace(hour=0, minute=0):
            d = _make(text, m, sv.year + 1, int(m.group("m")), int(m.group("d")), True)
        return d
    m = _END_D.match(text, pos)
    if m:
        return _make(text, m, sv.year, sv.month, int(m.group("d")), True)
    m = _END_TIME.match(text, pos)
    if m:
        t = _time_of(m)
        if t is None:
            return None
        end = m.end()
        return DateMention(
            m.start(), end, text[m.start() : end], sv.replace(hour=t[0], minute=t[1]), True, True
        )
    return None


def find_periods(text: str, default_year: int | None = None) -> list[Period]:
    """Date ranges (``A ~ B``) and "추후 공지"-style placeholders, in order of appearance."""
    dates = find_dates(text, default_year)
    periods: list[Period] = []
    used_until = -1
    for i, d in enumerate(dates):
        if d.start < used_until:
            continue
        sep = _RANGE_SEP.match(text, d.end)
        if sep is None:
            continue
        end = _end_part(text, sep.end(), d)
        if end is None:
            continue
        # the end must not run past the next full date (which _end_part would have parsed anyway)
        nxt = dates[i + 1] if i + 1 < len(dates) else None
        # (unless that date's year was only inferred: the end takes the start's year, not the default)
        if nxt is not None and nxt.start == end.start and not nxt.year_inferred:
            end = nxt
        if end.value < d.value:
            continue
        periods.append(Period(d, end, text[d.start : end.end], d.start, end.end, False))
        used_until = end.end
    for m in _TBD.finditer(text):
        periods.append(Period(None, None, m.group(0), m.start(), m.end(), True))
    periods.sort(key=lambda p: p.start_offset)
    return periods


# ---------------------------------------------------------------- amounts

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_UNIT = r"조|억|천만|백만|십만|만|천|백"
_UNIT_VALUE = {
    "조": 10**12,
    "억": 10**8,
    "천만": 10**7,
    "백만": 10**6,
    "십만": 10**5,
    "만": 10**4,
    "천": 10**3,
    "백": 10**2,
    "": 1,
}
_GROUP = re.compile(rf"(?P<num>{_NUM})\s*(?P<unit>{_UNIT})?")
_AMOUNT = re.compile(
    rf"(?<![\d,.\-])(?P<body>(?:(?:{_NUM})\s*(?:{_UNIT})\s*)*(?:{_NUM})\s*(?:{_UNIT})?)"
    r"(?P<won>\s*원)?"
    r"(?P<per>\s*/\s*(?:년|연|과제|기업|개사|건|월|개월))?"
)
_PREFIX_Q = re.compile(r"(최대|최고|최소|총|약|연\s*최대|연간\s*최대|연|월|평균)\s*$")
_SUFFIX_Q = re.compile(r"^\s*(이내|내외|이하|이상|미만|초과|한도|수준|정도)")
_COUNTER_AFTER = re.compile(r"^\s*(?:명|개|건|호|회|차|년|일|월|위|점|%|세|배|달러|불|\$|USD|톤|주|시간)")


def _parse_amount(body: str) -> int | None:
    total = 0
    last_unit = None
    for g in _GROUP.finditer(body):
        num = float(g.group("num").replace(",", ""))
        unit = g.group("unit") or ""
        value = _UNIT_VALUE[unit]
        if (
            last_unit is not None
            and value >= last_unit
            and unit in ("조", "억", "만", "천만", "백만", "십만")
        ):
            return None  # units must descend: "1억 2조" is not an amount
        last_unit = value
        total += round(num * value)
    return total


def find_amounts(text: str) -> list[AmountMention]:
    """Money amounts. A number needs ``원`` after it, or a 억/조 unit (``5억``); "(단위: 백만원)" is ignored."""
    out: list[AmountMention] = []
    for m in _AMOUNT.finditer(text):
        body = m.group("body")
        units = re.findall(_UNIT, body)
        has_won = m.group("won") is not None
        if not has_won and not any(u in ("억", "조") for u in units):
            continue
        if not has_won and _COUNTER_AFTER.match(text[m.end() :]):
            continue
        if (
            not has_won
            and units == ["조"]
            and re.search(r"제\s*$", text[max(0, m.start("body") - 3) : m.start("body")])
        ):
            continue  # "제2조": an article of a law, not two trillion won
        won = _parse_amount(body)
        if won is None or won == 0:
            continue
        end = m.end("won") if has_won else m.end("body")
        if m.group("per"):
            end = m.end("per")
        start = m.start("body")
        before = text[max(0, start - 12) : start]
        qualifier = ""
        per = ""
        pm = _PREFIX_Q.search(before)
        if pm:
            qualifier = re.sub(r"\s+", " ", pm.group(1))
            if qualifier in ("연", "월"):
                qualifier, per = "", "년" if qualifier == "연" else "월"
            elif qualifier.startswith("연"):
                qualifier, per = qualifier.split(" ")[-1].removeprefix("연간").removeprefix("연"), "년"
        else:
            sm = _SUFFIX_Q.match(text[end : end + 8])
            if sm:
                qualifier = sm.group(1)
        if m.group("per"):
            per = m.group("per").split("/")[-1].strip().replace("연", "년")
        out.append(AmountMention(start, end, text[start:end], won, qualifier, per))
    return out


def format_won(won: int) -> str:
    """Plain Korean amount: 50_000_000 → "5천만원", 1_233_000_000 → "12억 3,300만원"."""
    if won < 0:
        return "-" + format_won(-won)
    if won == 0:
        return "0원"
    jo, rest = divmod(won, 10**12)
    eok, rest = divmod(rest, 10**8)
    man, one = divmod(rest, 10**4)
    parts: list[str] = []
    if jo:
        parts.append(f"{jo:,}조")
    if eok:
        parts.append(f"{eok:,}억")
    if man:
        if man % 1000 == 0:
            parts.append(f"{man // 1000}천만")
        else:
            parts.append(f"{man:,}만")
    if one:
        parts.append(f"{one:,}")
    return " ".join(parts) + "원"


def format_datetime_ko(value: dt.datetime | dt.date, has_time: bool = False) -> str:
    """``2024년 12월 27일(금) 18:00`` (time only when ``has_time``)."""
    s = f"{value.year}년 {value.month}월 {value.day}일({WEEKDAYS_KO[value.weekday()]})"
    if has_time and isinstance(value, dt.datetime):
        s += f" {value.hour:02d}:{value.minute:02d}"
    return s


# ---------------------------------------------------------------- ratios

_RATIO = re.compile(r"(?<![\d.])(?P<num>\d{1,3}(?:\.\d+)?)\s*(?:%|％|퍼센트)")


# a share as statutes write it: "100분의 75 이하", "1,000분의 25"
_FRACTION = re.compile(r"(?<![\d.,])(?P<den>10|100|1,?000)\s*분의\s*(?P<num>\d{1,4}(?:\.\d+)?)(?![\d.])")


# a sum in another currency: "15,000RMB/월", "753,000USD", "3만 달러", "US$ 2,000", "€500"
_CURRENCY = r"RMB|CNY|위안|USD|US\s*달러|달러|JPY|엔화|엔(?![가-힣])|EUR|유로|GBP|파운드|CHF|스위스\s*프랑"
_FOREIGN = re.compile(
    rf"(?<![\d,.])\d[\d,]*(?:\.\d+)?\s*(?:만|천|백만|억)?\s*(?:{_CURRENCY})(?![A-Za-z])"
    rf"|(?:US\s*\$|\$|€|£|¥)\s*\d[\d,]*(?:\.\d+)?"
)


def find_foreign_amounts(text: str) -> list[str]:
    """Sums of money in a currency other than won, as written ("15,000RMB", "3만 달러", "US$ 2,000")."""
    return [m.group(0) for m in _FOREIGN.finditer(text)]


def find_ratios(text: str) -> list[RatioMention]:
    """Percentages ("15%", "20퍼센트") and fractions of 10, 100 or 1,000 ("100분의 10"), in percent."""
    found = [
        RatioMention(m.start(), m.end(), m.group(0), float(m.group("num"))) for m in _RATIO.finditer(text)
    ]
    for m in _FRACTION.finditer(text):
        share = 100 * float(m.group("num")) / float(m.group("den").replace(",", ""))
        found.append(RatioMention(m.start(), m.end(), m.group(0), share))
    return sorted(found, key=lambda r: r.start)


# ---------------------------------------------------------------- phones

_PHONE_FULL = re.compile(
    r"(?<![\d\-.,])(?:\(\s*)?(?P<a>0\d{1,2})\s*(?:\)\s*|[-.]\s?)(?P<b>\d{3,4})\s?[-.]\s?(?P<c>\d{4})(?![\d\-.]\d)"
)
_PHONE_REP = re.compile(r"(?<![\d\-.,])(?P<a>1[5-8]\d{2})-(?P<b>\d{4})(?![\d\-]|\s*[년월일호])")
_PHONE_SHORT = re.compile(r"(?<![\d\-.,:/])(?P<a>1\d{2,3})(?![\d,.\-:/%])")
# "☎1877 - 2041": a representative number spaced around its hyphen, read only right after a phone cue
_PHONE_REP_SPACED = re.compile(r"(?<![\d\-.,])(?P<a>1[5-8]\d{2})\s+-\s*(?P<b>\d{4})(?![\d\-]|\s*[년월일호])")
_SHORT_CUE_BEFORE = re.compile(
    r"(?:☎|☏|📞|국번\s*없이|콜센터|전화|문의|연락처|Tel|TEL|tel|T\s*[.:])\s*[:：)(]?\s*$"
)
_SHORT_CUE_AFTER = re.compile(r"^\s*[)(]?\s*\(?\s*(?:[가-힣\s]{0,10}콜센터|번)")
_SHORT_NOT_AFTER = re.compile(
    r"^\s*(?:년|원|개|명|호|만|억|천|백|건|점|위|차|회|일|월|시|분|조|항|쪽|페이지|p)"
)
KNOWN_SHORT_NUMBERS = frozenset({"1357"})  # 중소기업 통합콜센터


def find_phones(text: str) -> list[PhoneMention]:
    """Phone numbers; bare short numbers (``1357``) only with a phone cue or when well known."""
    out: list[PhoneMention] = []
    taken: list[tuple[int, int]] = []
    for m in _PHONE_FULL.finditer(text):
        s = m.start()
        if text[s] == "(" and ")" not in text[m.end("a") : m.start("b")]:
            s = m.start("a")  # "(044-204-7570)": the bracket is not part of the number
        out.append(PhoneMention(s, m.end(), text[s : m.end()], m.group("a") + m.group("b") + m.group("c")))
        taken.append((m.start(), m.end()))
    for m in _PHONE_REP.finditer(text):
        if any(not (m.end() <= a or m.start() >= b) for a, b in taken):
            continue
        out.append(PhoneMention(m.start(), m.end(), m.group(0), m.group("a") + m.group("b")))
        taken.append((m.start(), m.end()))
    for m in _PHONE_REP_SPACED.finditer(text):
        if any(not (m.end() <= a or m.start() >= b) for a, b in taken):
            continue
        if not _SHORT_CUE_BEFORE.search(text[max(0, m.start() - 12) : m.start()]):
            continue
        out.append(PhoneMention(m.start(), m.end(), m.group(0), m.group("a") + m.group("b")))
        taken.append((m.start(), m.end()))
    for m in _PHONE_SHORT.finditer(text):
        if any(not (m.end() <= a or m.start() >= b) for a, b in taken):
            continue
        after = text[m.end() : m.end() + 15]
        if _SHORT_NOT_AFTER.match(after):
            continue
        before = text[max(0, m.start() - 12) : m.start()]
        digits = m.group("a")
        cued = bool(_SHORT_CUE_BEFORE.search(before)) or bool(_SHORT_CUE_AFTER.match(after))
        if not cued and digits not in KNOWN_SHORT_NUMBERS:
            continue
        if len(digits) == 3 and not _SHORT_CUE_BEFORE.search(before):
            continue  # 3-digit numbers (110, 120) only right after an explicit cue
        out.append(PhoneMention(m.start(), m.end(), digits, digits))
    out.sort(key=lambda p: p.start)
    return out
