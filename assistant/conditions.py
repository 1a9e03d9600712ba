"""The situations a question supposes: the nouns of its conditional clauses.

"협약 기간 중에 상호를 바꾸면 어떻게 되나요?" supposes an event (상호 변경); "매출이 10억 미만이면 되나요?" a fact
about the asker. Kiwi marks a conditional clause by its ending (면, 다면, 라면, 거든; not the 면 of "아니면") or
by 경우 after a modifier; the clause starts after the previous clause's ending (는데, 고, 서, 지만 …) or a comma.
"""

from __future__ import annotations

import functools

from ingest.korean import get_kiwi

# endings that make the clause before them a condition
CONDITION_ENDINGS = frozenset({"면", "으면", "다면", "라면", "ᆫ다면", "는다면", "거든"})
# endings that close a clause before a condition starts ("…하는데, 인수되면"; "선정되고 나서 옮기면")
CLAUSE_BREAKS = frozenset({"는데", "ᆫ데", "은데", "데", "고", "서", "어서", "아서", "니까", "지만", "는지"})
NOUN_TAGS = frozenset({"NNG", "NNP", "SL"})


@functools.lru_cache(maxsize=512)
def condition_nouns(text: str) -> tuple[tuple[str, ...], ...]:
    """The nouns (with their tags' noun runs joined into compounds) of each conditional clause of ``text``,
    in order. Nouns Kiwi cuts out of one written word ("해외연수" → 해외, 연수) also come whole, first."""
    clauses: list[tuple[str, ...]] = []
    current: list[tuple[str, str, int, int]] = []
    previous = ""
    for token in get_kiwi().tokenize(text):
        form, tag = token.form, token.tag
        if tag in ("SF", "SP") or (tag == "EC" and form in CLAUSE_BREAKS):
            current, previous = [], tag
            continue
        # "…하면", "…할 경우"; "A예요 아니면 B예요?" offers a choice, not a condition
        conditional = (tag == "EC" and form in CONDITION_ENDINGS and previous != "VCN") or (
            form == "경우" and previous == "ETM"
        )
        previous = tag
        if conditional:
            nouns = _nouns(current, text)
            if nouns:
                clauses.append(nouns)
            current = []
            continue
        current.append((form, tag, token.start, token.start + token.len))
    return tuple(clauses)


def _nouns(tokens: list[tuple[str, str, int, int]], text: str) -> tuple[str, ...]:
    """Nouns of a clause; a run of nouns written together ("해외연수") comes first as one word."""
    out: list[str] = []
    run: list[tuple[str, str, int, int]] = []
    for token in [*tokens, ("", "", -1, -1)]:
        if token[1] in NOUN_TAGS and (not run or run[-1][3] == token[2]):  # written together
            run.append(token)
            continue
        if len(run) > 1:
            out.append("".join(t[0] for t in run))
        out.extend(t[0] for t in run)
        run = [token] if token[1] in NOUN_TAGS else []
    return tuple(dict.fromkeys(n for n in out if len(n) >= 2))
