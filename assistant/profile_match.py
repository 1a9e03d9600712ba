"""What fits my company: each current notice matched against a company profile, with the deciding rule.

A notice's verdict is one of

- ``excluded``: a rule it states plainly rules the company out (업력 7년 이하 and the company is 12 years old;
  a region it is limited to; an exclusion ground the asker has) — never listed as fitting;
- ``check`` (확인 필요): the deciding rule is unsure (a note, an exception, a partner's rule) or the profile
  lacks the fact the rule is about;
- ``fits``: every rule the card holds admits the profile.

Each verdict names its deciding rule with the rule's verbatim quote. Notices are each program family's
current round (``current_notices`` + ``round_order``), ranked fits first, then 확인 필요; within each, open →
closing → upcoming → unknown → closed, soonest deadline first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from assistant.company_profile import CompanyProfile
from assistant.program_filters import card_regions
from assistant.program_listing import STATUS_KO, CardCitations, SectionAt, current_notices
from assistant.types import Answer
from ingest.card_eligibility import EligibilityFact
from ingest.card_lines import CardField
from ingest.card_rounds import family_key, round_order
from ingest.cards import ProgramCard
from ingest.normalize import format_won
from ingest.types import SourceDoc

__all__ = [
    "VERDICTS",
    "VERDICT_KO",
    "Match",
    "Reason",
    "match_card",
    "match_programs",
    "profile_answer",
]

VERDICTS = ("fits", "check", "excluded")
VERDICT_KO = {"fits": "신청 가능", "check": "확인 필요", "excluded": "신청 불가"}
STATUS_ORDER = {"open": 0, "closing": 1, "upcoming": 2, "unknown": 3, "closed": 4}
LIST_MAX = 12  # items of each verdict a chat answer lists (the API lists all)

# applicant kinds a profile's kind is admitted as (a 소상공인 is a 중소기업, a 중소기업 may be a 창업기업)
# "기업": a notice's list of institutions ("기업, 대학, 연구기관 …") admits a company of any size
_ADMITTED_AS = {
    "예비창업자": {"예비창업자"},
    "소상공인": {"소상공인", "중소기업", "창업기업", "기업"},
    "중소기업": {"중소기업", "창업기업", "소상공인", "기업"},
    "중견기업": {"중견기업", "기업"},
    "대학": {"대학"},
    "연구기관": {"연구기관"},
    "개인": {"개인", "예비창업자"},
}
_KIND_WEIGHT = {"age": 0, "revenue": 1, "employees": 2, "first_rnd": 3, "applicant": 4, "region": 5}


@dataclass(frozen=True)
class Reason:
    kind: (
        str  # applicant | age | revenue | employees | first_rnd | certification | sector | exclusion | region
    )
    verdict: str  # one of VERDICTS
    text: str  # Korean: what the rule says and how the profile stands
    quote: str = ""  # the rule's verbatim quote ("" when the card states no rule: nothing to cite)
    start: int = 0
    end: int = 0


@dataclass(frozen=True)
class Match:
    card: ProgramCard
    status: str  # ProgramCard.status as of the day matched
    verdict: str  # one of VERDICTS
    reasons: tuple[Reason, ...]

    @property
    def deciding(self) -> Reason:
        """The reason the verdict rests on: the first ruling out, else the first unsure, else the most
        specific one that admits."""
        same = [r for r in self.reasons if r.verdict == self.verdict]
        if self.verdict == "fits":
            same.sort(key=lambda r: _KIND_WEIGHT.get(r.kind, 9))
        return same[0]


def _reason(kind: str, verdict: str, text: str, rule: EligibilityFact | CardField | None) -> Reason:
    if rule is None:
        return Reason(kind, verdict, text)
    return Reason(kind, verdict, text, rule.quote, rule.start, rule.end)


def _ranged(
    kind: str, label: str, facts: Sequence[EligibilityFact], value: float | None, shown: str
) -> Reason | None:
    """Age, revenue or head count against the notice's limits (alternatives: any one admitting is enough)."""
    if not facts:
        return None
    sure = [f for f in facts if not f.unsure]
    if value is None:
        rule = (sure or list(facts))[0]
        return _reason(
            kind, "check", f"{label} 요건({rule.value}) — {label} 정보가 없어 확인이 필요합니다", rule
        )
    for f in sure:
        if f.admits(value):
            return _reason(kind, "fits", f"{label} 요건({f.value})에 {shown}(으)로 해당합니다", f)
    for f in facts:
        if f.unsure and f.admits(value):
            return _reason(kind, "check", f"{label} 요건({f.value})은 조건부입니다 — {shown}, 확인 필요", f)
    if sure:
        waiver = " — 공고문이 정한 일부 기업은 이 기준이 적용되지 않습니다" if sure[0].waived else ""
        return _reason(
            kind,
            "excluded",
            f"{label} 요건({sure[0].value})에 {shown}(으)로 해당하지 않습니다{waiver}",
            sure[0],
        )
    return _reason(
        kind, "check", f"{label} 요건({facts[0].value})이 분명하지 않습니다 — {shown}, 확인 필요", facts[0]
    )


