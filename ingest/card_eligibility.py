"""Eligibility facts of a notice that a company can be matched on, each with its verbatim quote.

Read from the lines of the notice's eligibility and exclusion blocks (which lines those are, and in what
layout role — exclusion, exception, partner, option, attachment — is ``ingest.eligibility_blocks``):

- ``applicant``: kinds of applicant (예비창업자, 중소기업, 중견기업, 소상공인, 대학 …), each with the ``role`` it is
  named in (lead, partner, barred from the lead: ``ingest.eligibility_roles``)
- ``age``: business age in years (업력 7년 이하, 창업 3년초과 7년이내), ``revenue`` in won (매출액 20억 원 미만),
  ``employees`` in persons (상시근로자 50인 미만): bounds ``low``/``high``
- ``certification`` (벤처기업, 이노비즈, 기업부설연구소, 연구개발전담부서 …), each with the ``group`` of its line
  it belongs to (split at "…를 보유한"), ``sector`` (제조, 문화콘텐츠 …), ``first_rnd`` (R&D를 처음 수행하는 기업),
  ``exclusion`` (휴·폐업, 국세·지방세 체납, 참여제한 …)

A fact read from a note, an exception ("단, …"), a partner's rule, one of alternatives or an attachment is
marked ``unsure``; once a notice names its lead plainly, a kind named elsewhere with no role is unsure too.
No fact is read from a line about scoring or papers, a list of what scores, a definition of a term, a
contact line (a phone number), or an exception to an exclusion; no refusal ground from a heading
("□ … 참여제한 여부") or a note on computing a ratio; no sector from a line admitting every sector ("전 분야")
or a note listing a term's members ("* 가나산업 : A, B, C") or a row of a table of fields. "기업" is a kind only in a list of
institutions or a law's list; a kind inside a named institution ("가나대학교 산학협력단") is no kind; a kind
on a row of a table (a sub-program's row) is unsure, and so is a certificate only some of the blocks
labelled alike (one per sub-program) require. A limit the notice waives for some applicants ("매출액 기준 … 미적용") marks every fact of that
limit ``waived`` (it still rules a company out, with the waiver named). The words are the lexicon's
``[eligibility]`` tables, never a program's phrases. Regions are not read here:
``assistant.program_filters.card_regions`` gives a card's regions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache

from ingest.card_lines import MARKER, Line, clean, split_lines
from ingest.eligibility_blocks import RuleLine, rule_lines
from ingest.eligibility_roles import mention_role
from ingest.normalize import find_amounts, format_won
from ingest.types import SourceDoc

__all__ = ["KINDS", "EligibilityFact", "EligibilityFacts", "extract_eligibility"]

KINDS = (
    "applicant",
    "age",
    "revenue",
    "employees",
    "certification",
    "sector",
    "first_rnd",
    "exclusion",
)
QUOTE_MAX = 160  # an exclusion item's quote is cut to this length
WRAP = 30  # characters of the next line a limit may run onto


@dataclass(frozen=True)
class EligibilityFact:
    kind: str  # one of KINDS
    value: str  # normalised: "중소기업", "업력 7년 이하", "매출액 20억원 미만", "휴·폐업"
    quote: str  # verbatim span of the document text
    page: int
    start: int
    end: int
    low: float | None = None  # age (years), revenue (won), employees (persons): lower bound
    high: float | None = None  # upper bound
    low_open: bool = False  # "초과": the lower bound itself is not allowed
    high_open: bool = False  # "미만": the upper bound itself is not allowed
    unsure: bool = False  # a note, an exception, or a partner's rule
    waived: bool = (
        False  # the notice waives this kind of limit for a group it names ("… 선정기업은 … 미적용")
    )
    line_start: int = 0  # the whole line the fact was read from (for citing it)
    line_end: int = 0
    role: str = ""  # an applicant kind's role: lead | partner | barred | "" (ingest.eligibility_roles)
    group: int = 0  # a certificate's requirement on its line: how many "…를 보유한" come before it

    def admits(self, value: float) -> bool:
        """Whether ``value`` is inside the fact's bounds."""
        if self.low is not None and (value < self.low or (self.low_open and value == self.low)):
            return False
        return not (self.high is not None and (value > self.high or (self.high_open and value == self.high)))


