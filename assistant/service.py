"""The Assistant: one object used by the CLI, the API and the UI alike."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import logging
import math
import re
import threading
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.abbreviations import expansions
from assistant.answer import INTENT_KO, NOT_FOUND_TAIL, asked_event, compose_answer
from assistant.company_profile import CompanyProfile, read_profile, without_profile
from assistant.index import SearchIndex, Snapshot, load_new_span_vectors, load_snapshot
from assistant.intent import SPENDING_ASKED, with_history
from assistant.lexicon import pattern
from assistant.notice_changes import (
    INTENT_FIELDS,
    amendment_pair,
    changes_answer,
    is_change_question,
    names_revision,
    no_amendment_answer,
)
from assistant.profile_match import Match, match_programs, profile_answer
from assistant.program_compare import compare_answer, compared_cards, is_compare_question
from assistant.program_filters import ProgramFilter
from assistant.program_listing import (
    current_notices,
    listing_answer,
    read_cross_question,
    rounds_answer,
    without_narrowing,
)
from assistant.programs import (
    ALIASES,
    GENERIC,
    STRONG_SCORE,
    ProgramMatch,
    ProgramResolver,
    question_years,
)
from assistant.rerank import SentenceSimilarity
from assistant.retrieve import HybridRetriever
from assistant.settings import Settings
from assistant.swap_lock import SwapLock
from assistant.types import Answer, Hit, Turn
from ingest.card_rounds import family_key
from ingest.catalog_types import DocumentRecord
from ingest.korean import noun_phrases, tagged_nouns
from ingest.notice_conflicts import mark_conflicts
from ingest.review import DocumentReview, review_documents
from ingest.types import Chunk, IngestReport

if TYPE_CHECKING:
    from ingest.cards import ProgramCard
    from ingest.pipeline import ProgressFn

log = logging.getLogger(__name__)

REJECT_INJECTION = (
    "죄송하지만 그 요청에는 답할 수 없습니다. 저는 중소기업 지원사업 문서에 근거한 질문(지원대상, 접수기간, "
    "지원금액, 신청방법, 문의처 등)에만 답합니다."
)
REJECT_OFF_TOPIC = (
    '저는 중소기업 지원사업에 관한 질문에만 답할 수 있습니다. 예: "연고산업육성사업 마감이 언제예요?", '
    '"팁스 지원한도는 얼마인가요?"'
)
# Words a question may use that documents need not contain (question words, polite forms, generic nouns).
QUESTION_WORDS = frozenset(
    {
        "우리",
        "회사",
        "저희",
        "제",
        "거",
        "뭐",
        "무엇",
        "어디",
        "언제",
        "얼마",
        "어떻",
        "어떤",
        "알",
        "알리",
        "주",
        "보",
        "그럼",
        "그러면",
        "그",
        "이",
        "저",
        "건",
        "궁금",
        "질문",
        "답",
        "경우",
        "요",
        "좀",
        "혹시",
        "정도",
        "쯤",
        "부분",
        "받",
        "싶",
        "필요",
        "되",
        "하",
        "가능",
        "해당",
        "신청",
        "지원",
        "사업",
        "마감",
        "기간",
        "금액",
        "내용",
        "방법",
        "서류",
        "문의",
        "연락처",
        "전화",
        "번호",
        "담당",
        "자격",
        "대상",
        "조건",
        "혜택",
        "한도",
        "비율",
        "자부담",
        "최대",
        "일정",
        "날짜",
        "일시",
        "시각",
        "전체",
        "전부",
        "동안",
        "모두",
        "총",
        "절차",
        "제출",
        "평가",
        "선정",
        "접수",
        "공고",
        "기업",
        "중소기업",
        "창업",
        "스타트업",
        "사장님",
        "대표",
        "업체",
        "개인",
        "사업자",
        "법인",
        "올해",
        "작년",
        "돈",
        "지원금",
        "지원액",
        "보조금",
        "내년",
        "지금",
        "아직",
        "이번",
        "다음",
        "처음",
        "예전",
        "옛날",
        "이전",
        "과거",
        "최근",
        "요즘",
        "경험",
        "프로그램",
        "얘기",
        "이야기",
        "말",
        "소리",
        "뉴스",
        "기사",
        "남자",
        "여자",
    }
)


TYPE_SUFFIXES = "형용식"  # "협력형", "기업용": a kind of the noun before it
SPAN_CHECK_SECONDS = 10.0  # how often a running assistant looks for span vectors a backfill has written
NEXT_CHUNK_HITS = 3  # the chunk after each of this many best hits is read too
HEADING_CHUNKS = 4  # chunks added for a list question because a heading in them names its words
PASSAGE_MARGIN = 300  # characters around a quote that count as its passage for the coverage check
REFERENCE_DOCS = 50  # corpus size at which a program match of STRONG_SCORE is strong
WEAK_PROGRAM_COVERAGE = 0.6  # a weakly matched program must hold this share of the question's nouns
ELLIPTICAL_NOUNS = 1  # a follow-up with at most this many distinctive nouns continues the previous subject
# What notices rarely hold but people ask: past results. Asked of a program whose text lacks the word, the
# answer is that the documents do not say (a past year's competition ratio, a list of firms selected).
PAST_RESULTS = ("경쟁률", "선정률", "합격률", "커트라인", "명단", "후기")
# the same asked in other words: "몇 퍼센트가 붙는지", "합격 확률"
_PAST_RATE = re.compile(r"몇\s*(%|퍼센트|프로)\S*\s*(정도\s*)?(선정|합격|붙|뽑)|(선정|합격)\s*(비율|확률)")
# "재작년에 붙은 과제 제목", "지난번 뽑힌 회사가 어디죠?": who was selected before, which notices never list
_PAST_SELECTED = re.compile(
    r"(선정|뽑히|뽑힌|뽑혔|선발)\S{0,4}\s*(\S{1,6}\s*)?(과제|기업|업체|곳|회사)\S{0,3}\s*(이름|명단|목록|리스트|어디|어느)"
)
_ROUND = re.compile(
    r"(?<!\d)(\d)\s*차(?!\s*(?:년|연도|평가|심사|서면|발표|면접))"
)  # "3차 공고", not "2차 평가"
# "연고산업 작년에 몇 개 과제 선정됐어요?": last round's results, which a plan for the new year does not give
_LAST_YEAR_SELECTED = re.compile(
    r"(작년|지난해|재작년|전년도?)\S{0,2}\s*(\S+\s*){0,3}?(선정|뽑|선발|합격)\S{0,2}(됐|되었|혔|했)"
)
# "담당 주무관 이름 알려주세요": a person's name, which most notices do not give (only an office and a phone)
_PERSON_NAME_ASKED = re.compile(
    r"(담당자?|주무관|사무관|과장|팀장|직원|책임자)\S{0,3}\s*(\S+\s*)?(이름|성함)"
)
_NAMED_PERSON = re.compile(
    r"(사무관|주무관|과장|팀장|연구원|대리|선임|책임|차장|부장)\s*[가-힣]{2,4}\s*\(?\s*0\d"
)
_EMAIL_ASKED = re.compile(r"메일|e-?mail", re.IGNORECASE)
# Tax treatment is the tax office's to say; a notice that does not mention it does not answer it.
TAX_WORDS = ("과세", "세금", "손금", "세무", "회계처리", "법인세", "부가세", "소득세")
# A price or fee of something ("보험료", "등록금", "검증비", "법인세"): asked of a program whose documents
# never name it, the answer is that they do not say. Not the names every notice uses for its own money
# under another word ("자기부담금" for 자부담, "연구비" for 연구개발비).
PRICE_NOUNS = frozenset({"가격", "요금", "세금", "학비", "이자", "금리", "이율", "수수료"})
FEE_SUFFIXES = "료비세금"
AMOUNT_PARAPHRASES = frozenset(
    {
        "지원금",
        "지원비",
        "사업비",
        "총사업비",
        "보조금",
        "부담금",
        "자부담금",
        "자기부담금",
        "출연금",
        "정부출연금",
        "정부지원금",
        "매칭금",
        "대응금",
        "연구비",
        "개발비",
        "연구개발비",
        "사업화자금",
        "지원자금",
        "정책자금",
        "운영비",
        "활동비",
        "인건비",
        "재료비",
        "장비비",
        "수당",
        "상금",
    }
)
# a fee as the question writes it, with its particle: "검증비는", "보험료도"
_FEE_WORD = re.compile(r"[가-힣]{2,}(?:비|료)(?=(?:은|는|이|가|도|를|을|로|랑|나|요)?(?![가-힣]))")
# "수정 전에는 어땠어요?", "원래 기준은?": the notice a 수정공고 replaced is what is asked about
_EARLIER_VERSION = re.compile(r"원래|기존|(수정|변경|개정)\s*(전|이전|되기)|예전\s*(공고|기준)|처음\s*공고")
# an office a contact question names ("지역특화사업실", "기술인재정책과", "창업지원팀"); 성과, 결과 are no office
_OFFICE = re.compile(
    r"[가-힣]{2,}(?:실|과|팀|본부|사업단)(?=(?:에서|으로|은|는|이|가|의|에|도|로)?(?![가-힣]))"
)
_NOT_OFFICES = ("성과", "결과", "효과", "통과", "경과", "초과", "부과", "사과", "연구실", "사무실")
# a program's own name by its kind ("청년창업사관학교", "수출바우처", "청년내일채움공제"); not a rule or a fund the
# notices explain themselves ("3책5공제", "모태펀드")
_PROGRAM_NAME = re.compile(r"[가-힣A-Za-z0-9+]{2,}?(?:패키지|사관학교|바우처|장려금|채움공제)")
_PLAN = re.compile(r"보도자료|방안|대책|전략")  # a plan or release, not one program's notice
_AVERAGE_ASKED = re.compile(r"평균")
_PERCENT_ASKED = re.compile(r"몇\s*(%|퍼센트|프로)")
_PERCENT = re.compile(r"\d\s*%")
RARE_IDF = 4.5  # a question noun this rare must be in the quoted passage (e.g. 소상공인, 허가)


# Where the asker is ("대구 회사인데", "부산이나 울산 업체도") is context, not the subject: a program need
# not mention the asker's region for the question to be about it.
REGIONS = frozenset(
    [
        "서울",
        "경기",
        "인천",
        "부산",
        "대구",
        "광주",
        "대전",
        "울산",
        "세종",
        "강원",
        "충북",
        "충남",
        "전북",
        "전남",
        "경북",
        "경남",
        "제주",
        "수도권",
        "지방",
        "서울시",
        "경기도",
        "인천시",
        "부산시",
        "대구시",
        "광주시",
        "대전시",
        "울산시",
        "강원도",
        "제주도",
    ]
)


@dataclasses.dataclass(frozen=True)
class _Derived:
    idf: dict[str, float]
    resolver: ProgramResolver
    vocab: set[str]
    compact: dict[str, str]
    blob: str
    cards: dict[str, ProgramCard]
    review: DocumentReview
    similarity: SentenceSimilarity
    strong: float


class Assistant:
    def __init__(self, settings: Settings, index: SearchIndex | None = None) -> None:
        self.settings = settings
        self.index = index or SearchIndex(settings.home, settings.chroma_url)
        self.retriever = HybridRetriever(self.index)
        self._lock = threading.Lock()
        self._generator: object | None = None
        self._swap = SwapLock()
        self._refresh()

    @classmethod
    def from_settings(cls, settings: Settings) -> Assistant:
        return cls(settings)

    # ------------------------------------------------------------------ state
    def _refresh(self, snap: Snapshot | None = None) -> None:
        """Switch to ``snap`` (default: the index's current one) and what is derived from it, computed
        first and then assigned in one step: callers switch under ``self._swap.writing()``."""
        snap = snap or self.index.snapshot
        state = self._derive(snap)
        self.index.snapshot = snap
        self._idf, self.resolver, self._vocab = state.idf, state.resolver, state.vocab
        self._compact, self._blob, self._blob_lower = state.compact, state.blob, state.blob.lower()
        self._cards, self._review, self._similarity = state.cards, state.review, state.similarity
        self._spans_checked = time.monotonic()
        self._strong = state.strong

    def _derive(self, snap: Snapshot) -> _Derived:
        """What the answerer precomputes from one index generation (program resolver, idf, texts, cards)."""
        sources: dict[str, list[str]] = {}
        for rec in snap.catalog.records:
            if rec.doc_id:
                sources.setdefault(rec.doc_id, []).append(rec.source)
        idf = snap.keywords.idf()
        # whitespace-free texts, for the coverage checks every question makes
        compact = {doc_id: "".join(d.text.split()) for doc_id, d in snap.docs.items()}
        cards = self._build_cards(snap)
        # Name matches score lower in a small corpus (rarity counts less among few documents): what
        # counts as a strong match scales with the corpus, up to STRONG_SCORE at REFERENCE_DOCS.
        n = max(len(snap.docs), 1)
        return _Derived(
            idf=idf,
            resolver=ProgramResolver(snap.docs, sources, idf),
            vocab=set(snap.keywords.model.vocab_dict) if snap.keywords.model else set(),
            compact=compact,
            blob="".join(compact.values()),
            cards=cards,
            review=review_documents(snap.docs.values(), cards.values()),
            similarity=SentenceSimilarity(stored=snap.span_vectors),
            strong=STRONG_SCORE * min(1.0, math.log1p(n) / math.log1p(REFERENCE_DOCS)),
        )

    def _build_cards(self, snap: Snapshot) -> dict[str, ProgramCard]:
        from ingest.card_cache import cards_for
        from ingest.cards import link_amendments

        cards = cards_for(self.index.home, snap.docs.values())
        return {c.doc_id: c for c in mark_conflicts(link_amendments(cards))}

    def stats(self) -> tuple[int, int]:
        snap = self.index.snapshot
        return len(snap.docs), len(snap.chunks)

    def documents(self) -> list[DocumentRecord]:
        return self.index.snapshot.catalog.records

    def document_review(self) -> DocumentReview:
        """Documents staff should look at: lines that address the reader, conflicts between notices."""
        return self._review

    def document_text(self, doc_id: str) -> str:
        doc = self.index.snapshot.docs.get(doc_id)
        if doc is None:
            raise KeyError(doc_id)
        return doc.text

    def ingest_files(self, paths: Sequence[Path]) -> IngestReport:
        from ingest.pipeline import ingest_paths

        with self._lock:
            # the upload answers as soon as it is in the keyword index; its vectors follow in the background
            report = ingest_paths(
                paths, self.settings.home, self.settings.chroma_url, span_vectors=False, chunk_vectors=False
            )
            snap = load_snapshot(self.settings.home)
            with self._swap.writing():  # between requests: none sees half of each generation
                self._refresh(snap)
        from ingest.span_backfill import start_background

        start_background(self.settings.home, self.settings.span_vectors)
        return report

    def programs(
        self,
        status: str | None = None,
        q: str | None = None,
        region: str | None = None,
        ministry: str | None = None,
    ) -> list[ProgramCard]:
        """Program cards by deadline, narrowed by status as of today, words of their name, a region and
        an issuing body (``program_filters.ProgramFilter``; ValueError names an unknown status or region)."""
        today = self.settings.effective_today()
        cards = sorted(
            self._cards.values(), key=lambda c: (c.apply_end is None, c.apply_end or 0), reverse=False
        )
        return ProgramFilter(status or None, q, region, ministry).apply(cards, today)

    def program(self, doc_id: str) -> ProgramCard | None:
        return self._cards.get(doc_id)

    # ------------------------------------------------------------------ search / ask
    def search(self, query: str, k: int = 5) -> list[Hit]:
        """Hybrid search over the whole index (no program resolution)."""
        return self.retriever.retrieve(query, k=k)

    def retrieve(self, question: str, history: Sequence[Turn] = (), k: int = 8) -> list[Hit]:
        """What ``ask`` retrieves: hybrid search narrowed to the program of the question or history."""
        program, _ = self._resolve(question.strip(), list(history))
        return self.retriever.retrieve(
            question.strip(), k=k, doc_ids=set(program.doc_ids) if program else None
        )

    def _absent_nouns(self, question: str, within: str, spaced: str = "") -> list[tuple[str, str]]:
        """Question nouns (not question words) that do not occur in ``within`` (whitespace-free), and
        compounds whose parts occur but not together ("희망리턴패키지": the corpus has 희망 and 패키지).
        A word that abbreviates a word of ``spaced`` (the same text with its spaces: "산단" for
        산업단지) is not absent."""
        corpus = within is self._blob
        lowered = self._blob_lower if corpus else within.lower()
        out = []
        context = asker_words(question)
        for form, tag in tagged_nouns(question):
            if len(form) < 2 or form in QUESTION_WORDS or form in GENERIC or form in context:
                continue
            if tag == "SN" and not re.fullmatch(r"20\d\d", form):
                continue
            aliases = ALIASES.get(form.lower(), ())
            if aliases and any(alias in lowered for alias in aliases):
                continue  # 중기부 → 중소벤처기업부
            known = (
                form.lower() in self._vocab if len(form) <= 2 else (form.lower() in within or form in within)
            )
            if not known and len(form) <= 2:
                # a short noun Kiwi cut out of a word the documents use whole ("첫걸음" → 걸음)
                word = next((w for w in question.split() if form in w), "")
                known = len(word) > len(form) and word[: word.index(form) + len(form)].lower() in lowered
            if (not known or (form.lower() not in within and form not in within)) and not (
                spaced and expansions(form, spaced)
            ):
                out.append((form, tag))
        for (compound,) in noun_phrases(question, pairs=False):
            # "역량강화형" is the 역량강화 track: a type suffix the question adds names nothing new
            stem = compound[:-1] if compound[-1] in TYPE_SUFFIXES and len(compound) > 4 else compound
            present = any(c in lowered or (corpus and self.resolver.mentions(c)) for c in {compound, stem})
            known = present or any(compound == form.lower() for form, _ in out)
            if (
                len(compound) >= 4
                and not known
                and len(tagged_nouns(compound)) >= 2
                and compound not in context
            ):
                out.append((compound, "NNG"))
        return out

    def _question_nouns(self, question: str) -> dict[str, float]:
        """Distinctive nouns of the question with their IDF weights (question words left out)."""
        asker = asker_words(question, told=False)
        nouns = dict.fromkeys(  # in the question's order: the order of a referent's query words is the user's
            f
            for f, tag in tagged_nouns(question)
            if len(f) >= 2
            and tag in ("NNG", "NNP", "SL")
            and f not in QUESTION_WORDS
            and f not in GENERIC
            and not (tag == "NNP" and is_region(f))
            and f not in asker
        )
        return {n: min(self._idf.get(n, 4.0), 6.0) for n in nouns}

    @staticmethod
    def _coverage(weights: dict[str, float], text: str) -> tuple[float, list[str]]:
        """Share of the question's noun weight found in ``text`` (whitespace-free), and what is missing."""
        lowered = text.lower()
        missing = [
            n
            for n in weights
            if n not in text
            and n.lower() not in lowered
            and not any(alias in lowered for alias in ALIASES.get(n.lower(), ()))  # 중기부 → 중소벤처기업부
        ]
        total = sum(weights.values()) or 1.0
        return 1 - sum(weights[n] for n in missing) / total, sorted(missing, key=lambda n: -weights[n])

    def _uncovered(self, question: str, hits: Sequence[Hit]) -> list[str]:
        """Rare question nouns that none of the best-matching documents contains.

        Without a resolved program, an answer is only attempted when one of the top documents holds
        most of the question's distinctive words (IDF-weighted); otherwise the corpus is silent.
        """
        weights = self._question_nouns(question)
        if not weights:
            return []
        best_missing: list[str] = list(weights)
        best_cov = -1.0
        for doc_id in dict.fromkeys(h.chunk.doc_id for h in hits[:8]):
            cov, missing = self._coverage(weights, self._compact[doc_id])
            if cov > best_cov:
                best_cov, best_missing = cov, missing
        return best_missing if best_cov < 0.6 else []

    def _year_unheld(self, question: str, answer: Answer) -> str:
        """A year the question names ("2024년", "24년") that the document of the answer's first quote does
        not mention in any form ("2024", "'24", "24년"); "" when it does."""
        lead = answer.citations[0]
        doc = self.index.snapshot.docs.get(lead.doc_id)
        if doc is None:
            return ""
        text = doc.text + lead.title
        for year in sorted(question_years(question)):
            short = year[2:]
            if not re.search(rf"{year}|['’‘]\s*{short}(?!\d)|(?<![\d.]){short}\s*년", text):
                return year
        return ""

    def _other_program(self, question: str, program: ProgramMatch | None) -> str:
        """A program the question names by a program's kind of name ("초기창업패키지", "수출바우처",
        "청년창업사관학교") that the matched documents (without a match: all documents) only mention in
        passing: no title of theirs names it. "" when the question names the matched program itself."""
        if program is not None and program.score >= self._strong and not program.phrase:
            return ""
        doc_ids = sorted(program.doc_ids) if program else sorted(self.resolver.names)
        titles = "|".join(n for d in doc_ids for n in self.resolver.names.get(d, ()))
        names = [n for n in _PROGRAM_NAME.findall(question) if len(n) >= 4]
        if not names or any(n.lower() in titles for n in names):
            return ""  # "초기창업패키지 참여기업도 창업도약패키지 돼요?" asks about 창업도약패키지
        # a policy plan or press release sets out measures of its own ("해외진출 지원 지방 우대"):
        # only notices of one program name others in passing
        every = sorted(self.resolver.names)
        holders = [d for d in every if self.resolver.holds(frozenset({d}), names[0].lower())]
        docs = self.index.snapshot.docs
        if any(_PLAN.search(docs[d].title) for d in holders if d in docs):
            return ""
        return names[0]

    def _party_unquoted(self, question: str, answer: Answer, intents: Sequence[str]) -> str:
        """Who the question asks about, named in the answer's documents but in none of its quotes: the
        answer is about someone else. A company the documents list as one ("(주)캐프는 매출이 얼마나
        늘었어요?" → not the program's total 매출), or, asking for a contact, an office
        ("지역특화사업실 직통 번호" → not the 1357 beside another office). "" when each is quoted."""
        quoted = "".join("".join(c.quote.split()) for c in answer.citations)
        docs = self.index.snapshot.docs
        cited = [d for d in sorted({c.doc_id for c in answer.citations}) if d in docs]
        for noun in self._question_nouns(question):
            if noun in quoted:
                continue
            name = re.escape(noun)  # the whole name: "(주)캐프", "캐프(주)", not the 산업 of "OO산업(주)"
            company = re.compile(
                rf"(\(주\)|㈜|주식회사)\s*{name}(?![가-힣])|(?<![가-힣]){name}\s*(\(주\)|㈜)"
            )
            if any(company.search(docs[d].text) for d in cited):
                return noun
        if "contact" in intents:
            for office in _OFFICE.findall(question):
                if office.endswith(_NOT_OFFICES) or office in quoted:
                    continue
                if any(office in self._compact.get(d, "") for d in cited):
                    return office
        return ""

    def _unsupported(self, question: str, answer: Answer) -> list[str]:
        """Question nouns the passages around the answer's quotes leave out, when they leave out most.

        Without a resolved program the documents may share the question's words while the quoted
        passages are about something else ("<a fund> 대출 금리" → a 사업화자금 line): then say so.
        """
        weights = self._question_nouns(question)
        if not weights:
            return []
        docs = self.index.snapshot.docs
        around = "".join(
            "".join(docs[c.doc_id].text[max(0, c.start - PASSAGE_MARGIN) : c.end + PASSAGE_MARGIN].split())
            for c in answer.citations
            if c.doc_id in docs
        )
        cov, missing = self._coverage(weights, around)
        rare_missing = any(weights[n] >= RARE_IDF for n in missing)
        return missing if cov < 0.6 or rare_missing else []

    def _not_found(
        self, question: str, intent: str, program: ProgramMatch | None, hits: Sequence[Hit], why: str
    ) -> Answer:
        near: list[str] = []
        for h in hits:
            if h.chunk.title not in near:
                near.append(h.chunk.title)
        closest = (
            f" 관련이 있을 수 있는 공고: {', '.join('「' + t + '」' for t in near[:3])}." if near else ""
        )
        text = f"{why}{closest} {NOT_FOUND_TAIL}"
        return Answer(
            question, text.strip(), "not_found", intent, program.name if program else None, (), (intent,)
        )

    def ask(self, question: str, history: Sequence[Turn] = ()) -> Answer:
        started = time.perf_counter()
        with self._swap.reading():
            self._pick_up_span_vectors()
            answer = self._ask(question.strip(), list(history))
        took = (time.perf_counter() - started) * 1000
        return Answer(**{**answer.__dict__, "took_ms": round(took, 1)})

    def _ask(self, question: str, history: list[Turn]) -> Answer:
        unmentioned: list[str] = []
        answer = self._answer(question, history, unmentioned)
        if unmentioned and answer.status == "answered":
            note = f"\n(문서에는 '{', '.join(unmentioned)}'에 관한 언급이 없습니다.)"
            answer = Answer(**{**answer.__dict__, "text": answer.text + note})
        return answer

    def _answer(self, question: str, history: list[Turn], unmentioned: list[str]) -> Answer:
        """The answer; regions the program's documents never mention but that are not the subject of the
        question are added to ``unmentioned``."""
        intent = with_history(question, history)
        if intent.injection:
            return Answer(question, REJECT_INJECTION, "rejected", "rejected", None, (), ("rejected",))
        program, from_history = self._resolve(question, history)
        fitting = self._profile(question, program, from_history)
        if fitting is not None:  # "창업 5년차 제조업체인데 신청할 수 있는 사업?": matched against the cards
            return fitting
        across = self._across(question, program, from_history)
        if across is not None:  # "지금 신청할 수 있는 사업 뭐 있어요?": from the cards as of today
            return across
        compared = self._compare(question)
        if compared is not None:  # "A랑 B 차이가 뭐예요?": two programs' cards side by side
            return compared
        changed = self._changes(question, program, intent.all)
        if changed is not None:  # "변경공고에서 달라진 게 뭐예요?": the amendment against the original
            return changed
        # where the asker's company is ("공장은 울산에 있는데") is context, not a gap of the corpus
        absent = [a for a in self._absent_nouns(question, self._blob) if not _asker_context(question, a[0])]
        if not program and not intent.on_topic and not history:
            nouns = [f for f, _ in tagged_nouns(question) if len(f) > 1 and f not in QUESTION_WORDS]
            if not nouns or len(absent) == len(nouns):
                return Answer(question, REJECT_OFF_TOPIC, "rejected", "off_topic", None, (), ("off_topic",))
        if not from_history:
            other = self._other_program(question, program)
            # "초기창업패키지 지원금 최대 얼마?" is not asked of 창업도약패키지, which only names it
            if other:
                scope = set(program.doc_ids) if program else None
                hits = self.retriever.retrieve(question, k=5, doc_ids=scope)
                where = f"「{program.name}」 문서에" if program else "문서에"
                why = (
                    f"'{other}'은(는) {where} 다른 사업으로만 언급되어 있고, "
                    "그 사업의 공고는 색인된 문서에 없습니다."
                )
                return self._not_found(question, intent.primary, program, hits, why)
        if program:
            priced = "amount" in intent.all or SPENDING_ASKED.search(question) is not None
            unsaid = self._unsaid(question, program, priced)
            if unsaid:
                hits = self.retriever.retrieve(question, k=5, doc_ids=set(program.doc_ids))
                why = f"「{program.name}」 문서에는 '{unsaid[0]}'에 관한 내용이 없습니다."
                return self._not_found(question, intent.primary, program, hits, why)
        if program and not from_history:
            program_text = self._program_text(program)
            title_years = set(re.findall(r"20\d\d", program.name))
            missing = [
                f
                for f, tag in self._absent_nouns(question, program_text, self._spaced_text(program))
                if (
                    tag == "NNP"
                    and not f.endswith("기관")
                    and not _asker_context(question, f)
                    and not self.resolver.holds_word(program.doc_ids, f)
                )
                or (tag == "SN" and title_years and f not in title_years)
            ]
            missing += self._other_rounds(question, program)
            if (
                missing
                and all(is_region(f) for f in missing)
                and ("eligibility" in intent.all or self._names_held(question, program))
            ):  # "충청도도 돼요?": who is eligible answers that; the note says 경기도 is not named
                unmentioned += missing  # "서울 백화점 팝업 행사도 돼요?": 팝업 is the subject
                missing = []
            if not missing and intent.primary == "amount":
                missing = self._unheld_subject(question, program, program_text)
            if missing and program.score >= STRONG_SCORE and not program.phrase:
                hits = self.retriever.retrieve(question, k=5)
                why = f"「{program.name}」 문서에는 '{', '.join(missing[:3])}'에 관한 내용이 없습니다."
                return self._not_found(question, intent.primary, program, hits, why)
            if missing:  # a weak match that misses a name in the question: probably the wrong program
                program = None
            elif self._weak(program):
                weights = self._question_nouns(question)
                if absent or (weights and self._coverage(weights, program_text)[0] < WEAK_PROGRAM_COVERAGE):
                    program = None  # a phrase naming another, unindexed program is not this one: judge it without a program
        if program and intent.primary == "deadline" and asked_event(question) is None:
            rounds = self._rounds(question, program)
            if rounds:  # "… 마감 언제예요?" of a program with several rounds: each round, current first
                today = self.settings.effective_today()
                return rounds_answer(question, rounds, self.index.snapshot.docs, today, self._section_at)
        # the program filter already narrows follow-ups; its name would only dilute. "거기", "그 회사"
        # point back at what the previous question named ("파이버프로"): that is read with the question.
        query = question + self._referent(question, history, program, elliptical=from_history)
        long_forms = self._long_forms(question, program)
        if long_forms:
            query += " " + long_forms
        if program:  # a replaced notice is answered from the notice that replaced it
            program = dataclasses.replace(
                program, doc_ids=frozenset(self._with_replacements(program.doc_ids))
            )
        doc_ids = set(program.doc_ids) if program else None
        hits = self.retriever.retrieve(query, k=8, doc_ids=doc_ids)
        if absent and not program:
            why = f"문서에서 '{', '.join(f for f, _ in absent[:3])}'에 관한 내용을 찾지 못했습니다."
            return self._not_found(question, intent.primary, program, hits, why)
        if not program and hits:
            uncovered = self._uncovered(question, hits)
            if uncovered:
                why = f"문서에서 '{', '.join(uncovered[:3])}'에 관한 내용을 찾지 못했습니다."
                return self._not_found(question, intent.primary, program, hits, why)
        if not hits:
            return self._not_found(
                question, intent.primary, program, hits, "색인된 문서에서 관련 내용을 찾지 못했습니다."
            )
        if program:
            hits = self._with_cue_chunks(hits, program, intent.all)
            if "menu" in intent.all:
                hits = self._with_heading_chunks(hits, program, question)
        hits = self._with_next_chunks(self._without_superseded(hits, question))
        texts = {h.chunk.doc_id: self.index.snapshot.docs[h.chunk.doc_id].text for h in hits}
        card = self._card_for(program, hits)
        chunks = ()
        if card is not None:
            texts.setdefault(card.doc_id, self.index.snapshot.docs[card.doc_id].text)
            snap = self.index.snapshot
            chunks = tuple(snap.chunks[c] for c in snap.doc_chunks.get(card.doc_id, ()))
        answer = compose_answer(
            query,
            intent,
            program,
            hits,
            texts,
            self.settings.effective_today(),
            self._idf,
            card,
            chunks,
            self._similarity,
        )
        if answer is not None and query != question:
            answer = Answer(**{**answer.__dict__, "question": question})
        if answer is not None and _PERCENT_ASKED.search(question):
            unstated = self._percent_unstated(question, program, answer)
            if unstated:  # "퇴사하면 몇 %를 환수해요?": no line states a % of 환수 or 퇴사
                subject = f"「{program.name}」 문서에서 " if program else "문서에서 "
                why = f"{subject}'{unstated}'에 관한 비율(%)을 찾지 못했습니다."
                return self._not_found(question, intent.primary, program, hits, why)
        if answer is not None and answer.citations:
            year = self._year_unheld(question, answer)
            if year:  # "지역특화 2024년 예산" from a 2023 release that never mentions 2024
                why = f"「{answer.citations[0].title}」 문서에는 {year}년에 관한 내용이 없습니다."
                return self._not_found(question, intent.primary, program, hits, why)
        if (
            answer is not None
            and _AVERAGE_ASKED.search(question)
            and not any("평균" in c.quote for c in answer.citations)
        ):  # "고경력 평균 연봉" is not answered by the 최대 지원금
            subject = f"「{program.name}」 문서에서 " if program else "문서에서 "
            why = f"{subject}평균 값을 찾지 못했습니다."
            return self._not_found(question, intent.primary, program, hits, why)
        if answer is not None and answer.citations:
            party = self._party_unquoted(question, answer, intent.all)
            if party:  # a listed company's own figures, where the documents only list its name
                why = f"문서에 '{party}'은(는) 나오지만, 질문하신 내용은 나와 있지 않습니다."
                return self._not_found(question, intent.primary, program, hits, why)
        if answer is not None and program is None:
            unsupported = self._unsupported(question, answer)
            if unsupported:
                why = f"문서에서 '{', '.join(unsupported[:3])}'에 관한 내용을 찾지 못했습니다."
                return self._not_found(question, intent.primary, program, hits, why)
        if answer is None:
            event = asked_event(question) if intent.primary == "deadline" else None
            label = f"'{event}' 날짜" if event else INTENT_KO.get(intent.primary, "관련 내용")
            subject = f"「{program.name}」 문서에서 " if program else "문서에서 "
            return self._not_found(
                question, intent.primary, program, hits, f"{subject}{label}을(를) 찾지 못했습니다."
            )
        if self.settings.llm_base_url:
            answer = self._generate(question, history, hits, answer)
        return answer

    def _across(self, question: str, program: ProgramMatch | None, from_history: bool) -> Answer | None:
        """A question across programs (open now, closing, this month, upcoming; narrowed by kind, region
        or ministry) answered from the program cards as of today, or None. A question that still names a
        program once its narrowing words are taken out is about that program — by its name, by a distinctive
        phrase of one document, or by a noun no document holds (then the answer is that the documents do not
        say); a follow-up is across programs only when it asks for a list ("사업 뭐 있어요?")."""
        cards = list(self._cards.values())
        cross = read_cross_question(question, cards)
        if cross is None:
            return None
        if program is None:
            rest = without_narrowing(question, cross)
            if self.resolver.content_match(rest) is not None or self._absent_nouns(rest, self._blob):
                return None  # about one thing a document holds by its phrase, or one the documents lack
        else:
            if from_history and not _LIST_ASKED.search(question):
                return None
            rest = without_narrowing(question, cross)
            if not from_history and (
                self.resolver.resolve(rest) is not None
                or (program.phrase and self.resolver.content_match(rest) is not None)
            ):  # a program named by its name, or by a phrase of its text, beyond the narrowing words
                return None
        today = self.settings.effective_today()
        return listing_answer(question, cross, cards, self.index.snapshot.docs, today, self._section_at)

    def _compare(self, question: str) -> Answer | None:
        """Two programs the question names around a joining word, compared from their cards; None when it
        does not name two different programs (``assistant.program_compare``)."""
        if not is_compare_question(question):
            return None
        pair = compared_cards(question, self._named_program, self._cards)
        if pair is None:
            return None
        today = self.settings.effective_today()
        return compare_answer(question, pair, self.index.snapshot.docs, today, self._section_at)

    def _named_program(self, text: str) -> ProgramMatch | None:
        """The program a part of a question names by its name: a strong match, or a weak one whose documents
        hold most of the part's distinctive nouns (as a weak match of a whole question must)."""
        match = self.resolver.resolve(text)
        if match is None or not self._weak(match):
            return match
        weights = self._question_nouns(text)
        covered = self._coverage(weights, self._program_text(match))[0] if weights else 0.0
        return match if covered >= WEAK_PROGRAM_COVERAGE else None

    def _changes(self, question: str, program: ProgramMatch | None, intents: Sequence[str]) -> Answer | None:
        """What a revision notice of the question's program changed (``assistant.notice_changes``); that the
        program has none, when the question names one; None otherwise (the normal path)."""
        if program is None or not is_change_question(question):
            return None
        docs = self.index.snapshot.docs
        pair = amendment_pair(self._cards, sorted(program.doc_ids), question)
        if pair is None:
            card = self._card_for(program, ())
            if card is None or not names_revision(question):
                return None
            return no_amendment_answer(question, card, docs, self._section_at)
        asked = [INTENT_FIELDS[i] for i in intents if i in INTENT_FIELDS]
        return changes_answer(question, pair[0], pair[1], docs, self._section_at, asked)

    def _profile(self, question: str, program: ProgramMatch | None, from_history: bool) -> Answer | None:
        """A question that states the asker's company and asks what it can apply to, answered from the
        cards (``profile_match``), or None. A question naming a program is about that program; a follow-up
        is a profile question only when it asks for a list."""
        if not pattern("profile", "asks_fit").search(question):
            return None
        today = self.settings.effective_today()
        profile = read_profile(question, today)
        if not profile.states_company():  # "대구 지역 사업 뭐 있어요?" narrows a list; it states no company
            return None
        if not profile.states_numbers() and not pattern("profile", "own").search(question):
            return None  # only a kind or a place, not said of the asker, and no list of programs asked for
            # ("○○카드는 어느 기업이나 받는 건가요?", "야유회 갈 강릉 숙소 추천")
        rest = without_profile(question)
        if program is not None:
            if from_history and not _LIST_ASKED.search(question):
                return None
            # a program named beyond the company's own facts; a weak match of common words ("공고 목록",
            # "지원금") names none
            named = self.resolver.resolve(rest) if not from_history else None
            if named is not None and not self._weak(named):
                return None
        cards = list(self._cards.values())
        return profile_answer(question, profile, cards, self.index.snapshot.docs, today, self._section_at)

    def match_profile(
        self, profile: CompanyProfile, excluded: bool = False, today: dt.date | None = None
    ) -> list[Match]:
        """Every program family's current notice matched against ``profile`` as of ``today`` (default: the
        settings' day), ranked."""
        day = today or self.settings.effective_today()
        return match_programs(list(self._cards.values()), profile, day, excluded=excluded)

    def cards(self) -> list[ProgramCard]:
        """Every program card of the index (each announcement once per file)."""
        return list(self._cards.values())

    def _rounds(self, question: str, program: ProgramMatch) -> list[ProgramCard]:
        """The current notices of the program's rounds (years, 1차/2차 …), when it has more than one and the
        question does not pick one by its year or round; [] otherwise."""
        mine = [self._cards[d] for d in sorted(program.doc_ids) if d in self._cards]
        if not mine:
            return []
        notices = current_notices(list(self._cards.values()))
        size = Counter(family_key(n.program) for n in notices)
        named = Counter(family_key(c.program) for c in mine)
        key = max(named, key=lambda k: (named[k], size[k], k))
        family = [n for n in notices if family_key(n.program) == key]
        years = question_years(question)
        if years:
            family = [c for c in family if years & set(re.findall(r"20\d\d", c.program))]
        asked = set(_ROUND.findall(question))
        if asked:
            family = [c for c in family if asked & set(re.findall(r"(?<!\d)(\d)\s*차", c.program))]
        return family if len(family) >= 2 else []

    def _section_at(self, doc_id: str, offset: int) -> str:
        """The heading path of the chunk holding ``offset`` of a document ("" when none does)."""
        snap = self.index.snapshot
        for cid in snap.doc_chunks.get(doc_id, ()):
            chunk = snap.chunks[cid]
            if chunk.start <= offset < chunk.end:
                return chunk.section
        return ""

    def _pick_up_span_vectors(self) -> None:
        """While a background backfill runs, take up the documents it has finished (checked every few
        seconds): chunk vectors into the vector store, span vectors into the snapshot."""
        snap = self.index.snapshot
        now = time.monotonic()
        if (snap.spans_missing or snap.vectors_missing) and now - self._spans_checked >= SPAN_CHECK_SECONDS:
            self._spans_checked = now
            self.index.attach_new_chunk_vectors()
            load_new_span_vectors(self.index.home, snap)

    def _referent(
        self, question: str, history: Sequence[Turn], program: ProgramMatch | None, elliptical: bool = False
    ) -> str:
        """What a back-reference of a follow-up ("거기 주력산업은?") points at: the distinctive nouns of
        the previous user turn beyond the program's name, as extra query words ("" when none). A follow-up
        that names no program and little else (a bare "몇 명까지요?" after a question that named a program)
        continues the previous question's subject too (``elliptical``)."""
        if not _BACK_REFERENCE.search(question) and not (
            elliptical and len(self._question_nouns(question)) <= ELLIPTICAL_NOUNS
        ):
            return ""
        earlier = next((t.content for t in reversed(history) if t.role == "user"), "")
        name = "".join(program.name.split()) if program else ""
        from assistant.evidence import CUES

        # what the previous question asked for ("기업당 지원금") is not what "그거" points at
        cues = [c for i, c in CUES.items() if i != "count"]
        weights = self._question_nouns(earlier)
        nouns = [
            n
            for n in sorted(weights, key=lambda n: -weights[n])  # rarest first
            if n not in name and n not in question and not any(c.search(n) for c in cues)
        ]
        return " " + " ".join(nouns) if nouns else ""

    def _names_held(self, question: str, program: ProgramMatch) -> bool:
        """Whether the question names something rare, beyond the program's own name, that the program's
        documents hold ("팝업" in the 연고산업 notice's 사업화 items)."""
        text = self._program_text(program)
        name = "".join(program.name.split())
        return any(
            weight >= RARE_IDF and noun not in name and noun in text
            for noun, weight in self._question_nouns(question).items()
        )

    def _weak(self, program: ProgramMatch) -> bool:
        """A match to double-check against the question's words: a low name score, or found by content."""
        return program.score < self._strong or bool(program.phrase)

    def _resolve(self, question: str, history: list[Turn]) -> tuple[ProgramMatch | None, bool]:
        """The program of the question (by name, else by a distinctive phrase of its text), else of the
        conversation. A phrase wins over a lower name match whose documents do not contain it."""
        program, from_history = self.resolver.resolve_with_history(question, history)
        found = self.resolver.content_match(question)
        if found is not None and all(
            is_region(f) or _asker_context(question, f) for f, _ in tagged_nouns(found.phrase)
        ):  # the asker's own region and trade name no program
            found = None
        if found is not None and from_history and _BACK_REFERENCE.search(question):
            found = None  # "거기 컨소시엄으로 들어가도 돼요?": 거기 is the conversation's program
        if found is not None and (
            program is None
            or (
                (from_history or found.score > program.score)
                and not self.resolver.holds(program.doc_ids, found.phrase)
                and not self.resolver.restates_name(found.phrase, program)
                and not (from_history and self._holds_words(program, found.phrase))
            )
        ):
            program, from_history = found, False
        if (
            program
            and not from_history
            and self._weak(program)
            and history
            and _BACK_REFERENCE.search(question)
        ):
            # "거기 담당 기관은요?": "거기" is the conversation's program, not a weak name match
            earlier = self.resolver.resolve_history(history)
            if earlier is not None:
                program, from_history = earlier, True
        if (
            program
            and not from_history
            and history
            and program.score < self._strong
            and self.resolver.attachments_only(program.doc_ids)
        ):
            # a follow-up about a form ("양식 문의는요?") in a conversation about a notice: the words of a form's name (사업계획서
            # 양식) are what every notice asks for, not a switch to another program's form
            earlier = self.resolver.resolve_history(history)
            if earlier is not None:
                program, from_history = earlier, True
        if program and not from_history and self._weak(program) and history:
            program, from_history = self._weak_or_earlier(question, program, history)
        if program and not from_history and history and self._named_by_region_only(question):
            # "세종은요?" after a question about the 사례집: 세종 is in the 연고산업 notice's title, but the
            # follow-up names a region of the conversation's program, not another program
            earlier = self.resolver.resolve_history(history)
            if earlier is not None:
                program, from_history = earlier, True
        return program, from_history

    def _holds_words(self, program: ProgramMatch, phrase: str) -> bool:
        """Whether the program's documents hold the nouns of ``phrase`` close together if not side by
        side: the 연고산업 notice says "(지방비는 기초+광역 매칭 …)", not "지방비 매칭"."""
        nouns = [form for form, _ in tagged_nouns(phrase) if len(form) > 1]
        if len(nouns) < 2:
            return False
        near = ".{0,20}".join(map(re.escape, nouns))  # in the phrase's order, a few words apart at most
        return re.search(near, self._program_text(program)) is not None

    def _named_by_region_only(self, question: str) -> bool:
        """Whether the question names a program only through region words (세종, 제주)."""
        regions = [f for f, tag in tagged_nouns(question) if tag == "NNP" and is_region(f)]
        if not regions:
            return False
        rest = re.sub("|".join(map(re.escape, regions)), " ", question)
        return self.resolver.resolve(rest) is None and self.resolver.content_match(rest) is None

    def _program_text(self, program: ProgramMatch) -> str:
        return "".join(self._compact[d] for d in sorted(program.doc_ids))

    def _spaced_text(self, program: ProgramMatch) -> str:
        docs = self.index.snapshot.docs
        return "\n".join(docs[d].text for d in sorted(program.doc_ids) if d in docs)

    def _long_forms(self, question: str, program: ProgramMatch | None) -> str:
        """The program's own spelling of the question's abbreviations ("산단" → 산업단지), for the query."""
        if program is None:
            return ""
        spaced = self._spaced_text(program)
        words = [f for f, _ in tagged_nouns(question) if f.lower() not in spaced.lower()]
        return " ".join(dict.fromkeys(long for f in words for long in expansions(f, spaced)[:1]))

    def _weak_or_earlier(
        self, question: str, program: ProgramMatch, history: Sequence[Turn]
    ) -> tuple[ProgramMatch, bool]:
        """A follow-up that weakly matches another program stays with the conversation's program when
        that one holds more of its words (a track name asked after a plan is that plan's track, not another notice's)."""
        earlier = self.resolver.resolve_history(history)
        weights = self._question_nouns(question)
        if earlier is None or set(earlier.doc_ids) == set(program.doc_ids):
            return program, False
        if not weights:  # the follow-up names nothing of its own ("직원이 열 명인데 그럼 보증은요?")
            return earlier, True
        if (
            self._coverage(weights, self._program_text(earlier))[0]
            > self._coverage(weights, self._program_text(program))[0]
        ):
            return earlier, True
        return program, False

    def _with_cue_chunks(self, hits: list[Hit], program: ProgramMatch, intents: Sequence[str]) -> list[Hit]:
        """Add the program's chunks whose heading path names the intent (e.g. □ 지원대상) after the hits."""
        from assistant.evidence import CUES

        cues = [CUES[i] for i in intents if i in CUES and i != "count"]  # a digit names no section
        if not cues:
            return hits
        snap = self.index.snapshot
        have = {h.chunk.chunk_id for h in hits}
        per_doc: list[list[Chunk]] = []
        for doc_id in sorted(program.doc_ids):
            found = []
            for cid in snap.doc_chunks.get(doc_id, ()):
                chunk = snap.chunks[cid]
                if cid not in have and any(
                    c.search(chunk.section) or _heading_matches(chunk.text, c) for c in cues
                ):
                    found.append(chunk)
                    have.add(cid)
            per_doc.append(found)
        # take the documents in turn, so a 보도자료 beside its 공고 gets its share of the 8 places
        interleaved = [c for row in itertools.zip_longest(*per_doc) for c in row if c is not None]
        extra = [Hit(chunk, 0.0, len(hits) + i + 1) for i, chunk in enumerate(interleaved[:8])]
        return [*hits, *extra]

    def _with_heading_chunks(self, hits: list[Hit], program: ProgramMatch, question: str) -> list[Hit]:
        """Add the program's chunks with a heading or table header that names a word of the question
        beyond the program's name: "전략이 크게 뭐예요?" → "Ⅲ. 추진전략 및 정책과제" and its
        "전략 | 핵심 대상 | 추진과제" table, which retrieval ranks below the many passages that say 전략."""
        name = "".join(program.name.split())
        words = [n for n in self._question_nouns(question) if n not in name]
        if not words:
            return hits
        snap = self.index.snapshot
        have = {h.chunk.chunk_id for h in hits}
        found: list[tuple[int, Chunk]] = []
        for doc_id in sorted(program.doc_ids):
            for cid in snap.doc_chunks.get(doc_id, ()):
                chunk = snap.chunks[cid]
                if cid in have:
                    continue
                heads = "".join(line for line in chunk.text.split("\n") if _is_heading_line(line))
                named = sum(1 for w in words if w in heads)
                if named:
                    found.append((named, chunk))
        found.sort(key=lambda nc: -nc[0])
        extra = [Hit(chunk, 0.0, len(hits) + i + 1) for i, (_, chunk) in enumerate(found[:HEADING_CHUNKS])]
        return [*hits, *extra]

    def _with_next_chunks(self, hits: list[Hit]) -> list[Hit]:
        """Add the chunk that follows each of the best hits: a table's rows may start a new chunk right
        after the caption and header the question matched ("< 글로벌형 지원내용 > 구분 … 지원한도")."""
        snap = self.index.snapshot
        have = {h.chunk.chunk_id for h in hits}
        extra: list[Hit] = []
        for hit in hits[:NEXT_CHUNK_HITS]:
            ids = snap.doc_chunks.get(hit.chunk.doc_id, ())
            at = ids.index(hit.chunk.chunk_id) if hit.chunk.chunk_id in ids else -1
            if 0 <= at < len(ids) - 1 and ids[at + 1] not in have:
                have.add(ids[at + 1])
                extra.append(Hit(snap.chunks[ids[at + 1]], 0.0, hit.rank + 1))
        return [*hits, *extra]

    @staticmethod
    def _other_rounds(question: str, program: ProgramMatch) -> list[str]:
        """Rounds the question asks about that the program's notice is not ("1차, 2차 때는 …" of the 3차
        notice): the documents do not hold them."""
        asked = dict.fromkeys(_ROUND.findall(question))
        held = set(_ROUND.findall(program.name))
        return [f"{r}차" for r in asked] if asked and held and not held.intersection(asked) else []

    def _unsaid(self, question: str, program: ProgramMatch, amount: bool) -> list[str]:
        """What the question asks that notices rarely state and this program's documents do not: past
        results ("작년 경쟁률"), who was selected before, a contact channel they never give ("이메일"),
        tax treatment ("손금"), a price, or (``amount`` asked) a fee of something they never name
        ("보험료는 얼마나", "등록금이랑 생활비 얼마씩")."""
        text = self._program_text(program)
        unsaid = [w for w in PAST_RESULTS if w in question and w not in text]
        if _PAST_RATE.search(question) and not re.search("선정률|경쟁률|합격률", text):
            unsaid.append("선정률")
        if _PAST_SELECTED.search(question) and not re.search("선정기업명단|선정과제목록|선정결과목록", text):
            unsaid.append("선정된 과제·기업")
        if _LAST_YEAR_SELECTED.search(question) and not re.search("작년|지난해|전년도선정", text):
            unsaid.append("작년 선정 결과")
        elif _PAST_EVENT.search(question) and not _EARLIER_YEAR.search(text):
            unsaid.append("지난 연도의 결과")
        if _PERSON_NAME_ASKED.search(question) and not _NAMED_PERSON.search(text):
            unsaid.append("담당자 이름")
        if _EMAIL_ASKED.search(question) and "@" not in text and "메일" not in text:
            unsaid.append("이메일")
        unsaid += [w for w in TAX_WORDS if w in question and w not in text]
        lowered = text.lower()
        for noun in self._question_nouns(question):
            priced = noun in PRICE_NOUNS or (amount and len(noun) >= 3 and noun[-1] in FEE_SUFFIXES)
            if (
                priced
                and noun not in AMOUNT_PARAPHRASES
                and noun.lower() not in lowered
                and noun not in unsaid
            ):
                unsaid.append(noun)
        if amount:  # Kiwi may cut a fee in two ("검증비" → 검증 + 비): read it from the question's words
            for fee in _FEE_WORD.findall(question):
                if fee not in AMOUNT_PARAPHRASES and fee not in text and fee not in unsaid:
                    unsaid.append(fee)
        if unsaid:  # an abbreviation is said where the documents write its long form
            spaced = self._spaced_text(program)
            unsaid = [w for w in unsaid if not expansions(w, spaced)]
        return unsaid

    def _unheld_subject(self, question: str, program: ProgramMatch, program_text: str) -> list[str]:
        """For "얼마": the question's own nouns (beyond the program's name) when the program's documents
        hold none of them — a price of a printed booklet is one they never state."""
        name = "".join(program.name.split())
        own = [n for n in self._question_nouns(question) if n not in name]
        lowered = program_text.lower()
        unheld = all(
            n.lower() not in lowered and not self.resolver.holds_word(program.doc_ids, n) for n in own
        )
        # words the corpus uses elsewhere ("가격"), not a paraphrase no document uses ("특산품" for 연고산업)
        used_elsewhere = all(n.lower() in self._blob_lower for n in own)
        return own if own and unheld and used_elsewhere else []

    def _percent_unstated(self, question: str, program: ProgramMatch | None, answer: Answer) -> str:
        """For "몇 %": the question's rarest word when neither of its two rarest words shares a line with a
        percentage anywhere in the program's documents (or the cited ones); "" when one does."""
        name = "".join(program.name.split()) if program else ""
        weights = {n: w for n, w in self._question_nouns(question).items() if n not in name}
        rare = sorted(weights, key=lambda n: -weights[n])[:2]
        if not rare:
            return ""
        doc_ids = program.doc_ids if program else {c.doc_id for c in answer.citations}
        docs = self.index.snapshot.docs
        lines = [
            line for d in doc_ids if d in docs for line in docs[d].text.split("\n") if _PERCENT.search(line)
        ]
        return "" if any(n in line for n in rare for line in lines) else rare[0]

    def _with_replacements(self, doc_ids: Iterable[str]) -> set[str]:
        """The documents and the notices that re-issued them: "<a program> 일반형" names its later notice,
        which the May 통합 공고 replaced (152 과제 instead of 102)."""
        out = set(doc_ids)
        todo = list(out)
        while todo:
            card = self._cards.get(todo.pop())
            if card is not None and card.amended_by and card.amended_by not in out:
                out.add(card.amended_by)
                todo.append(card.amended_by)
        return out

    def _without_superseded(self, hits: list[Hit], question: str) -> list[Hit]:
        """Hits without the notices whose re-issue (수정공고, 통합공고) is among them: the re-issue carries the
        text in force ("누적 투자유치금액이 50억원 이상"), the notice it replaced an outdated rule. Kept when
        the question asks about the earlier version."""
        if _EARLIER_VERSION.search(question):
            return hits
        present = {h.chunk.doc_id for h in hits}
        replaced = {d for d in present if d in self._cards and self._cards[d].amended_by in present}
        return [h for h in hits if h.chunk.doc_id not in replaced] if replaced else hits

    def _card_for(self, program: ProgramMatch | None, hits: Sequence[Hit]) -> ProgramCard | None:
        """The card of the program's latest notice (a 수정공고 over the notice it amends)."""
        if program is None:
            return None
        # sorted, not the frozenset's order: the same card on every run
        cards = [self._cards[d] for d in sorted(program.doc_ids) if d in self._cards]
        if not cards:
            return None
        order = {h.chunk.doc_id: h.rank for h in hits}
        cards.sort(key=lambda c: (c.amended_by is not None, order.get(c.doc_id, 99)))
        return cards[0]

    def _generate(self, question: str, history: list[Turn], hits: Sequence[Hit], fallback: Answer) -> Answer:
        from assistant.generate import GenerativeAnswerer

        if self._generator is None:
            self._generator = GenerativeAnswerer(self.settings)
        return self._generator.answer(question, history, hits, fallback)  # type: ignore[attr-defined]


# A follow-up that points back at something the previous question named ("거기 주력산업은?", "그 회사 매출은?").
_BACKGROUND = pattern("question", "background")
_STATEMENT = pattern("question", "statement")
_LIST_ASKED = pattern("across", "list")


_PAST_EVENT = pattern("question", "past_event")
_BENEFIT_NAME = pattern("question", "benefit_name")
_EARLIER_YEAR = pattern("question", "earlier_year")
_BACK_REFERENCE = re.compile(
    r"거기|그\s*(회사|기업|업체|곳|제도)|그곳|해당\s*(회사|기업|업체)|이\s*(회사|기업|업체)|걔|그거|그건|그게|그것"
)
# "저희는 충남 아산에 있는 금형회사인데": the words before "에 있는 … 회사" say where the asker is.
_ASKER_PLACE = re.compile(
    r"((?:\S+\s+){0,2}\S+?)\s*(?:에\s*있는|에\s*위치한|소재(?:의|한)?)\s*\S{0,8}?(?:회사|기업|업체|법인|사업장|공장)"
)
_COMPANY = r"(?:회사|기업|업체|법인|사업장|공장|연구소|본사|사무실|협력사|제조사)"
_SELF = r"(?:입니다|이에요|예요|에요|인데|이고|고|이며|이라|라서|\s*[.,])"  # "… 회사예요": the asker describing itself
# "저희 전북 군산 조선 협력사예요", "저희 창업 3년차 앱 회사고": what the asker says about its own company
_ASKER_CLAUSE = re.compile(
    r"(?:저희|우리)(?:\s*(?:회사|는|가|도))?\s+([^.?!]{0,40}?" + _COMPANY + r")" + _SELF
)
_LOCALITY = re.compile(r"[가-힣]{1,4}[시군구]")  # 청주시, 양평군, 해운대구


def is_region(noun: str) -> bool:
    """A province, a metropolitan city, or a city, county or district by name (청주시, 양평군, 해운대구)."""
    return noun in REGIONS or _LOCALITY.fullmatch(noun) is not None


def _asker_context(question: str, word: str) -> bool:
    """A place that says where the asker is ("저희 강원도 회사인데", "충남 아산에 있는 금형회사", "청주에 있는
    식품 제조업체", "본사는 광주고 연구소는 대전에"), not what the question is about."""
    if any(word in m.group(1) for m in _ASKER_PLACE.finditer(question)):
        return True
    place = re.escape(word)
    # "청주에 있는 식품 제조업체", "구미에 공장 있는", "공장은 울산에 있는데", "김해에서 주물 하는 직원 30명짜리
    # 중소기업", "시화공단에서 금속 가공하는 회사": where the asker's company is
    if re.search(place + r"(?:에|에서)\s+[^.?!]{0,12}?" + _COMPANY, question) or re.search(
        place + r"[가-힣]{0,4}(?:\s+\S{1,8}?)?(?:에|에서)\s+[^.?!]{0,24}?" + _COMPANY + _SELF, question
    ):
        return True
    if re.search(_COMPANY + r"(?:은|는|이|가)?\s*" + place, question):
        return True
    if re.search(place + r"\s[^.?!]{0,12}?" + _COMPANY + _SELF, question):
        return True  # "저희 전북 군산 조선 협력사예요"
    if not is_region(word):
        return False
    # "경기도 회사", "부산이나 울산 업체도": the region and the asker's company within a few words
    return re.search(re.escape(word) + r"[^.?!]{0,10}?" + _COMPANY, question) is not None


def asker_words(question: str, told: bool = True) -> set[str]:
    """The nouns of the asker's description of its own company: context, never a gap of the documents.
    ``told``: with the sentences told before the question, which are context but whose words the documents
    may still hold (they count toward how much of the question a document covers)."""
    own = {
        form
        for m in _ASKER_CLAUSE.finditer(question)
        for form, _ in tagged_nouns(m.group(1))
        if form not in ("회사", "기업", "업체")
    } | {m.group(1).split()[-1].lower() for m in _ASKER_CLAUSE.finditer(question)}  # "sw회사" itself
    # "해외 대학이랑 같이 해 보고 싶은데", "저희는 소기업인데", "작년에 법인을 세웠어요. …?": the asker's situation
    patterns = (_BACKGROUND, _STATEMENT) if told else (_BACKGROUND,)
    clauses = [m.group(1) for p in patterns for m in p.finditer(question)]
    situation = {form for clause in clauses for form, _ in tagged_nouns(clause)} | {
        phrase for clause in clauses for (phrase,) in noun_phrases(clause, pairs=False)
    }
    # "수출바우처 받고 싶은데": a benefit the asker wants is what the question is about, not context
    return own | {w for w in situation if not _BENEFIT_NAME.search(w)}


def _is_heading_line(line: str) -> bool:
    """A heading ("Ⅲ. 추진전략 및 정책과제", "□ 지원내용") or a table's header row ("전략\t핵심 대상\t추진과제")."""
    from assistant.evidence import is_table_header
    from ingest.structure import heading_level

    stripped = line.strip()
    return heading_level(stripped) is not None or is_table_header(stripped)


def _heading_matches(text: str, cue: re.Pattern[str]) -> bool:
    """A line of ``text`` is a heading naming the cue ("□ 지원대상") or starts with it ("- (지원대상) …")."""
    from assistant.evidence import starts_with_cue
    from ingest.structure import heading_level

    return any(
        (heading_level(line) is not None and cue.search(line)) or starts_with_cue(line, cue)
        for line in text.split("\n")
    )


def ensure_index(
    settings: Settings,
    progress: bool = True,
    background_spans: bool = True,
    on_progress: ProgressFn | None = None,
) -> None:
    """Ingest the bundled corpus when the index in ``settings.home`` is empty (first start).

    For the long-running UI and API (``background_spans``) the first start indexes keywords first — read,
    Kiwi, BM25 and program cards — so answers work within minutes; the chunk vectors (open notices first)
    and then the span vectors that make answers better and faster follow in a low-priority background
    process, or come with a later ``giljabi ingest``. Without it (one-shot ``giljabi ask``) the chunk
    vectors are computed at once. ``on_progress(file name, done, total)`` follows the
    first start's files (``giljabi ui`` shows it in the app).
    """
    from ingest.catalog import load_catalog
    from ingest.pipeline import ingest_paths

    if not load_catalog(settings.home).entries:
        if not settings.corpus.exists():
            raise FileNotFoundError(f"문서 폴더가 없습니다: {settings.corpus}")
        ingest_paths(
            [settings.corpus],
            settings.home,
            settings.chroma_url,
            progress=progress,
            on_progress=on_progress,
            span_vectors=False,
            chunk_vectors=not background_spans,
        )
    if background_spans:
        from ingest.span_backfill import start_background

        if start_background(settings.home, settings.span_vectors) is not None and progress:
            print("검색 벡터를 백그라운드에서 계산합니다 (끝나면 답이 더 빨라지고 나아집니다).", flush=True)
