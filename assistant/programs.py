"""Program resolution: which announcement a question is about, from titles and file names.

Fuzzy by design: Kiwi morphemes of the question are matched against each document's title and
file-name morphemes, weighted by how rare each morpheme is among titles ("연고산업" → 시군구연고산업육성사업,
"팁스" → the TIPS 공고). Several documents may tie (원공고 + 수정공고, PDF + HWP twins).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from assistant.types import Turn
from ingest.korean import keyword_tokens
from ingest.title import title_from_filename
from ingest.types import SourceDoc

ALIASES: dict[str, tuple[str, ...]] = {
    "팁스": ("tips",),
    "tips": ("팁스",),
    "r&d": ("rnd",),
    "알앤디": ("rnd",),
    "중기부": ("중소벤처기업부",),
    "dcp": ("딥테크",),
}
GENERIC = frozenset(
    {"사업", "지원", "공고", "계획", "시행", "년", "년도", "신규", "과제", "기업", "모집", "안내", "수정", "통합",
     "중소기업", "중소벤처기업부", "공고문", "대상", "선정", "제", "호", "차", "붙임", "별첨", "참고", "공", "최종", "vf",
     "접수", "마감", "신청", "자격", "금액", "한도", "문의", "기간", "내용", "방법", "서류", "얼마", "언제", "누구"}
)
MIN_SCORE = 2.2
TIE_RATIO = 0.85


@dataclass(frozen=True)
class ProgramMatch:
    doc_ids: frozenset[str]
    name: str
    score: float


def _expand(tokens: Sequence[str]) -> set[str]:
    out = {t.lower() for t in tokens}
    for t in list(out):
        out.update(ALIASES.get(t, ()))
    return out


class ProgramResolver:
    def __init__(self, docs: Mapping[str, SourceDoc], sources: Mapping[str, Sequence[str]] | None = None) -> None:
        self.docs = dict(docs)
        self.keys: dict[str, set[str]] = {}
        for doc_id, doc in self.docs.items():
            names = [doc.title, title_from_filename(doc.source)]
            for src in (sources or {}).get(doc_id, ()):
                names.append(title_from_filename(src))
            toks: set[str] = set()
            for name in names:
                toks |= _expand(keyword_tokens(name))
            self.keys[doc_id] = {t for t in toks if t not in GENERIC and not re.fullmatch(r"\d{1,2}", t)}
        df = Counter(t for toks in self.keys.values() for t in toks)
        n = max(len(self.keys), 1)
        self.idf = {t: math.log(1 + n / c) for t, c in df.items()}

    def score(self, text: str) -> list[tuple[str, float]]:
        q = _expand(keyword_tokens(text))
        q = {t for t in q if t not in GENERIC}
        if not q:
            return []
        scored: list[tuple[str, float]] = []
        for doc_id, keys in self.keys.items():
            hit = q & keys
            if not hit:
                continue
            s = sum(self.idf[t] for t in hit)
            s -= 0.05 * sum(self.idf[t] for t in keys - q)  # prefer the most specific title
            scored.append((doc_id, s))
        return sorted(scored, key=lambda kv: -kv[1])

    def resolve(self, text: str) -> ProgramMatch | None:
        scored = self.score(text)
        if not scored or scored[0][1] < MIN_SCORE:
            return None
        best = scored[0][1]
        ids = frozenset(d for d, s in scored if s >= best * TIE_RATIO)
        return ProgramMatch(ids, self.docs[scored[0][0]].title, best)

    def resolve_with_history(self, question: str, history: Sequence[Turn]) -> tuple[ProgramMatch | None, bool]:
        """The program of the question, else of the latest turn that names one (follow-ups)."""
        match = self.resolve(question)
        if match:
            return match, False
        for turn in reversed(history[-6:]):
            match = self.resolve(turn.content)
            if match:
                return match, True
        return None, False