@dataclass(frozen=True)
class EligibilityFacts:
    facts: tuple[EligibilityFact, ...] = ()

    def of(self, kind: str) -> tuple[EligibilityFact, ...]:
        return tuple(f for f in self.facts if f.kind == kind)

    def __bool__(self) -> bool:
        return bool(self.facts)


# ---------------------------------------------------------------- lexicon


@cache
def _lex() -> dict[str, object]:
    from assistant.lexicon import table  # the lexicon reader (tomllib only), shared with the answer path

    return table("eligibility")


@cache
def _re(key: str) -> re.Pattern[str]:
    return re.compile(str(_lex()[key]))


@cache
def _bounds() -> dict[str, str]:
    return dict(_lex()["bound"])  # type: ignore[arg-type]


@cache
def _bound_re() -> str:
    return "|".join(sorted(map(re.escape, _bounds()), key=len, reverse=True))


@cache
def _words(table: str) -> dict[str, tuple[str, ...]]:
    return {k: tuple(v) for k, v in _lex()[table].items()}  # type: ignore[union-attr]


@cache
def _exclusions() -> dict[str, re.Pattern[str]]:
    return {k: re.compile(v) for k, v in _lex()["exclusion"].items()}  # type: ignore[union-attr]


# what may follow a kind's word: a particle or punctuation, not the rest of a longer name ("중소기업기본법",
# "중소기업확인서", "중견기업후보기업")
_AFTER_WORD = (
    r"(?=[^가-힣]|$|으로|로|인|이|은|는|을|를|의|과|와|및|또는|중|등|에|만|도|이며|이고|이면서|이어야|자)"
)


# ---------------------------------------------------------------- facts from one line


def _fact(
    doc: SourceDoc, line: Line, kind: str, value: str, start: int, end: int, unsure: bool, **bounds: object
) -> EligibilityFact:
    return EligibilityFact(
        kind=kind,
        value=value,
        quote=doc.text[start:end],
        page=doc.page_at(start),
        start=start,
        end=end,
        unsure=unsure,
        line_start=line.start,
        line_end=max(line.end, end),  # a limit may run onto the next line
        **bounds,  # type: ignore[arg-type]
    )


def _limits(pairs: Sequence[tuple[float, str]]) -> dict[str, object]:
    """Bounds from (number, comparison word) pairs: ("7", "초과"), ("10", "이하") → 7 < x ≤ 10."""
    out: dict[str, object] = {}
    for number, word in pairs:
        op = _bounds().get(word)
        if op in ("le", "lt"):
            out["high"], out["high_open"] = number, op == "lt"
        elif op in ("ge", "gt"):
            out["low"], out["low_open"] = number, op == "gt"
    return out


def _inverted(bounds: dict[str, object]) -> dict[str, object]:
    """An exclusion's bounds turned into the allowed range ("매출액 10억원 이상인 경우" → below 10억원)."""
    if "low" in bounds and "high" not in bounds:
        return {"high": bounds["low"], "high_open": not bounds["low_open"]}
    if "high" in bounds and "low" not in bounds:
        return {"low": bounds["high"], "low_open": not bounds["high_open"]}
    return {}


def _describe(label: str, pairs: Sequence[tuple[str, str]]) -> str:
    return f"{label} " + " ".join(f"{n} {w}" for n, w in pairs)


