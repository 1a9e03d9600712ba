"""Evidence selection: the sentences or table rows that answer a question, each a verbatim span.

Candidates are sentences, table rows, and headings with the bullets under them, from the retrieved
chunks, plus the program card's fields. They are scored by intent cues (□ 지원대상, 접수기간 …), the
values the intent needs (a date for a deadline, an amount, a ratio, a phone number), rare question
words they contain (IDF-weighted), and the retrieval rank of their chunk.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from assistant.deciding_line import deciding_line
from assistant.lead_values import of_asked_attribute
from assistant.lexicon import pattern, table
from assistant.rerank import SentenceSimilarity
from assistant.span_scorer import (
    TracedChoice,
    TracedSpan,
    default_scorer,
    is_tracing,
    record,
    similarity_parts,
)
from assistant.types import Hit
from ingest.coordinated import coordinated_words
from ingest.korean import keyword_tokens
from ingest.normalize import (
    find_amounts,
    find_dates,
    find_foreign_amounts,
    find_periods,
    find_phones,
    find_ratios,
)
from ingest.spans import is_label, list_spans, sentence_spans
from ingest.stored_analyses import STORED
from ingest.structure import heading_level


@dataclass(frozen=True)
class Evidence:
    hit: Hit
    start: int  # offsets into the document text
    end: int
    text: str
    score: float


CUES: dict[str, re.Pattern[str]] = {
    k: pattern("cue", k) for k, v in table("cue").items() if isinstance(v, str)
}
_NEGATIVE: dict[str, re.Pattern[str]] = {k: pattern("cue", "not", k) for k in table("cue", "not")}
RERANK_TOP = 12
_RANGE_OR_END = re.compile(
    r"\d[\d.\s년월]*[~∼]\s*['’]?\d|\d{2,4}\s*년\S{0,3}\s*까지"
)  # ’25.4.∼’29.12., 2027년까지
_LENGTH = re.compile(r"(?<![\d월])(?<!월 )\d{1,3}\s*(?:개월|년|주|일)")  # 57개월, 300일; not 2025년, 6월 23일
TOKEN_CACHE = 50_000  # spans whose Kiwi tokens are kept (a few MB)
LIST_INTENTS = frozenset({"menu", "eligibility", "procedure", "general"})
NAMED_LIST_INTENTS = frozenset({"menu", "eligibility"})  # a list asked for by its heading's word
# Bullets, numbering and an opening bracket before a line's label: "- □ (", "◦ ", "① ", "2) ".
_LABEL = re.compile(r"[\s\-□■◦ㅇ○●•·*▪◆◇▶▷※①-⑳➊-➓\d.)]*[(\[<【]?\s*")
# An organisation named as the answer to "어디예요?" (전문기관, 담당 부서) when no phone number is given.
_ORGANISATION = pattern("document", "organisation")
# A help desk for a system rather than the program's own contact ("이지비즈 온라인 접수 문의 031-…").
_HELPDESK = pattern("document", "helpdesk")
# "어디서 신청/볼 수 있어요?" is answered by a place: a web address, a system, a channel, a counter.
_WHERE_ASKED = pattern("asked", "where")
_PLACE = pattern("document", "place", flags=re.IGNORECASE)
WHERE_INTENTS = frozenset({"procedure", "general"})
OTHER_DOC_MARGIN = 3.0
LABEL_ASKED = 15.0  # a list under a label the question quotes (a label the question names) outranks the table holding it
LABEL_NAMED = (
    4.0  # "- (사업기간) 2020년 ~ 2025년" answers a question about its years: the label is the question's word
)
# A line's own label after its bullets: "(사업기간)", "예산규모 :", "<지원내용>".
_LINE_LABEL = re.compile(r"([가-힣A-Za-z&·\s]{2,15}?)\s*[)\]>】:：]")
UNIT_KIN = {
    "명": "명|인",
    "인": "명|인",
    "천만": "억|천만|백만",
    "백만": "억|천만|백만",
    "억": "억|천만|백만",
}
THRESHOLD = 3.0  # a limit in the unit of the asker's own figure
# the limit on one attribute of the applicant asked about ("매출 요건", "업력 제한", "직원 수 기준")
_ATTRIBUTE_ASKED = pattern("asked", "attribute_limit")
_AGE_ASKED = pattern("asked", "age")
_AGE_LIMIT = pattern("document", "age_limit")
# The header of a document's own contact block, spaced out or not: "문 의 처 전 화 번 호 이 메 일", "6 문의처".
_CONTACT_HEADER = pattern("document", "contact_header")
CONTACT_BLOCK = 4.0
HEADER_CUE = 2.5
TABLE_ROWS = 30  # how far up a table row looks for its header
TITLE_LINES = 12  # how far up a passage looks for the title of the block it is in
TITLE_CHARS = 40
HEADER_CUE_INTENTS = frozenset(
    {"eligibility", "amount", "ratio", "menu", "procedure", "deadline", "period", "bonus"}
)
_ISSUER = re.compile(r"[가-힣]{2,8}[청부처]")  # 산림청, 농진청, 중기부, 과기정통부, 식약처
PHONE = 1.5
# a line that introduces the list below it: "아래에 모두 해당하는 기업", "다음의 경우"
_LEAD_IN = re.compile(r"(아래|다음)\S*\s*(\S+\s*){0,3}(기업|기관|자|경우|요건)\s*[:：]?$")
SUBJECT_LABEL = 8.0  # an eligibility rule labelled with the kind of participant asked about
OWNER = 15.0  # a phone number right after the name of the office asked about
OWNER_GAP = 16  # characters between that name and its number
POINTS = 2.0
DEFINITION = 2.0
DEFINITION_ASKED = 4.0
_DEFINITION_ASKED = pattern("asked", "definition")
_ADDRESSED = pattern("document", "addressed")
OTHER_ATTRIBUTE = -4.0  # a line whose every value is of another attribute than the one asked
_VALUE_FINDERS = {"amount": find_amounts, "ratio": find_ratios, "contact": find_phones}
CUE_REQUIRED = frozenset({"bonus"})  # intents only a passage that names them answers
_POINTS = re.compile(r"\d+(?:\.\d+)?\s*점")
_NUMBER_ASKED = pattern("asked", "number")
_SEVERAL = pattern("question", "several")
ONE_ONLY = pattern("question", "one_only")
ONE_ONLY_PART = 3.0  # "과제 두 개 내도 돼요?" → "1개의 과제만 신청할 수 있음"
# What askers call things the notices name otherwise ("주관기관" for 주관연구개발기관): the lexicon's [synonym]
SYNONYMS: Mapping[str, tuple[str, ...]] = {k: tuple(v) for k, v in table("synonym").items()}
_KINDS = frozenset(
    {"중소기업", "중견기업", "대기업", "소상공인", "기업", "기관", "업체"}
)  # too wide to be a name
ALIAS_WEIGHT = 0.8  # another name counts for this share of the word the question uses
TOPIC_IDF = 4.5  # a question word this rare is its topic (a rare product name beside 지원대상)
NO_TOPIC = -4.0
VALUE_INTENTS = frozenset({"deadline", "period", "amount", "ratio", "contact", "count", "schedule"})
# Words that say what kind of answer is wanted rather than what it is about.
INTENT_WORDS = frozenset(
    {
        "지원",
        "대상",
        "사업",
        "신청",
        "기업",
        "마감",
        "접수",
        "기간",
        "언제",
        "얼마",
        "금액",
        "한도",
        "문의",
        "방법",
        "서류",
        "자격",
        "내용",
        "프로그램",
        "비율",
        "최대",
        "규모",
        "연락처",
        "전화",
        "담당",
        "절차",
        "일정",
        "받",
        "되",
        "하",
        "있",
        "알리",
        "주",
        "보",
        "어떻",
        "필요",
        "가능",
        "자부담",
        "부담",
        "평가",
        "선정",
        "가점",
    }
)


@functools.lru_cache(maxsize=TOKEN_CACHE)
def token_set(text: str) -> frozenset[str]:
    """`span_token_set` of a span, cached: the same document lines come back question after question.
    The background worker stores those of every candidate span (`ingest.stored_analyses`); a span it has
    not analysed is analysed now."""
    stored = STORED.token_set(text)
    return stored if stored is not None else span_token_set(text)


def span_token_set(text: str) -> frozenset[str]:
    """Kiwi keyword tokens of a span with the words its middle-dot contractions stand for ("휴‧폐업" →
    휴업)."""
    return frozenset(keyword_tokens(text)) | coordinated_words(text)


def has_value(intent: str, text: str) -> bool:
    if intent == "deadline":
        if find_dates(text) or re.search(r"\d{1,2}\s*월\s*\d{1,2}\s*일", text):
            return True
        later = r"추후\s*(공지|안내)|별도\s*(공지|안내)|상시|예산\s*소진"
        return bool(
            re.search(
                rf"(접수|신청|마감|모집).{{0,20}}({later})|({later}).{{0,20}}(접수|신청|마감|모집)", text
            )
        )
    if intent == "period":
        # a range, a length (계약 후 300일, 57개월) or an end (…까지): a lone date (a signature's) is no period
        dates = find_dates(text)
        return (
            len(dates) >= 2
            or (bool(dates) and "까지" in text)
            or bool(_LENGTH.search(text) or _RANGE_OR_END.search(text))
        )
    if intent == "amount":
        return bool(find_amounts(text)) or bool(find_foreign_amounts(text))
    if intent == "ratio":
        return bool(find_ratios(text)) or bool(re.search(r"\d\s*:\s*\d", text))
    if intent == "contact":
        return bool(find_phones(text)) or bool(_ORGANISATION.search(text))
    if intent == "count":
        return bool(re.search(r"\d", text))
    if intent == "schedule":  # "사업공고(2월) → 선정·평가(3월) → 협약체결(4월)": months, not dates
        return bool(re.search(r"(?<![\d.])\d{1,2}\s*월|상반기|하반기|\d\s*분기", text))
    return True


@dataclass(frozen=True)
class Candidate:
    hit: Hit
    start: int
    end: int
    bonus: float = 0.0


def list_units(hit: Hit) -> list[tuple[int, int]]:
    """Whole lists in a chunk, for "어떤 프로그램이 있어요?": a heading with all its items, a table with its rows."""
    STORED.load((hit.chunk.doc_id,))
    return list_spans(hit.chunk)


def units_of(hit: Hit, doc_text: str = "") -> list[tuple[int, int]]:
    """Candidate spans in a chunk: sentences/rows, headings with the lines under them, labels with their value
    (the document's stored analyses are read first, `ingest.stored_analyses`)."""
    STORED.load((hit.chunk.doc_id,))
    return sentence_spans(hit.chunk, doc_text)


def lines_above(text: str, start: int, count: int) -> list[str]:
    """Up to ``count`` non-empty lines above ``start``, nearest first."""
    out: list[str] = []
    end = text.rfind("\n", 0, start)
    while end > 0 and len(out) < count:
        begin = text.rfind("\n", 0, end) + 1
        if text[begin:end].strip():
            out.append(text[begin:end].strip())
        end = begin - 1
    return out


def table_head(text: str, start: int, limit: int = TABLE_ROWS) -> str:
    """The first row of the table whose row starts at ``start`` (the header), or "" for a line that is
    not a table row: "구분 | 가점 내용 | 가점" eight rows above "아 | 「중소기업 기본법」… | 2점"."""
    line_end = text.find("\n", start)
    if "\t" not in text[start : line_end if line_end != -1 else len(text)]:
        return ""
    rows = lines_above(text, start, limit)
    head = ""
    for row in rows:
        if "\t" not in row:
            break
        head = row
    return head


def context_line(text: str, start: int) -> str:
    """The non-empty line above ``start``: the subject a value line belongs to ("① 공급망 협력 R&D")."""
    end = text.rfind("\n", 0, start)
    while end > 0:
        begin = text.rfind("\n", 0, end) + 1
        line = text[begin:end].strip()
        if line:
            return line[:160]
        end = begin - 1
    return ""


def titles_above(text: str, start: int, count: int = TITLE_LINES) -> list[str]:
    """Short "•" lines in the ``count`` lines above ``start``: the sub-program a block belongs to
    ("• 가나 인력 채용지원" over its "연간 최대 1,000만원" row). Outline headings ("가. 사업개요")
    name sections, not subjects: counting them cost three answers for one."""
    return [
        line for line in lines_above(text, start, count) if len(line) <= TITLE_CHARS and line.startswith("•")
    ]


@dataclass(frozen=True)
class QuestionTerms:
    """What a question asks for, prepared once: weighted words, the counter unit, the intent cues."""

    intent: str
    weights: Mapping[str, float]
    all_words: frozenset[str]
    unit: str | None
    name: str = ""  # the resolved program's name, lower-case without spaces
    numbers: tuple[re.Pattern[str], ...] = ()  # "5년", "24개월" as the question writes them
    definable: tuple[str, ...] = ()  # rare question words a span may define ("잠재기업 : …")
    until: bool = False  # "몇 년도까지": the counted value must end a range ("'29년까지")
    helpdesk: bool = False  # the question is about a system or the online application itself
    where: bool = False  # "어디서 신청해요?", "어디서 확인하나요?": a site, a system, a place answers
    compact: str = ""  # the question without whitespace
    age: bool = False  # an eligibility question about age: only passages that state one answer it
    counted: re.Pattern[str] | None = None  # "과제 몇 개" → "926개 과제" or "과제 수 926개"
    threshold: re.Pattern[str] | None = (
        None  # "매출 40억인데 돼요?" → a limit in the same unit ("50억원 이상")
    )
    several: bool = False  # the asker would apply more than once ("둘 다 신청해도 돼요?")
    # another name of a question word (a bracketed full name for the short one the question uses): the names and the weight they count for
    others: Mapping[str, tuple[tuple[str, ...], float]] = dataclasses.field(default_factory=dict)

    def with_other_names(self, texts: Iterable[str]) -> QuestionTerms:
        """These terms where another name of a question word counts as that word (at ALIAS_WEIGHT)."""
        words = {*self.definable, *(t for t in self.weights if t in SYNONYMS)}
        names = other_names(sorted(words), texts)
        if not names:
            return self
        others = {}
        for word, alts in names.items():
            parts = [self.weights.get(t, 0.0) for t in keyword_tokens(word)]
            weight = ALIAS_WEIGHT * max([self.weights.get(word, 0.0), *parts])
            others[word] = (tuple(sorted(alts, key=len, reverse=True)), weight)
        return dataclasses.replace(self, others=others)

    def other_name_overlap(self, span: str) -> float:
        """Credit for another name of a question word in a span that does not use the word itself."""
        return sum(
            weight
            for word, (alts, weight) in self.others.items()
            if word not in span and any(alt in span for alt in alts)
        )

    @functools.cached_property
    def unit_pattern(self) -> re.Pattern[str] | None:
        return re.compile(_unit_pattern(self.unit)) if self.unit is not None else None

    @functools.cached_property
    def definition(self) -> re.Pattern[str] | None:
        """ "잠재기업 :" — one of the definable words followed by a colon."""
        if not self.definable:
            return None
        # "(예비)선도기업 :" defines 예비선도기업: brackets and spaces may sit between the letters
        words = ("[()\\s]*".join(map(re.escape, w)) for w in self.definable)
        return re.compile(r"(?:" + "|".join(words) + r")\)?\s*[:：]")

    @classmethod
    def of(cls, intent: str, question: str, idf: Mapping[str, float], ignore: str = "") -> QuestionTerms:
        toks = keyword_tokens(question)
        name = "".join(ignore.split()).lower()
        in_name = {t for t in toks if t in name} if name else set()
        # in the question's order, not a set's: sums over the weights must not vary from run to run
        qtok = [t for t in dict.fromkeys(toks) if t not in INTENT_WORDS]
        all_q = {t for t in toks if len(t) > 1} - in_name - {"지원", "사업", "기업", "신청"}
        # the program's name and the ministry or agency that issues it (산림청, 중기부) say which notice,
        # not what in it answers
        weights = {
            t: min(idf.get(t, 1.0), 6.0) * (0.3 if t in in_name or _ISSUER.fullmatch(t) else 1.0)
            for t in qtok
        }
        counter = re.search(
            r"몇\s*(개월|개사|개|건|명|곳|군데|%|퍼센트|년도|년|월|배|차|회|점|시간|분(?![야기])|장|페이지|쪽)(\s*까지)?",
            question,
        )
        unit = counter.group(1).replace("퍼센트", "%").replace("군데", "곳") if counter else None
        if unit == "년" and re.search(r"몇\s*년\s*부터", question):
            unit = "년도"  # "어느 해부터 어느 해까지": years, not a number of years
        until = bool(counter and counter.group(2))
        numbers = tuple(
            re.compile(rf"(?<![\d.,]){m.group(1)}\s*{m.group(2)}")
            for m in re.finditer(
                r"(?<![\d.,])(\d+)\s*(개월|년|개|건|명|곳|억|천만|백만|만|%|차|회|배)", question
            )
        )
        definable = tuple(
            w
            for w in dict.fromkeys(
                re.sub(r"(이랑|랑|하고|으로|에서|은|는|이|가|을|를|로|에|의|도|만|란|이란)$", "", word)
                for word in re.findall(r"[가-힣()]{3,}", question)
            )
            if len(w) >= 3 and w not in name and not (set(keyword_tokens(w)) <= INTENT_WORDS)
        )
        helpdesk = bool(_HELPDESK.search(question)) or "접수" in question
        where = intent in WHERE_INTENTS and _WHERE_ASKED.search(question) is not None
        compact = "".join(question.split())
        return cls(
            intent,
            weights,
            frozenset(all_q),
            unit,
            name,
            numbers,
            definable,
            until,
            helpdesk,
            where,
            compact,
            intent == "eligibility" and _AGE_ASKED.search(question) is not None,
            _counted(question, unit, frozenset(toks)),
            _threshold(question) if intent == "eligibility" else None,
            several=_SEVERAL.search(question) is not None,
        )


def other_names(words: Iterable[str], texts: Iterable[str]) -> dict[str, set[str]]:
    """Other names of the question's words: the fixed synonyms, and the names the documents give a word
    in brackets — "가나참여기관(다라기업)" makes 가나참여기관 another name of 다라기업, and the other
    way round."""
    texts = tuple(texts)
    out: dict[str, set[str]] = {}
    for word in words:
        names = set(SYNONYMS.get(word, ()))
        w = re.escape(word)
        bracket = re.compile(
            rf"([가-힣A-Za-z]{{3,20}})\s*\(\s*{w}\s*[,)]|{w}\s*\(\s*([가-힣A-Za-z]{{3,20}})\s*\)"
        )
        for text in texts:
            if word in text:
                names.update(
                    n
                    for m in bracket.finditer(text)
                    for n in m.groups()
                    if n and n != word and n not in _KINDS
                )
        if names:
            out[word] = names
    return out


def _counted(question: str, unit: str | None, words: frozenset[str]) -> re.Pattern[str] | None:
    """The noun a "몇 개" counts ("과제 몇 개" → 과제, not "하고 몇 개"), next to a number of that unit."""
    if unit is None or unit in ("년도", "월"):
        return None
    amount = "(?:곳|군데|개)" if unit == "곳" else re.escape(unit)  # places are counted as 곳, 군데 or 개
    noun = re.search(r"([가-힣]{2,}?)\s*(?:수는?|수가|는|은|가|이|를|을)?\s*몇\s*" + amount, question)
    if noun is None:
        return None
    # a compound counts by its head: "거점지역은 몇 군데" → "12개 지역"
    head = (
        noun.group(1)
        if noun.group(1) in words
        else next(
            (w for w in sorted(words, key=len, reverse=True) if len(w) > 1 and noun.group(1).endswith(w)),
            None,
        )
    )
    if head is None:
        return None
    word, number = re.escape(head), rf"\d[\d,.]*\s*[만천백]?\s*{amount}"
    # "926개 과제", "44개 지원사업" (the noun may close a compound), "과제 수 926개"
    return re.compile(rf"{number}\S{{0,2}}\s*[가-힣]{{0,4}}{word}|{word}\S{{0,4}}\s*{number}")


def _threshold(question: str) -> re.Pattern[str] | None:
    """A limit in the unit of a quantity the asker states ("직원 60명" → "50인 미만", "매출 40억" → "50억원
    이상"), or an age limit when age is asked about."""
    units = {
        UNIT_KIN.get(m.group(1), m.group(1))
        for m in re.finditer(r"\d\s*(억|천만|백만|만|명|인|년|개월|%)", question)
    }
    limits = []
    if units:
        alternatives = "|".join(sorted(units, key=len, reverse=True))
        limits.append(rf"\d[\d,.]*\s*(?:{alternatives})\s*원?\s*(?:이상|이하|미만|초과|이내)")
    asked = _ATTRIBUTE_ASKED.search(question)
    if asked:  # "매출 요건은?" → "’23년 매출액 50억원 이상 700억원 미만": the attribute with its limit
        limits.append(rf"{asked.group(1)}[^\n]{{0,30}}?\d[\d,.]*\s*\S{{0,3}}\s*(?:이상|이하|미만|초과|이내)")
    if _AGE_ASKED.search(question):  # "나이 제한 있어요?" → "만 39세 이하", "연령제한 : …"
        limits.append(r"만\s*\d+\s*세|\d+\s*세\s*(?:이상|이하|미만|초과)|연령\s*제한")
    return re.compile("|".join(limits)) if limits else None


def _unit_pattern(unit: str) -> str:
    """How a counted answer looks: "3년" for 몇 년 (not "2025년"), "'29년"/"2029년" for 몇 년도."""
    if unit == "년도":
        return r"(?<!\d)(20\d\d|['’‘]\d\d)\s*년"
    if unit == "년":
        return r"(?<![\d'’‘])\d{1,2}\s*년"
    if unit == "월":
        return r"(?<![\d.])\d{1,2}\s*월|매월|매달|수시"  # "몇 월에 해요?" → "4, 5, 7, 9, 11월" or "매월"
    # "1.1만개", "1.5만 명": a count may carry its order of magnitude; 24개월 is a duration, not a count
    if unit in ("장", "페이지", "쪽"):
        return r"\d\s*(장|페이지|쪽|매)"  # "15페이지 이내", "10장 내외"
    if unit == "분":
        return r"\d\s*분(?![야기의])"  # minutes, not "3분기"
    if unit == "곳":
        return r"\d\s*(곳|군데|개(?!월))"  # places are counted as 곳, 군데 or 개 (44개 지역)
    return r"\d\s*[만천백]?\s*" + re.escape(unit) + ("(?!월)" if unit == "개" else "")


def is_table_header(line: str) -> bool:
    """A short tab-separated line: the header row of a table ("전략\t핵심 대상\t추진과제")."""
    return "\t" in line and len(line) <= 40


def line_label(line: str) -> str:
    """The label a line opens with, without spaces ("- (사업 기간) 2020년" → "사업기간"); "\0" when none."""
    bullets = _LABEL.match(line)
    label = _LINE_LABEL.match(line, bullets.end() if bullets else 0)
    squashed = "".join(label.group(1).split()) if label else ""
    return squashed if len(squashed) >= 3 else "\0"


def starts_with_cue(line: str, cue: re.Pattern[str]) -> bool:
    """``line`` opens with the cue as its label, after bullets and a bracket: "- □ (지원대상) …"."""
    label = _LABEL.match(line)
    return label is not None and cue.match(line, label.end()) is not None


def _labelled_by_subject(terms: QuestionTerms, label: str) -> bool:
    """Whether a line's label is the subject the question asks about ("도입기업"), or another name the
    documents give it (a participant's full name), rather than an attribute."""
    if any(label == word or label in alts for word, (alts, _) in terms.others.items()):
        return True
    return terms.weights.get(label, 0.0) >= TOPIC_IDF


def _phone_of_named(terms: QuestionTerms, span: str) -> bool:
    """Whether a phone number of ``span`` comes right after a rare word of the question: the number is
    that office's ("(호서대학교) (041) 540-5369"), not one of a line that lists it among others."""
    rare = [t for t, w in terms.weights.items() if w >= TOPIC_IDF and len(t) > 1]
    for phone in find_phones(span):
        line_start = span.rfind("\n", 0, phone.start) + 1
        before = span[max(line_start, phone.start - OWNER_GAP) : phone.start]
        if any(t in before for t in rare):
            return True
    return False


def score_parts(terms: QuestionTerms, span: str, hit: Hit, bonus: float = 0.0) -> dict[str, float] | None:
    """The score of one candidate span, by component (None: the span cannot answer the intent)."""
    intent = terms.intent
    stripped = span.strip()
    if len(stripped) < 4:
        return None
    if intent in VALUE_INTENTS and not has_value(intent, span):
        return None
    if terms.age and not _AGE_LIMIT.search(span):
        return None  # "나이 제한 있어요?" is answered by an age, not by the other limits
    parts: dict[str, float] = {"rank": 1.5 / hit.rank, "card": bonus}
    if len(stripped) < 15 and intent not in VALUE_INTENTS:
        parts["short"] = -2.5
    cue = CUES.get(intent)
    if cue is not None:
        if cue.search(span):
            parts["cue"] = 3.0
        elif cue.search(hit.chunk.section):
            parts["cue"] = 1.5
    if terms.several and ONE_ONLY.search(span):
        parts["one_only"] = ONE_ONLY_PART
    if terms.where and _PLACE.search(span):
        parts["place"] = 2.5
    if intent == "contact" and _HELPDESK.search(span) and not terms.helpdesk:
        parts["helpdesk"] = -2.0
    if intent == "contact" and _NUMBER_ASKED.search(terms.compact) and not find_phones(span):
        parts["no_phone"] = -4.0  # "담당 번호가 뭐예요?": an office's name alone does not answer
    elif intent == "contact" and find_phones(span):
        parts["phone"] = PHONE  # "어디로 문의해요?": an office with its number over its name alone
        if _phone_of_named(terms, span):
            parts["owner"] = OWNER  # "호서대 센터 전화번호" → "(호서대학교) (041) 540-5369"
    neg = _NEGATIVE.get(intent)
    if neg is not None and neg.search(span) and not re.search(r"접수|신청|마감", span):
        parts["negative"] = -3.0
    if intent == "deadline":
        parts["deadline"] = (1.5 if re.search(r"접수|신청|마감", span) else 0.0) + (
            1.0 if find_periods(span) else 0.0
        )
    if intent in VALUE_INTENTS:
        parts["value"] = 2.0
    if intent == "bonus" and _POINTS.search(span):
        parts["points"] = POINTS  # "비수도권 소재 기업에 대한 가점 신설(2점)": how many points
    if terms.unit_pattern is not None and intent != "eligibility" and terms.unit_pattern.search(span):
        parts["unit"] = 3.0
        if terms.until and re.search(terms.unit_pattern.pattern + r"\s*도?\s*(까지|~)", span):
            parts["until"] = 2.5  # "'29년까지" answers "몇 년도까지"; "2025년 1월 31일" does not
        if terms.counted is not None and terms.counted.search(span):
            parts["counted"] = 2.5  # "과제 몇 개" → "926개 과제": the number counts what was asked about
    elif terms.unit_pattern is not None and intent == "count":
        parts["no_unit"] = -3.0  # "몇 개" is not answered by a line without a number of 개
    first = stripped.split("\n", 1)[0]
    level = heading_level(first)
    has_body = "\n" in stripped or ":" in first  # a heading with its content, not a bare title line
    if not has_body:
        level = None
    if level is not None and level <= 3 and len(first) <= 30:
        if terms.all_words & token_set(first[:24]):
            parts["heading_words"] = 2.0  # a heading that names what was asked: "□ 평가방법 : 발표평가 100%"
        if cue is not None and cue.search(first):
            parts["heading_cue"] = 2.0  # a heading that names the intent itself: "□ 지원대상", "□ 신청자격"
    lines = stripped.count("\n") + 1
    if (
        intent in NAMED_LIST_INTENTS
        and lines >= 3
        and (level is not None or is_table_header(first))
        and terms.all_words & token_set(first[:24])
    ):
        # "추진과제가 뭐뭐죠?" → the list headed "전략 | 핵심 대상 | 추진과제", the whole of it
        parts["named_list"] = 2.5 + 0.1 * min(lines, 10)
    label = "".join(first.split())
    items = sum(1 for line in stripped.split("\n")[1:] if line.strip())
    if intent == "menu" and items >= 2 and is_label(first) and len(label) >= 3 and label in terms.compact:
        # "판로 쪽으로는 뭐 있어요?" → all the items under the label "사업화 지원", not the whole table
        parts["label_asked"] = LABEL_ASKED + 0.1 * min(items, 10)
    label_named = line_label(first)
    if (
        label_named in terms.compact
        and cue is not None
        and cue.search(label_named)
        and (terms.unit_pattern is None or "unit" in parts)
    ):  # the label is the attribute asked ("사업기간"), not the subject ("네트워크론", "선정평가는 몇 월")
        parts["label_named"] = LABEL_NAMED
    if _LEAD_IN.search(first):  # "아래에 모두 해당하는 기업": the rule is the list below, not the line
        parts["lead_in"] = 1.0 if "\n" in stripped else -1.0
    if intent == "eligibility" and _labelled_by_subject(terms, label_named):
        # a participant's conditions → "□ (그 참여자의 다른 이름) … 아래에 모두 해당하는 기업": the rule for that participant
        parts["subject_label"] = SUBJECT_LABEL
    if "heading_cue" not in parts and cue is not None and starts_with_cue(stripped, cue):
        parts["heading_cue"] = 2.0  # a labelled line: "- □ (지원대상) 비수도권 …", "◦ 신청자격 : …"
    stok = token_set(span)
    if terms.weights:
        # a word inside a compound counts too: "대구" in "대구테크노파크 (053)757-4182"
        parts["overlap"] = 0.8 * sum(
            w for t, w in terms.weights.items() if t in stok or (len(t) > 1 and t in span)
        ) + 0.8 * terms.other_name_overlap(span)
    if not terms.name and not parts.get("overlap") and any(w >= TOPIC_IDF for w in terms.weights.values()):
        parts["no_topic"] = (
            NO_TOPIC  # no program to stand for the topic: a span without its rare word is off it
        )
    if terms.name and len({t for t in stok - INTENT_WORDS if t not in terms.name and not t.isdigit()}) <= 1:
        parts["title_only"] = -4.0  # the program's name and little else: a title or caption line
    if terms.threshold is not None and terms.threshold.search(span):
        parts["threshold"] = THRESHOLD
    if terms.age and re.search(r"\d+\s*세(?!대)", span):
        parts["age"] = 3.0  # an age itself ("만 39세 이하") over a birth-date rule
    if any(p.search(span) for p in terms.numbers):
        parts["number"] = 2.0
    if terms.definition is not None and terms.definition.search(span):
        # "잠재기업 : 41개 주력산업별 … 상위 30%~50%" defines what was asked about; "기준이 뭐예요?" asks for it
        parts["definition"] = DEFINITION_ASKED if _DEFINITION_ASKED.search(terms.compact) else DEFINITION
    if "named_list" not in parts and "label_asked" not in parts:  # a list asked for is as long as it is
        parts["length"] = -0.003 * max(0, len(stripped) - 160)
    return parts


def _whole_lines(text: str, start: int, end: int) -> str:
    """The lines that hold ``text[start:end]``, from the first one's start to the last one's end."""
    stop = text.find("\n", end)
    return text[text.rfind("\n", 0, start) + 1 : len(text) if stop == -1 else stop]


def select_evidence(
    intent: str,
    question: str,
    candidates: Sequence[Candidate],
    doc_texts: Mapping[str, str],
    idf: Mapping[str, float],
    limit: int = 2,
    ignore: str = "",
    similarity: SentenceSimilarity | None = None,
) -> list[Evidence]:
    """Best spans for ``intent``; words of ``ignore`` (the resolved program's name) don't count as overlap."""
    doc_ids = list(dict.fromkeys(c.hit.chunk.doc_id for c in candidates))
    STORED.load(doc_ids)  # their candidate spans' token sets, when the background worker has stored them
    terms = QuestionTerms.of(intent, question, idf, ignore).with_other_names(doc_texts[d] for d in doc_ids)
    if terms.age and not any(
        _AGE_LIMIT.search(doc_texts[c.hit.chunk.doc_id], c.start, c.end) for c in candidates
    ):
        terms = dataclasses.replace(terms, age=False)  # no passage states an age: answer as usual
    scorer = default_scorer()
    scored: list[tuple[Evidence, dict[str, float]]] = []
    seen: set[tuple[str, int, int]] = set()
    for cand in candidates:
        hit = cand.hit
        key = (hit.chunk.doc_id, cand.start, cand.end)
        if key in seen:
            continue
        seen.add(key)
        span = doc_texts[hit.chunk.doc_id][cand.start : cand.end]
        if _ADDRESSED.search(_whole_lines(doc_texts[hit.chunk.doc_id], cand.start, cand.end)):
            continue  # a document's text is data: a line that instructs the reader never answers
        parts = score_parts(terms, span, hit, cand.bonus)
        if parts is None:
            continue
        if (
            intent == "contact"
            and "cue" not in parts
            and any(
                _CONTACT_HEADER.match("".join(line.split()))
                for line in lines_above(doc_texts[hit.chunk.doc_id], cand.start, 2)
            )
        ):
            # a row right under the document's "문 의 처 | 전 화 번 호" header: the header's cue is the row's
            parts["contact_block"] = CONTACT_BLOCK
        elif (
            intent in HEADER_CUE_INTENTS
            and "cue" not in parts
            and any(
                is_table_header(line) and CUES[intent].search("".join(line.split()))
                for line in [
                    *lines_above(doc_texts[hit.chunk.doc_id], cand.start, 2),
                    table_head(doc_texts[hit.chunk.doc_id], cand.start),
                ]
            )
        ):  # a row of a table whose header names the intent ("구 분 | 지원 대상 | 비고")
            parts["header_cue"] = HEADER_CUE
        if intent in CUE_REQUIRED and "cue" not in parts and "header_cue" not in parts:
            continue  # "가점 있어요?" is answered by a bonus rule, not by the question's other words
        if "no_unit" in parts:
            continue  # "몇 개 기업 뽑아요?" is not answered by a line without a number of 개
        if intent in _VALUE_FINDERS:
            values = _VALUE_FINDERS[intent](span)
            if values and not of_asked_attribute(intent, span, values, question):
                # every value the line states is another attribute's (부채비율 500% for "자부담은?")
                parts["other_attribute"] = OTHER_ATTRIBUTE
        if terms.weights:
            doc_text = doc_texts[hit.chunk.doc_id]
            above = token_set(context_line(doc_text, cand.start)).union(
                *(token_set(t) for t in titles_above(doc_text, cand.start))
            )
            inside = token_set(span)
            parts["context"] = 0.4 * sum(w for t, w in terms.weights.items() if t in above - inside)
        scored.append((Evidence(hit, cand.start, cand.end, span, scorer.score(parts)), parts))
    scored.sort(key=lambda pair: -pair[0].score)
    head = 0
    if similarity is not None and len(scored) > 1:
        # the most similar of the best few by meaning too: paraphrases the cues miss
        head = min(RERANK_TOP, len(scored))
        sims = similarity.scores(question, [ev.text for ev, _ in scored[:head]])
        rescored = []
        for (ev, parts), extra in zip(scored[:head], similarity_parts(sims), strict=True):
            both = {**parts, **extra}
            rescored.append((dataclasses.replace(ev, score=scorer.score(both)), both))
        scored = sorted(rescored, key=lambda pair: -pair[0].score) + scored[head:]
    if is_tracing():
        record(
            TracedChoice(
                intent,
                question,
                [
                    TracedSpan(
                        ev.hit.chunk.doc_id, ev.hit.chunk.source, ev.start, ev.end, ev.text, parts, i < head
                    )
                    for i, (ev, parts) in enumerate(scored)
                ],
                limit,
            )
        )
    ranked = [ev for ev, _ in scored]
    chosen = _chosen(ranked, limit)
    line = deciding_line(
        intent,
        question,
        terms.weights,
        ranked,
        chosen,
        similarity,
        terms.name,
        ONE_ONLY if terms.several else None,
    )
    return chosen if line is None else [*chosen, line]


def _chosen(scored: list[Evidence], limit: int) -> list[Evidence]:
    """The best ``limit`` spans that do not overlap, a second document's best among them when it is close."""
    chosen: list[Evidence] = []
    other = next(
        (ev for ev in scored[1:] if scored and ev.hit.chunk.title != scored[0].hit.chunk.title), None
    )
    if other is not None and limit > 1 and other.score >= scored[0].score - OTHER_DOC_MARGIN:
        # the program has a second document (a 보도자료 beside its 공고): let it speak too
        scored = [scored[0], other, *[ev for ev in scored[1:] if ev is not other]]
    for ev in scored:
        if any(
            ev.hit.chunk.doc_id == c.hit.chunk.doc_id and ev.start < c.end and c.start < ev.end
            for c in chosen
        ):
            continue
        chosen.append(ev)
        if len(chosen) >= limit:
            break
    return chosen
