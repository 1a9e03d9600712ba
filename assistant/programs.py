"""Program resolution: which announcement a question is about, from titles and file names.

Fuzzy by design, two signals added up:
- the longest run of characters the question shares with a document's name (spaces ignored), if that
  run is rare among names ("가나산업" → 가나산업육성사업, "다라인력" → 다라인력지원사업);
- Kiwi morphemes shared with the name, weighted by how rare they are in the whole corpus
  ("팁스" → the TIPS 공고; "연구", "개발" weigh almost nothing).
Several documents may tie (원공고 + 수정공고, PDF + HWP twins, 1차/2차): all of them are returned.
Only the documents that share a name morpheme or a run with the question are scored (`NameCandidates`,
built once per snapshot): the others would score nothing, and comparing every name cost most of an answer
at several hundred notices.
"""

from __future__ import annotations

import copy
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from assistant.lexicon import table
from assistant.name_candidates import NameCandidates
from assistant.types import Turn
from ingest.korean import keyword_tokens, morpheme_bounds, noun_phrases, tagged_nouns
from ingest.title import title_from_filename
from ingest.types import SourceDoc

# other names of a word (중기부 → 중소벤처기업부, 팁스 → tips): data, in the lexicon's [alias] table
ALIASES: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in table("alias").items()}
GENERIC = frozenset(
    {
        "사업",
        "지원",
        "공고",
        "계획",
        "시행",
        "년",
        "년도",
        "신규",
        "과제",
        "기업",
        "모집",
        "안내",
        "수정",
        "통합",
        "중소기업",
        "중소벤처기업부",
        "공고문",
        "대상",
        "선정",
        "제",
        "호",
        "차",
        "붙임",
        "별첨",
        "참고",
        "공",
        "최종",
        "vf",
        "접수",
        "마감",
        "신청",
        "자격",
        "금액",
        "한도",
        "문의",
        "기간",
        "내용",
        "방법",
        "서류",
        "얼마",
        "언제",
        "누구",
        "rnd",
        "r",
        "d",
        "연구",
        "개발",
        "기술",
        "혁신",
        "정책",
        "기관",
        "관리",
        "주관",
        "정부",
        "지역",
    }
)
# Words of a question that ask rather than name ("얼마", "언제"): never part of a distinctive phrase.
QUESTION_TOKENS = frozenset(
    {"얼마", "언제", "어디", "누구", "무엇", "뭐", "어떻", "최대", "최소", "가능", "필요"}
)
# Character runs that every other program name contains: never evidence of a specific program.
GENERIC_RUNS = (
    "rnd",
    "지원사업",
    "중소기업",
    "기술개발",
    "시행계획",
    "사업",
    "공고",
    "년도",
    "지원",
    "계획",
    "기업",
    "개발",
)
# Words every notice uses of itself: a run made only of these names no program ("기업 모집 공고").
VAGUE = frozenset(
    {"기업", "모집", "공고", "공고문", "사업", "지원", "계획", "참여", "신청", "안내", "선정", "신규", "과제"}
)
MIN_SCORE = 3.0
PHRASE_MAX_DOCS = 4  # a phrase of the question found in at most this many documents names their program
STRONG_SCORE = 10.0  # a match this strong is trusted even when a detail of the question is missing
TIE_RATIO = 0.85
RUN_CACHE = 50_000  # runs whose value is kept per snapshot


@dataclass(frozen=True)
class ProgramMatch:
    doc_ids: frozenset[str]
    name: str
    score: float
    phrase: str = ""  # set when matched by a phrase of the documents' text, not by their names


_RND = re.compile(r"R\s*[&＆_]\s*D|RnD|R&amp;D", re.IGNORECASE)
_DROPPED = re.compile(r"[\s_·ㆍ‧()\[\]「」『』<>.,\-]+")
# A form, manual or brochure attached to a notice: it shares the notice's name, it is not the notice.
_ATTACHMENT = re.compile(r"별첨|참고|양식|서식|매뉴얼|소개자료|작성\s*요령")
ATTACHMENT_FACTOR = 0.8