def _applicant(card: ProgramCard, profile: CompanyProfile) -> Reason | None:
    every = [f for f in card.eligibility_facts.of("applicant") if f.value != "개인"]
    facts = [f for f in every if f.role not in ("partner", "barred")]  # kinds that may apply
    if not every:
        return None
    kind = profile.kind()
    if kind is None:
        rule = next((f for f in facts if not f.unsure), (facts or every)[0])
        return _reason("applicant", "check", f"신청 대상({rule.value} 등) — 신청자 유형 확인 필요", rule)
    admitted = _ADMITTED_AS.get(kind, {kind})
    # a company of unstated size is only read as a 중소기업: it may be another kind
    out = "excluded" if profile.applicant else "check"
    barred = [f for f in every if f.role == "barred" and not f.unsure and f.value in admitted]
    if barred:
        return _reason(
            "applicant", out, f"{barred[0].value}은(는) 주관기관으로 신청할 수 없습니다", barred[0]
        )
    for f in facts:
        if f.value in admitted and not f.unsure:
            return _reason("applicant", "fits", f"신청 대상에 {f.value}이(가) 있습니다", f)
    for f in facts:
        if f.value in admitted:
            return _reason("applicant", "check", f"{f.value}은(는) 조건부로만 적혀 있습니다 — 확인 필요", f)
    return _not_admitted(kind, facts, [f for f in every if f.role == "partner" and f.value in admitted], out)


def _not_admitted(
    kind: str, facts: Sequence[EligibilityFact], partner: Sequence[EligibilityFact], out: str
) -> Reason:
    """The applicant reason when no kind that may apply is the profile's: ruled out when the notice names
    its applicants plainly (quoting the partner's role when the profile's kind only takes part)."""
    sure = [f for f in facts if not f.unsure]
    if not sure:
        rule = facts[0] if facts else partner[0]
        return _reason("applicant", "check", f"신청 대상({rule.value})이 분명하지 않습니다 — 확인 필요", rule)
    named = "·".join(dict.fromkeys(f.value for f in sure))
    if partner:
        text = f"신청 대상은 {named}입니다 — {kind}은(는) 공동·참여기관으로만 참여할 수 있습니다"
        return _reason("applicant", out, text, partner[0])
    return _reason("applicant", out, f"신청 대상은 {named}입니다 — {kind}은(는) 해당하지 않습니다", sure[0])


def _region(card: ProgramCard, profile: CompanyProfile) -> Reason | None:
    regions, source = card_regions(card)
    if not regions:
        return None
    rule = card.ministry if source == "issuer" else card.title_quote
    named = "·".join(regions)
    if not profile.regions:
        return _reason("region", "check", f"{named} 지역 사업입니다 — 소재지 확인 필요", rule)
    if set(regions) & set(profile.regions):
        return _reason("region", "fits", f"{named} 지역 사업입니다", rule)
    return _reason("region", "excluded", f"{named} 지역 사업입니다 — {'·'.join(profile.regions)} 소재", rule)


def _first_rnd(card: ProgramCard, profile: CompanyProfile) -> Reason | None:
    facts = card.eligibility_facts.of("first_rnd")
    if not facts:
        return None
    f = facts[0]
    if profile.first_rnd is None:
        return _reason("first_rnd", "check", "R&D를 처음 수행하는 기업이 대상입니다 — 수행 이력 확인 필요", f)
    if profile.first_rnd:
        return _reason(
            "first_rnd", "fits" if not f.unsure else "check", "R&D를 처음 수행하는 기업이 대상입니다", f
        )
    verdict = "excluded" if not f.unsure else "check"
    return _reason("first_rnd", verdict, "R&D를 처음 수행하는 기업이 대상입니다 — 수행 이력이 있습니다", f)


