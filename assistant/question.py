"""The question, read once: its text, intent, Kiwi nouns, the asker's own facts and the conversation it
follows (``ParsedQuestion``). Every later stage of the answer path reads this instead of the string."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence

from assistant.intent import Intent, with_history
from assistant.lexicon import pattern
from assistant.programs import GENERIC
from assistant.types import Turn
from ingest.korean import noun_phrases, tagged_nouns

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

# "3차 공고", not "2차 평가"
ROUND = re.compile(r"(?<!\d)(\d)\s*차(?!\s*(?:년|연도|평가|심사|서면|발표|면접))")
# A follow-up that points back at something the previous question named ("거기 주력산업은?", "그 회사 매출은?").
BACK_REFERENCE = re.compile(
    r"거기|그\s*(회사|기업|업체|곳|제도)|그곳|해당\s*(회사|기업|업체)|이\s*(회사|기업|업체)|걔|그거|그건|그게|그것"
)
_BACKGROUND = pattern("question", "background")
_STATEMENT = pattern("question", "statement")
_BENEFIT_NAME = pattern("question", "benefit_name")
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


def asker_context(question: str, word: str) -> bool:
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


@dataclasses.dataclass(frozen=True)
class Words:
    """Kiwi's reading of one text: its nouns with their tags, its compounds as written (lower-case) and
    the nouns of the asker's description of itself ("저희 창원 부품 협력사인데" → 창원, 부품, 협력사), with and
    without the sentences told before the question (``asker``, ``asker_clauses``)."""

    text: str
    tagged: tuple[tuple[str, str], ...]
    compounds: tuple[str, ...]
    asker: frozenset[str]
    asker_clauses: frozenset[str]

    @classmethod
    def of(cls, text: str) -> Words:
        compounds = tuple(compound for (compound,) in noun_phrases(text, pairs=False))
        return cls(
            text,
            tuple(tagged_nouns(text)),
            compounds,
            frozenset(asker_words(text)),
            frozenset(asker_words(text, told=False)),
        )

    def distinctive(self, idf: Mapping[str, float]) -> dict[str, float]:
        """Distinctive nouns with their IDF weights (question words, generic words, regions and the asker's
        own words left out), in the text's order: the order of a referent's query words is the user's."""
        nouns = dict.fromkeys(
            f
            for f, tag in self.tagged
            if len(f) >= 2
            and tag in ("NNG", "NNP", "SL")
            and f not in QUESTION_WORDS
            and f not in GENERIC
            and not (tag == "NNP" and is_region(f))
            and f not in self.asker_clauses
        )
        return {n: min(idf.get(n, 4.0), 6.0) for n in nouns}


@dataclasses.dataclass(frozen=True)
class ParsedQuestion:
    """One question as every stage reads it: parsed once per ask."""

    text: str  # stripped
    history: tuple[Turn, ...]
    intent: Intent  # with the previous question's intent for a bare follow-up
    words: Words
    weights: Mapping[str, float]  # distinctive nouns → IDF weight (``Words.distinctive``)
    points_back: bool  # "거기", "그 회사": a reference to what the conversation named
    earlier: str  # the previous user turn ("" when none): what a reference points back at

    @property
    def asked_rounds(self) -> list[str]:
        """The rounds the question names ("2차 공고" → ["2"])."""
        return ROUND.findall(self.text)


def parse_question(question: str, history: Sequence[Turn], idf: Mapping[str, float]) -> ParsedQuestion:
    """Read ``question`` (after ``history``) once: intent, nouns, the asker's facts, references back."""
    text = question.strip()
    words = Words.of(text)
    earlier = next((t.content for t in reversed(history) if t.role == "user"), "")
    return ParsedQuestion(
        text=text,
        history=tuple(history),
        intent=with_history(text, history),
        words=words,
        weights=words.distinctive(idf),
        points_back=BACK_REFERENCE.search(text) is not None,
        earlier=earlier,
    )