def _counted(
    doc: SourceDoc, rule: RuleLine, cue: re.Pattern[str], kind: str, unit: str, label: str, unsure: bool
) -> list[EligibilityFact]:
    """Age (년) and employee (인/명) limits: the cue, a few words, then one or two "n년 이하" parts."""
    line = rule.line
    bound = _bound_re()
    part = rf"(\d{{1,4}})\s*(?:{unit})\s*({bound})"
    # the line and the start of the next: a PDF line may break between a number and its bound
    text = doc.text[line.start : line.end + WRAP]
    out: list[EligibilityFact] = []
    for m in re.finditer(rf"(?:{cue.pattern})[^\d\n]{{0,20}}?{part}(?:\s*,?\s*{part})?", text):
        if m.start() >= len(line.text):
            break
        groups = m.groups()
        pairs = [(groups[-4], groups[-3])] + ([(groups[-2], groups[-1])] if groups[-2] else [])
        if kind == "age" and re.search(r"만\s*$|세", text[max(0, m.start() - 3) : m.start()]):
            continue
        bounds = _limits([(float(n), w) for n, w in pairs])
        if rule.exclusion:
            bounds = _inverted(bounds)
            if not bounds:
                continue
        start = line.start + m.start()
        end = line.start + m.end()
        shown = [(n + ("년" if kind == "age" else "인"), _word(w)) for n, w in pairs]
        value = ("제외: " if rule.exclusion else "") + _describe(label, shown)
        out.append(_fact(doc, line, kind, value, start, end, unsure, **bounds))
    return out


_SHOWN = {"le": "이하", "lt": "미만", "ge": "이상", "gt": "초과"}


def _word(word: str) -> str:
    """A comparison word as shown: itself when short ("이내"), else its kind ("지나지 아니한" → "이하")."""
    return word if len(word) <= 2 else _SHOWN[_bounds()[word]]


def _revenue(doc: SourceDoc, rule: RuleLine, unsure: bool) -> list[EligibilityFact]:
    line = rule.line
    out: list[EligibilityFact] = []
    for m in _re("revenue_cue").finditer(line.text):
        after = line.text[m.end() : m.end() + 60]
        if re.match(r"\S{0,2}\s*(?:대비|증가율|비중|의\s*\d)", after):
            continue  # "매출액 대비 연구개발비 3%": a ratio, not a revenue limit
        pairs: list[tuple[float, str]] = []
        shown: list[tuple[str, str]] = []
        last = 0
        for a in find_amounts(after):
            if a.start - last > (14 if not pairs else 4) or a.qualifier not in _bounds():
                break
            q = re.match(r"\s*" + re.escape(a.qualifier), after[a.end :])
            pairs.append((float(a.won), a.qualifier))
            shown.append((format_won(a.won), a.qualifier))
            last = a.end + (q.end() if q else 0)
        if not pairs:
            continue
        bounds = _limits(pairs)
        if rule.exclusion:
            bounds = _inverted(bounds)
            if not bounds:
                continue
        start = line.start + m.start()
        end = min(line.start + m.end() + last, line.end)
        value = ("제외: " if rule.exclusion else "") + _describe("매출액", shown)
        out.append(_fact(doc, line, "revenue", value, start, end, unsure, **bounds))
    return out


def _named(doc: SourceDoc, rule: RuleLine, kind: str, table: str, unsure: bool) -> list[EligibilityFact]:
    line = rule.line
    out: list[EligibilityFact] = []
    for name, words in _words(table).items():
        for w in sorted(words, key=len, reverse=True):
            m = re.search(r"(?<![가-힣A-Za-z])" + re.escape(w) + _AFTER_WORD, line.text)
            if m is None or _inside_law_name(line.text, m.start()):
                continue
            if kind == "applicant" and _re("not_applicant").search(line.text[m.end() : m.end() + 12]):
                continue  # "대기업이 운영하는 …": another party, not who applies
            if kind == "certification" and _re("not_accepted").search(line.text[m.end() : m.end() + 12]):
                continue  # "(전담부서 불인정)": named only to be refused
            start = line.start + m.start()
            fact = _fact(doc, line, kind, name, start, start + len(w), unsure)
            if (
                kind == "certification"
            ):  # "연구소 또는 전담부서를 보유한 벤처기업 또는 이노비즈": two requirements
                fact = replace(fact, group=len(_re("possession").findall(line.text[: m.start()])))
            out.append(fact)
            break
    return out


