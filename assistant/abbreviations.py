"""Korean abbreviations: a short word that takes one syllable from each part of a longer name.

"과기정통부" is 과학기술정보통신부, "산단" 산업단지, "산진원" (한국)산업진흥원. A question word the documents
never spell out may still be their word, abbreviated; this finds the long form in a text.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.lexicon import table

_HANGUL = re.compile(r"[가-힣]{2,5}")


@lru_cache(maxsize=4096)
def _long_form(word: str) -> re.Pattern[str]:
    rules = table("abbreviation")
    gap = f"[가-힣]{{0,{int(rules['gap'])}}}"
    return re.compile(
        rf"(?<![가-힣])[가-힣]{{0,{int(rules['prefix'])}}}"
        + gap.join(re.escape(ch) for ch in word)
        + r"[가-힣]*"
    )


def expansions(word: str, text: str) -> list[str]:
    """Words of ``text`` that ``word`` abbreviates (each longer than the word, one word each)."""
    if not _HANGUL.fullmatch(word):
        return []
    found = [m.group() for m in _long_form(word).finditer(text)]
    return list(dict.fromkeys(w for w in found if len(w) >= len(word) + 2 and word not in w))
