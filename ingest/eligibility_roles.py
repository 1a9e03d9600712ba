"""The role a kind of applicant is named in, read from the words around it on its line.

Notices of joint projects name who leads and who takes part in one sentence: "A기업을 주관기관으로 하고
B기업이 공동기관으로 참여", "주관기관 : 병원, 공동기관 : 기업", "(주관기관) 중소기업", "비영리법인은
주관기관으로 신청 불가". A kind named there is

- ``lead``: the lead role (주관기관 …) — the one that applies;
- ``partner``: a partner role (공동·참여·위탁·수요기관 …) — it takes part but does not apply;
- ``barred``: said to be unable to take the lead role ("… 주관기관으로 신청 불가");
- ``""``: no role stated next to it.

A role word *after* the kind ("B기업이 공동기관으로 참여") is read first; else the last role label *before* it
("공동기관 : B기업", "(주관기관) A기업", "주관기관은 … A기업에 한함"). The role words are the lexicon's
``[eligibility]`` entries ``lead_role``, ``partner_role`` and ``barred``; nothing here names a program.
"""

from __future__ import annotations

import re
from functools import cache

__all__ = ["ROLES", "heading_role", "mention_role"]

ROLES = ("lead", "partner", "barred", "")
AFTER = 48  # characters after a kind that its role word may come within
_CLAUSE_END = re.compile(r"하고|하며|이며|이고|으로\s|로\s|[;。]")  # the end of the clause a kind is named in


@cache
def _re(key: str) -> re.Pattern[str]:
    from assistant.lexicon import table  # the lexicon reader (tomllib only), shared with the answer path

    return re.compile(str(table("eligibility")[key]))


@cache
def _any_role() -> re.Pattern[str]:
    return re.compile(f"(?P<lead>{_re('lead_role').pattern})|(?P<partner>{_re('partner_role').pattern})")


def _after(text: str, end: int) -> str | None:
    """The role of a role word that follows within the kind's clause with "(으)로" ("…을 주관기관으로")."""
    window = text[end : end + AFTER]
    for m in _any_role().finditer(window):
        if _CLAUSE_END.search(window[: m.start()]):
            return None
        rest = window[m.end() :]
        marker = re.match(r"[\d)\s]*(?:으로|로)", rest)
        if marker is None:
            continue
        role = "lead" if m.group("lead") else "partner"
        if role == "lead" and _re("barred").match(rest[marker.end() :].lstrip()[:16]):
            return "barred"
        return role
    return None


def _before(text: str, start: int) -> str | None:
    """The role of the last role label before a kind ("공동기관 : B기업", "(주관기관) A기업", "주관기관은 …")."""
    found: str | None = None
    for m in _any_role().finditer(text[:start]):
        if re.match(r"[\d)\s]*(?:[:：)]|은|는|의\s*(?:자격|요건))", text[m.end() : start]):
            found = "lead" if m.group("lead") else "partner"
    return found


def mention_role(text: str, start: int, end: int) -> str:
    """The role the kind named at ``text[start:end]`` is given on its line (one of ROLES); "" for a kind named
    as the one left out ("대학 외 기관은 …")."""
    if re.match(r"\s*(?:외|이외|을\s*제외한|를\s*제외한)(?![가-힣])", text[end:]):
        return ""
    return _after(text, end) or _before(text, start) or ""


def heading_role(text: str) -> str | None:
    """The partner role a short line opens with, naming the block under it ("• 위탁기관 신청요건"), if any."""
    rest = re.sub(r"^[^\w(]*", "", text)
    m = _re("partner_role").match(rest)
    return m.group(0) if m is not None and len(rest) <= 40 else None