def _certificates(doc: SourceDoc, rule: RuleLine, unsure: bool) -> list[EligibilityFact]:
    """The certificates a line requires; none from a law's list item that names a lab as a kind of
    institution ("⑩ 「가나법」 제2조에 따른 기업부설연구소 또는 연구개발전담부서")."""
    found = _named(doc, rule, "certification", "certification", unsure)
    if found:
        text, at = rule.line.text, rule.line.start
        first = min(f.start for f in found) - at
        last = max(f.end for f in found) - at
        if re.search(r"따른\s*$", text[:first]) and not re.search(r"[가-힣A-Za-z]", text[last:]):
            return []
    return found


def _applicants(doc: SourceDoc, rule: RuleLine, base: bool) -> list[EligibilityFact]:
    """The applicant kinds a line names, each with the role it is named in: a lead role (or a bar from it)
    is sure unless the line is a note, an option … (``base``); a partner's is never sure; a kind with no
    role beside it is unsure on a line that names a partner."""
    text = rule.line.text
    # a row of a table ("연계 지원 <tab> 가나형 <tab> … 스타트업 …"): the rule of one sub-program
    unsure = base or rule.partner or text.strip().count("\t") >= 2
    base = base or text.strip().count("\t") >= 2
    out: list[EligibilityFact] = []
    for f in _named(doc, rule, "applicant", "applicant", unsure):
        a, b = f.start - rule.line.start, f.end - rule.line.start
        if _NAMED_INSTITUTION.search(text[:a]):
            continue  # "가나대학교 산학협력단": one named institution, not a kind
        role = mention_role(text, a, b)
        if f.value == "기업" and not (
            _listed_kind(text, a, b, f.quote) or (role == "lead" and _GLOSS.match(text[a - 1 : b + 1]))
        ):
            continue  # "주관기관은 … 법인사업자(기업)이어야 함": the lead glossed as a company, a kind too
        if role in ("lead", "barred"):
            # "* 주관기관은 가나기관으로 한정": a note that limits who leads is the notice's rule
            limited = role == "lead" and _LIMITED.search(text) is not None
            plain = not (rule.option or rule.appendix or rule.exclusion)
            out.append(replace(f, role=role, unsure=base and not (limited and plain)))
        elif role == "partner" or rule.partner:
            out.append(replace(f, role="partner", unsure=True))
        else:
            out.append(replace(f, unsure=unsure or _re("partner").search(text) is not None))
    return out


def _inside_law_name(text: str, pos: int) -> bool:
    """Whether ``pos`` is inside 「…」 (a law's or a program's name, not a kind of applicant)."""
    return text.count("「", 0, pos) > text.count("」", 0, pos)


_NOTE = re.compile(r"^\s*[*※]")
_LIMITED = re.compile(r"한정|에\s*한함|에\s*한하여|만\s*(?:가능|신청)")
_JOINED = re.compile(r"\s*(?:이고|이며|이면서|하고|인\s*동시에)")
_PHONE = re.compile(r"(?<!\d)(?:0\d{1,2}|1\d{3})\s*[-)]\s*\d{3,4}(?:\s*-\s*\d{4})?(?!\d)")
_EXCEPTION_CUE = re.compile(r"(?:^|[\s(])(?:단\s*[,:]|다만)")
_HEADING_ONLY = re.compile(r"^\s*(?:[□■]|\d{1,2}\.\s)[^:：]{2,40}(?:여부|사항|기준|대상|제한|요건|관련)\s*$")
_TERM_LIST = re.compile(r"^\s*[*※]+\s*[^:：]{1,24}[:：][^,，]+[,，][^,，]+[,，]")
_NAMED_INSTITUTION = re.compile(r"[가-힣]{1,12}(?:대학교|대학)\s*$")
_GLOSS = re.compile(r"\(\s*\S+\s*\)$")
_STANDS_ALONE = re.compile(r"\s*(?:[,，·ㆍ‧)」]|및|또는|등|$)")