def _certification(card: ProgramCard, profile: CompanyProfile) -> Reason | None:
    """Certificates a notice requires, each line a requirement of one or more groups ("연구소 또는 전담부서를
    보유한 벤처기업": a lab and a mark); lines are alternatives, like the notice's other limits. A line
    admits when the profile holds one certificate of each group, refuses when it lacks every one of a group."""
    facts = [f for f in card.eligibility_facts.of("certification") if not f.unsure]
    if not facts:
        return None
    held = [f for f in facts if f.value in profile.certifications]
    lines: dict[int, dict[int, list[EligibilityFact]]] = {}
    for f in facts:
        lines.setdefault(f.line_start, {}).setdefault(f.group, []).append(f)
    for groups in lines.values():
        if all(any(f.value in profile.certifications for f in g) for g in groups.values()):
            return _reason("certification", "fits", f"{held[0].value} 요건에 해당합니다", held[0])
    refused = [_lacked(groups, profile) for groups in lines.values()]
    if all(refused):
        f = refused[0][0]  # type: ignore[index]
        named = "·".join(dict.fromkeys(g.value for g in refused[0]))  # type: ignore[union-attr]
        return _reason("certification", "excluded", f"{named} 보유가 요건입니다 — 없다고 하셨습니다", f)
    if held:
        return _reason("certification", "fits", f"{held[0].value} 요건에 해당합니다", held[0])
    named = "·".join(dict.fromkeys(f.value for f in facts))
    return _reason("certification", "check", f"{named} 관련 요건이 있습니다 — 보유 여부 확인 필요", facts[0])


def _lacked(groups: Mapping[int, list[EligibilityFact]], profile: CompanyProfile) -> list[EligibilityFact]:
    """The first group of a line whose every certificate the profile lacks ([] when none)."""
    for g in groups.values():
        if all(f.value in profile.lacks for f in g):
            return g
    return []


def _sector(card: ProgramCard, profile: CompanyProfile) -> Reason | None:
    facts = card.eligibility_facts.of("sector")
    if not facts or not profile.sectors:
        return None
    same = [f for f in facts if f.value in profile.sectors]
    if same:
        return _reason("sector", "fits", f"{same[0].value} 분야가 적혀 있습니다", same[0])
    named = "·".join(dict.fromkeys(f.value for f in facts))
    return _reason("sector", "check", f"{named} 분야가 적혀 있습니다 — 업종 확인 필요", facts[0])


def _exclusion(card: ProgramCard, profile: CompanyProfile) -> Reason | None:
    for f in card.eligibility_facts.of("exclusion"):
        if f.value in profile.exclusions:
            return _reason("exclusion", "excluded", f"신청 제외 대상: {f.value}", f)
    return None


def match_card(card: ProgramCard, profile: CompanyProfile, today: dt.date) -> Match:
    """One notice's verdict for ``profile`` as of ``today``, with every reason read."""
    ef = card.eligibility_facts
    age = 0.0 if profile.applicant == "예비창업자" else profile.age_years
    revenue = None if profile.revenue_won is None else float(profile.revenue_won)
    employees = None if profile.employees is None else float(profile.employees)
    found = [
        _exclusion(card, profile),
        _region(card, profile),
        _applicant(card, profile),
        _ranged("age", "업력", ef.of("age"), age, _age_shown(profile)),
        _ranged("revenue", "매출액", ef.of("revenue"), revenue, _won(profile.revenue_won)),
        _ranged("employees", "상시근로자", ef.of("employees"), employees, f"{profile.employees}명"),
        _first_rnd(card, profile),
        _certification(card, profile),
        _sector(card, profile),
    ]
    reasons = tuple(r for r in found if r is not None)
    verdicts = {r.verdict for r in reasons}
    if "excluded" in verdicts:
        verdict = "excluded"
    elif "check" in verdicts:
        verdict = "check"
    elif reasons:
        verdict = "fits"
    else:
        first = card.eligibility[0] if card.eligibility else None
        reasons = (
            _reason("eligibility", "check", "자격 요건을 카드에서 읽지 못했습니다 — 공고문 확인 필요", first),
        )
        verdict = "check"
    return Match(card, card.status(today), verdict, reasons)