def _squash(text: str) -> str:
    return _DROPPED.sub("", _RND.sub("RND", text)).lower()


@dataclass(frozen=True)
class Bounds:
    """Offsets in a squashed question: where its nouns, names and numbers start and end, and where a
    space stood between two of its words."""

    starts: frozenset[int]
    ends: frozenset[int]
    spaces: frozenset[int]


def _squash_with_bounds(text: str) -> tuple[str, Bounds]:
    """``_squash(text)`` and its `Bounds` (Kiwi reads the spaced text: it splits "라온 챌린지에서"
    well, "라온챌린지에서마일스톤" not)."""
    text = _RND.sub("RND", text)
    starts, ends = morpheme_bounds(text)
    squashed: list[str] = []
    at: dict[int, int] = {}
    spaces: set[int] = set()
    for i, ch in enumerate(text):
        at[i] = len(squashed)
        if ch.isspace():
            spaces.add(len(squashed))
        if not _DROPPED.fullmatch(ch):
            squashed.append(ch.lower())
    at[len(text)] = len(squashed)
    return "".join(squashed), Bounds(
        frozenset(at[c] for c in starts), frozenset(at[c] for c in ends), frozenset(spaces)
    )


def question_years(text: str) -> set[str]:
    """Years a question names: "2025년", "2025", and the short "25년", "'25"."""
    short = re.findall(r"(?<![\d.])['’‘]?([1-3]\d)\s*년(?!\s*간|\s*이상|\s*이내|\s*미만)", text)
    return set(re.findall(r"20\d\d", text)) | {"20" + y for y in short}


def _title_years(title: str) -> set[str]:
    """The years a title is for ("2026년도 … 디딤돌"), not those of its notice number ("제2025-654호")."""
    return set(re.findall(r"(20\d\d)\s*년", title)) or set(re.findall(r"20\d\d", title))


def _worthless_run(run: str) -> bool:
    """A run every program name shares ("지원사업") or only a year, a number or a round ("2025년도")."""
    return run in GENERIC_RUNS or re.fullmatch(r"[\d년도제차호]+", run) is not None


def _expand(tokens: Sequence[str]) -> dict[str, None]:
    """The tokens and their aliases, in order (an ordered set: sums over it must not vary by run)."""
    out = dict.fromkeys(t.lower() for t in tokens)
    for t in list(out):
        out.update(dict.fromkeys(ALIASES.get(t, ())))
    return out