def _rule_text(text: str) -> str:
    """The part of an exclusion line before its exception ("…인 경우. 다만, 창업 3년 미만 …은 예외")."""
    m = _EXCEPTION_CUE.search(text)
    return text[: m.start()] if m and m.start() > 10 else text


def _listed_kind(text: str, start: int, end: int, word: str) -> bool:
    """Whether "기업" (or 산업체, 회사) at ``text[start:end]`` is a kind of institution: a word of its own in
    a list that names other institutions, or a company as the last word of a law's list item."""
    if word == "산업체":
        return True
    if not _STANDS_ALONE.match(text[end:]):
        return False
    rest = text[:start] + " " + text[end:]
    # "⑦ 「상법」 제169조에 따른 회사" (a footnote "1) 「…법」에 따른 기업" defines a kind named above)
    law_item = (
        word == "회사"
        and re.search(r"(?:따른|따라\s*설립된|의한)\s*$", text[:start]) is not None
        and not text[end:].strip()
    )
    return law_item or _re("institution_list").search(rest) is not None


def _line_facts(doc: SourceDoc, rule: RuleLine) -> list[EligibilityFact]:
    text = rule.line.text
    stated = _rule_text(text) if rule.exclusion else text
    if (
        _re("not_rule").search(stated)
        or rule.exception
        or rule.definition
        or rule.scoring
        or _PHONE.search(text)
        or _re("definition").search(MARKER.sub("", text))
    ):
        return []
    # an exclusion's limit may be one of several conditions ("…3년 이상이고 부채비율 …"): never sure
    # an attachment's rule (a fast track, an optional scheme, a form's note) may not be the notice's own
    base = rule.option or rule.exclusion or rule.appendix or _re("condition").search(text) is not None
    unsure = base or rule.partner
    out: list[EligibilityFact] = []
    out += _counted(doc, rule, _re("age_cue"), "age", "년", "업력", unsure)
    out += _counted(doc, rule, _re("employee_cue"), "employees", "인|명", "상시근로자", unsure)
    out += _revenue(doc, rule, unsure)
    if rule.exclusion:
        # a limit of an exclusion's exception ("다만, 창업 3년 미만 …") or one of joined conditions ("3년
        # 이상이고 부채비율 …") says nothing of who may apply on its own
        end = rule.line.start + len(stated)
        out = [f for f in out if f.start < end and not _JOINED.match(doc.text[f.end : f.end + 6])]
        if _HEADING_ONLY.match(text) or (_NOTE.match(text) and _re("computation").search(text)):
            return out  # a heading names the topic, a note on computing a ratio refuses nobody
        for name, pattern in _exclusions().items():
            if pattern.search(text):
                line = rule.line
                end = min(line.end, line.start + QUOTE_MAX)
                out.append(_fact(doc, line, "exclusion", name, line.start, end, False))
        return out
    out += _applicants(doc, rule, base)
    out += _certificates(doc, rule, unsure)
    # a row of a table of fields ("가나·다라 <tab> 세부 업종 …") names a category, not a restriction
    if not _re("every_sector").search(text) and not _TERM_LIST.match(text) and "\t" not in text.strip():
        out += _named(doc, rule, "sector", "sector", True)
    m = _re("first_rnd").search(text)
    if m:
        start = rule.line.start + m.start()
        out.append(
            _fact(doc, rule.line, "first_rnd", "R&D 첫 수행 기업", start, start + len(m.group(0)), unsure)
        )
    return out


def _per_sub_program(rules: Sequence[RuleLine], facts: list[EligibilityFact]) -> list[EligibilityFact]:
    """A certificate only some of the blocks labelled alike require ("◦ 지원대상" once per sub-program) is one
    sub-program's rule: unsure."""
    block_of = {r.line.start: r for r in rules if not r.exclusion}
    by_label: dict[str, set[int]] = {}
    for r in block_of.values():
        by_label.setdefault(r.label, set()).add(r.block)
    held: dict[int, set[str]] = {}
    for f in facts:
        r = block_of.get(f.line_start)
        if f.kind == "certification" and r is not None:
            held.setdefault(r.block, set()).add(f.value)
    out: list[EligibilityFact] = []
    for f in facts:
        r = block_of.get(f.line_start)
        if f.kind == "certification" and r is not None and len(by_label[r.label]) > 1:
            siblings = by_label[r.label]
            if any(f.value not in held.get(b, set()) for b in siblings):
                f = replace(f, unsure=True)
        out.append(f)
    return _per_row(block_of, out)