def _age_shown(profile: CompanyProfile) -> str:
    if profile.applicant == "예비창업자":
        return "예비창업자(창업 전)"
    return "" if profile.age_years is None else f"업력 {profile.age_years:g}년"


def _won(won: int | None) -> str:
    return "" if won is None else f"매출액 {format_won(won)}"


def _current_rounds(cards: Sequence[ProgramCard], today: dt.date) -> list[ProgramCard]:
    """Each notice once, and of each program family only its current (or next, or latest) round."""
    best: dict[str, ProgramCard] = {}
    for c in current_notices(cards):
        key = family_key(c.program) or c.doc_id
        if key not in best or round_order(c, today) < round_order(best[key], today):
            best[key] = c
    return list(best.values())


def _rank(m: Match) -> tuple[int, int, float]:
    end = m.card.apply_end.timestamp() if m.card.apply_end else float("inf")
    if m.status == "closed":
        end = -end  # the latest closed first
    return VERDICTS.index(m.verdict), STATUS_ORDER.get(m.status, 3), end


def match_programs(
    cards: Sequence[ProgramCard], profile: CompanyProfile, today: dt.date, excluded: bool = False
) -> list[Match]:
    """Every program family's current notice matched against ``profile``: fits first, then 확인 필요 (then,
    with ``excluded``, those ruled out), each by status (open → closing → upcoming → unknown → closed)."""
    matches = [match_card(c, profile, today) for c in _current_rounds(cards, today)]
    if not excluded:
        matches = [m for m in matches if m.verdict != "excluded"]
    return sorted(matches, key=_rank)


# ---------------------------------------------------------------- the chat answer


def _line(m: Match, cites: CardCitations, docs: Mapping[str, SourceDoc]) -> str:
    status = "상시 접수" if m.card.rolling and m.status == "unknown" else STATUS_KO[m.status]
    reason = m.deciding
    text = f"「{m.card.program}」 [{status}] {reason.text}"
    if reason.quote:
        rule = CardField(
            reason.text, reason.quote, docs[m.card.doc_id].page_at(reason.start), reason.start, reason.end
        )
        text += f" [{cites.cite(m.card, rule).n}]"
    return text


def profile_answer(
    question: str,
    profile: CompanyProfile,
    cards: Sequence[ProgramCard],
    docs: Mapping[str, SourceDoc],
    today: dt.date,
    section_at: SectionAt,
) -> Answer:
    """The programs a company may apply to, as of ``today``: fits, then 확인 필요, each with its deciding
    rule quoted (excluded programs are counted, never listed)."""
    cites = CardCitations(docs, section_at)
    everything = match_programs(cards, profile, today, excluded=True)
    fits = [m for m in everything if m.verdict == "fits"]
    check = [m for m in everything if m.verdict == "check"]
    out = len(everything) - len(fits) - len(check)
    lines = [f"{today.isoformat()} 기준, 말씀하신 조건({profile.describe()})으로 본 지원사업입니다:"]
    if fits:
        lines.append("■ 신청 가능해 보이는 사업")
        lines += [f"{i}. {_line(m, cites, docs)}" for i, m in enumerate(fits[:LIST_MAX], 1)]
        if len(fits) > LIST_MAX:
            lines.append(f"… 외 {len(fits) - LIST_MAX}건")
    if check:
        lines.append("■ 확인이 필요한 사업")
        lines += [f"{i}. {_line(m, cites, docs)}" for i, m in enumerate(check[:LIST_MAX], 1)]
        if len(check) > LIST_MAX:
            lines.append(f"… 외 {len(check) - LIST_MAX}건")
    if not fits and not check:
        lines.append("색인된 공고 가운데 이 조건으로 신청할 수 있는 사업을 찾지 못했습니다.")
    if out:
        lines.append(f"요건에 맞지 않는 사업 {out}건은 뺐습니다.")
    lines.append("자격 판단은 공고문 원문 기준이며, 최종 확인은 공고문과 전담기관 문의로 해 주세요.")
    return Answer(
        question=question,
        text="\n".join(lines),
        status="answered",
        intent="programs",
        program=None,
        citations=tuple(cites.items),
        intents=("programs",),
        facts={"scope": "profile", "profile": profile.describe()},
        lead=(lines[0],),
    )