class ProgramResolver:
    def __init__(
        self,
        docs: Mapping[str, SourceDoc],
        sources: Mapping[str, Sequence[str]] | None = None,
        idf: Mapping[str, float] | None = None,
    ) -> None:
        self.docs = dict(docs)
        self.idf = dict(idf or {})
        self.keys: dict[str, set[str]] = {}
        self.names: dict[str, list[str]] = {}
        for doc_id, doc in self.docs.items():
            names = [doc.title, title_from_filename(doc.source)]
            names += [title_from_filename(s) for s in (sources or {}).get(doc_id, ())]
            self.names[doc_id] = [_squash(n) for n in dict.fromkeys(names)]
            toks: set[str] = set()
            for name in names:
                toks.update(_expand(keyword_tokens(name.replace("_", " "))))
            self.keys[doc_id] = {t for t in toks if t not in GENERIC and not re.fullmatch(r"\d{1,2}", t)}
        self._attachment = {
            d: bool(_ATTACHMENT.search(doc.source)) and "공고" not in doc.source
            for d, doc in self.docs.items()
        }
        self._n = max(len(self.docs), 1)
        df: dict[str, int] = {}
        for keys in self.keys.values():
            for t in keys:
                df[t] = df.get(t, 0) + 1
        self._name_idf = {t: math.log(1 + self._n / c) for t, c in df.items()}
        # names and text, squashed like the question's phrases: "지역특화(R&D)" holds "지역특화rnd"
        self._texts = {d: "|".join([*self.names[d], _squash(doc.text)]) for d, doc in self.docs.items()}
        # what `score` reads of each document's names, worked out once per snapshot
        self._order = {d: i for i, d in enumerate(self.keys)}
        self._name_years = {d: set(re.findall(r"20\d\d", " ".join(ns))) for d, ns in self.names.items()}
        self._name_rounds = {
            d: set(re.findall(r"(?<!\d)(\d)차", " ".join(ns))) for d, ns in self.names.items()
        }
        self._candidates = NameCandidates(
            {d: [n.replace("rnd", "#") for n in ns] for d, ns in self.names.items()}, self.keys
        )
        self._matchers: dict[str, SequenceMatcher[str]] = {}
        self._run_values: dict[str, float] = {}

    def _weight(self, token: str) -> float:
        """How much a shared morpheme says: rare among program names (title-level IDF)."""
        return self._name_idf.get(token, 0.0)

    def _run_score(
        self,
        q: str,
        doc_id: str,
        bounds: Bounds | None = None,
        seen: dict[str, str] | None = None,
    ) -> tuple[float, str]:
        """The longest run of the question in one of the document's names, trimmed to whole nouns of the
        question: "…육성사업 수정공고" shares "…육성사업수" with "…육성사업_수출형", but 수 of 수정 is not
        수 of 수출; "거쳤고, 2025년" shares nothing with "공고2025년". A run that reaches into a further word of
        the question only by part of a compound stops before that word: "라온 일반트랙" shares "라온일반"
        with "스케일업 라온(일반형)", but 일반트랙 is not 일반형 (within one word, "가나산업지원금" keeps 가나산업).

        ``seen`` keeps each name's run for the rest of one question (PDF and HWP twins share names)."""
        q = q.replace("rnd", "|||")
        best = ""
        for name in self.names[doc_id]:
            name = name.replace("rnd", "#")
            run = seen.get(name) if seen is not None else None
            if run is None:
                run = self._name_run(q, name, bounds)
                if seen is not None:
                    seen[name] = run
            if len(run) > len(best):  # the first name's run wins a tie, as if compared in one pass
                best = run
        if len(best) < 3 or _worthless_run(best):
            return 0.0, best
        return self._run_value(best), best

    def _matcher(self, name: str) -> SequenceMatcher[str]:
        """A difflib matcher with ``name`` as its second sequence, indexed once per snapshot; a copy,
        so that questions answered at once do not share its first sequence."""
        matcher = self._matchers.get(name)
        if matcher is None:
            matcher = SequenceMatcher(None, "", name, autojunk=False)
            self._matchers[name] = matcher
        return copy.copy(matcher)

    def _name_run(self, q: str, name: str, bounds: Bounds | None) -> str:
        """The longest run ``q`` shares with one name, trimmed (see `_run_score`); "" if none counts."""
        matcher = self._matcher(name)
        matcher.set_seq1(q)
        blocks = matcher.get_matching_blocks()
        best = ""
        # the longest shared run once trimmed: "25년 디딤돌" shares "25년" with "2025년도 … 디딤돌" as
        # much as "디딤돌", but only 디딤돌 is a whole word of the question
        for m in sorted(blocks, key=lambda b: -b.size)[:4]:
            if m.size <= len(best):
                break
            start, end = m.a, m.a + m.size
            if bounds is not None:
                while end > start and end not in bounds.ends:
                    end -= 1
                while start < end and start not in bounds.starts:
                    start += 1
                inner = [s for s in bounds.spaces if start < s < end]
                if inner and end in bounds.starts and end not in bounds.spaces:
                    end = max(inner)
            run = q[start:end]
            if len(run) > len(best) and not _worthless_run(run):
                best = run
        return best

    def _run_value(self, run: str) -> float:
        """What a shared run of three characters or more says: longer and rarer among names, more
        (kept per snapshot by run: questions repeat their runs)."""
        value = self._run_values.get(run)
        if value is None:
            if set(keyword_tokens(run)) <= VAGUE:
                value = 0.0  # "기업모집공고": every notice is one, whatever its rarity as a run
            else:
                df = sum(1 for names in self.names.values() if any(run in n for n in names))
                value = (min(len(run), 7) - 1) * math.log(1 + self._n / df)
            if len(self._run_values) >= RUN_CACHE:
                self._run_values.clear()
            self._run_values[run] = value
        return value

    def _sharing_runs(self, q: str, bounds: Bounds) -> set[str]:
        """The documents a name of which holds a run of the question that can score (see
        `NameCandidates`): only these need `_run_score`."""
        marked = q.replace("rnd", "|||")
        return self._candidates.sharing_runs(
            marked, bounds.starts, bounds.ends | bounds.spaces, _worthless_run
        )

    def _might_score(self, q_tokens: Sequence[str], runs: set[str]) -> list[str]:
        """The documents, in snapshot order, that share a name morpheme or a run with the question;
        every other document scores nothing."""
        found = self._candidates.sharing_keys(q_tokens) | runs
        return sorted(found, key=self._order.__getitem__)

    def score(self, text: str) -> list[tuple[str, float]]:
        # an abbreviation Kiwi cuts apart ("창도패 마감" → 창 + 패) is still read whole from the text
        whole = [a for a in ALIASES if len(a) >= 3 and a in text.lower()]
        q_tokens = [t for t in _expand([*keyword_tokens(text), *whole]) if t not in GENERIC]
        q, bounds = _squash_with_bounds(text)
        years_q = question_years(text)
        rounds_q = set(re.findall(r"(?<!\d)(\d)\s*차", text))  # "디딤돌 2차" → the 제2차 notice
        scored: list[tuple[str, float]] = []
        runs = self._sharing_runs(q, bounds)
        seen: dict[str, str] = {}
        for doc_id in self._might_score(q_tokens, runs):
            keys = self.keys[doc_id]
            s = sum(self._weight(t) for t in q_tokens if t in keys)
            if doc_id in runs:  # any other document shares no run that counts
                run, _ = self._run_score(q, doc_id, bounds, seen)
                s += 0.5 * run
            if s <= 0:
                continue
            if years_q and not years_q & self._name_years[doc_id]:
                s *= 0.7
            rounds_d = self._name_rounds[doc_id]
            if rounds_q and rounds_d and not rounds_q & rounds_d:
                s *= 0.7
            if self._attachment[doc_id]:
                s *= ATTACHMENT_FACTOR
            scored.append((doc_id, s))
        return sorted(scored, key=lambda kv: -kv[1])

    def resolve(self, text: str) -> ProgramMatch | None:
        scored = self.score(text)
        if not scored or scored[0][1] < MIN_SCORE:
            return None
        best = scored[0][1]
        ids = frozenset(d for d, s in scored if s >= best * TIE_RATIO)
        return ProgramMatch(ids, self.docs[scored[0][0]].title, best)

    def restates_name(self, phrase: str, program: ProgramMatch) -> bool:
        """Whether a phrase is the program's own name followed by generic words ("가나다패키지 신청"
        for 가나다패키지): the name matched already, the phrase names nothing else. A word before the
        name makes another program ("지역가나기업육성" is not 가나기업 육성사업)."""
        for name in (n for d in sorted(program.doc_ids) for n in self.names.get(d, ())):
            match = SequenceMatcher(None, phrase, name, autojunk=False).find_longest_match()
            if match.a != 0 or match.size < 4:
                continue
            rest = {t.lower() for t in keyword_tokens(phrase[match.size :])}
            if not rest - GENERIC - VAGUE - QUESTION_TOKENS:
                return True
        return False

    def attachments_only(self, doc_ids: frozenset[str]) -> bool:
        """Whether every one of the documents is a form or brochure attached to a notice (별첨, 양식)."""
        return all(self._attachment.get(d, False) for d in doc_ids)

    def holds(self, doc_ids: frozenset[str], phrase: str) -> bool:
        """Whether one of the documents contains ``phrase`` (as `content_match` spells it)."""
        return any(phrase in self._texts.get(d, "") for d in doc_ids)

    def holds_word(self, doc_ids: frozenset[str], word: str) -> bool:
        """Whether one of the documents holds ``word`` once brackets, commas and spaces are taken out
        ("제주세종" is in "(제주, 세종)")."""
        return self.holds(doc_ids, _squash(word))

    def mentions(self, phrase: str) -> bool:
        """Whether any document's name or text holds ``phrase`` once brackets and spaces are taken out
        ("예비선도기업" is in "(예비)선도기업")."""
        squashed = _squash(phrase)
        return any(squashed in t for t in self._texts.values())

    def _holders(self, phrase: str, seen: dict[str, list[str]]) -> list[str]:
        """Documents holding ``phrase``, remembered in ``seen`` for the rest of one question."""
        if phrase not in seen:
            seen[phrase] = [d for d, t in self._texts.items() if phrase in t]
        return seen[phrase]

    def content_match(self, text: str) -> ProgramMatch | None:
        """The documents that hold a distinctive compound of the question, and the compound: programs
        asked about by what they contain ("수산 가공 자동화", "청년 기술인 양성") rather than by title.

        A compound counts when it is at least four characters of two or more nouns, found in at most
        a few documents; two words count together only when one of them is rare on its own ("공급망
        협력"), so that common words that happen to meet ("전체 지원규모") name nothing."""
        max_docs = max(1, min(PHRASE_MAX_DOCS, self._n // 10))
        scores: dict[str, tuple[float, str]] = {}
        seen: dict[str, list[str]] = {}
        for parts in noun_phrases(text):
            phrase = _squash("".join(parts))
            if len(phrase) < 4 or len(tagged_nouns(phrase)) < 2:
                continue
            if not ({t.lower() for t in keyword_tokens(phrase)} - GENERIC - VAGUE - QUESTION_TOKENS):
                continue
            holders = self._holders(phrase, seen)
            if not holders or len(holders) > max_docs:
                continue
            if len(parts) > 1 and all(len(self._holders(_squash(p), seen)) > 2 * max_docs for p in parts):
                continue
            weight = (min(len(phrase), 7) - 1) * math.log(1 + self._n / len(holders))
            for d in holders:
                if weight > scores.get(d, (0.0, ""))[0]:
                    scores[d] = (weight, phrase)
        if not scores:
            return None
        years_q = question_years(text)
        if years_q:  # "25년 수산 가공 자동화 과제": of the notices that hold the phrase, those of 2025
            dated = {d: v for d, v in scores.items() if years_q & _title_years(" ".join(self.names[d]))}
            scores = dated or scores
        top, (best, phrase) = max(scores.items(), key=lambda kv: kv[1][0])
        ids = frozenset(d for d, (s, _) in scores.items() if s >= best * TIE_RATIO)
        return ProgramMatch(ids, self.docs[top].title, best, phrase)

    def resolve_with_history(
        self, question: str, history: Sequence[Turn]
    ) -> tuple[ProgramMatch | None, bool]:
        """The program of the question, else of the latest turn that names one (follow-ups)."""
        match = self.resolve(question)
        if match:
            return match, False
        earlier = self.resolve_history(history)
        return (earlier, True) if earlier else (None, False)

    def resolve_history(self, history: Sequence[Turn]) -> ProgramMatch | None:
        """The program the conversation is about: the latest user turn that names one strongly, else the
        best-matching turn. An answer's passing words ("컨소시엄 형태로") should not outweigh the user's own
        naming, but an answer may be what named it ("창업도약패키지가 있습니다" → "마감은?")."""
        best: ProgramMatch | None = None
        recent = list(reversed(history[-6:]))
        for turn in sorted(recent, key=lambda t: t.role != "user"):  # stable: the user's turns, latest first
            match = self.resolve(turn.content)
            if match and match.score >= STRONG_SCORE and turn.role == "user":
                return match
            if match and (best is None or match.score > best.score):
                best = match
        return best