_ROW_LABEL = re.compile(r"^\s*[-–·∙]?\s*(\([^)]{2,12}\))")


def _per_row(block_of: dict[int, RuleLine], facts: list[EligibilityFact]) -> list[EligibilityFact]:
    """Rows of a table of sub-programs each giving "- (지원자격) …": a limit only one row states, while another
    limit of its kind is stated on several rows, is that sub-program's rule — unsure (the rows' common limit
    stays sure, so a company either limit rules out is still ruled out)."""
    rows: dict[tuple[int, str], list[EligibilityFact]] = {}
    for f in facts:
        r = block_of.get(f.line_start)
        m = _ROW_LABEL.match(r.line.text) if r is not None else None
        if r is not None and m is not None and f.kind in ("age", "revenue", "employees"):
            rows.setdefault((r.block, m.group(1) + f.kind), []).append(f)
    single: set[int] = set()
    for found in rows.values():
        lines: dict[str, set[int]] = {}
        for f in found:
            lines.setdefault(f.value, set()).add(f.line_start)
        if len(lines) > 1 and max(map(len, lines.values())) > 1:
            single |= {id(f) for f in found if len(lines[f.value]) == 1}
    return [replace(f, unsure=True) if id(f) in single else f for f in facts]


def _dedup(facts: Iterable[EligibilityFact]) -> list[EligibilityFact]:
    """One fact per (kind, value, bounds): the first sure one, else the first. A certificate is kept once
    per line and requirement (lines are alternatives of each other: see ``EligibilityFact.group``)."""
    best: dict[tuple[object, ...], EligibilityFact] = {}
    for f in facts:
        key = (f.kind, f.value.removeprefix("제외: "), f.low, f.high, f.low_open, f.high_open)
        if f.kind == "certification":
            key += (f.line_start, f.group)
        if key not in best or (best[key].unsure and not f.unsure):
            best[key] = f
    return sorted(best.values(), key=lambda f: (KINDS.index(f.kind), f.start))


def extract_eligibility(doc: SourceDoc, lines: Sequence[Line] | None = None) -> EligibilityFacts:
    """The eligibility facts of a notice (see the module doc); empty when it states none plainly."""
    lines = list(lines) if lines is not None else split_lines(doc.text)
    rules = rule_lines(lines)
    facts: list[EligibilityFact] = []
    waived: set[str] = set()
    for rule in rules:
        found = _line_facts(doc, rule)
        facts += found
        if _re("waived").search(rule.line.text):
            if _re("revenue_cue").search(rule.line.text):
                waived.add("revenue")
            if _re("age_cue").search(rule.line.text):
                waived.add("age")
    if waived:
        facts = [replace(f, waived=True) if f.kind in waived else f for f in facts]
    facts = _per_sub_program(rules, facts)
    # (a lead glossed only as "기업" says nothing against a kind named elsewhere, "중소기업" of a 공통자격)
    if any(f.role == "lead" and not f.unsure and f.value != "기업" for f in facts):
        # the notice says who leads: a kind named elsewhere with no role may be any participant
        facts = [replace(f, unsure=True) if f.kind == "applicant" and not f.role else f for f in facts]
    return EligibilityFacts(tuple(_dedup(facts)))


def describe(facts: EligibilityFacts) -> list[str]:
    """One short line per fact ("age: 업력 7년 이하 (확인 필요)"), for logs and staff views."""
    return [f"{f.kind}: {clean(f.value)}{' (확인 필요)' if f.unsure else ''}" for f in facts.facts]
