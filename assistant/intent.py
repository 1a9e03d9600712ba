"""Question intent from Kiwi morphemes and question patterns; several intents at once are allowed."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.types import Turn
from ingest.korean import keyword_tokens, tagged_nouns

# hours, minutes and pages: "교육은 몇 시간?", "발표는 몇 분?", "계획서 몇 장까지?" (not 몇 분야, 몇 분기)
_MEASURES = r"시간|분(?![야기])|장|페이지|쪽"

_RULES: dict[str, tuple[tuple[str, ...], re.Pattern[str] | None]] = {
    "deadline": (
        ("마감", "기한", "언제", "일정", "날짜", "며칠", "신청기간", "접수기간"),
        re.compile(r"언제|까지|마감|기한|며칠|몇\s*일|날짜|일정|기간"),
    ),
    "eligibility": (
        ("대상", "자격", "요건", "제외", "조건", "누구"),
        re.compile(
            r"대상|자격|요건|제외|신청할\s*수|해당되|조건|누가|누구|가능한가|가능할까|되나요|받을\s*수\s*있"
        ),
    ),
    "amount": (
        ("얼마", "한도", "금액", "규모", "예산", "지원금", "최대", "사업비", "정부출연금", "지원액"),
        re.compile(r"얼마|한도|금액|규모|예산|지원금|최대|사업비|출연금|몇\s*억|몇\s*천"),
    ),
    "ratio": (
        ("자부담", "부담", "비율", "매칭", "민간부담금", "현금", "현물"),
        re.compile(r"자부담|부담|비율|매칭|현금|현물"),
    ),
    "menu": (
        ("지원내용", "프로그램", "분야", "메뉴", "혜택"),
        re.compile(
            r"무엇을\s*지원|뭘\s*지원|뭐를?\s*지원|어떤\s*지원|지원\s*내용|지원내용|혜택|프로그램|분야"
        ),
    ),
    "contact": (
        ("문의", "연락처", "전화", "담당", "콜센터", "번호", "담당자"),
        re.compile(r"문의|연락|전화|담당|콜센터|번호|어디에\s*물어"),
    ),
    "bonus": (("가점", "가산점", "감점", "우대"), None),  # the strong pattern below names it
    "count": (
        (),
        re.compile(rf"몇\s*(개|건|명|곳|군데|%|퍼센트|개월|년|배|차|회|점|{_MEASURES})|얼마나|몇\s*프로"),
    ),
    "procedure": (
        (
            "방법",
            "절차",
            "서류",
            "제출",
            "평가",
            "선정",
            "온라인",
            "등록",
            "신청서",
            "사업계획서",
            "접수처",
            "홈페이지",
        ),
        re.compile(r"어떻게|방법|절차|서류|제출|평가|선정|온라인|어디서|어디에서|홈페이지|사이트|등록"),
    ),
}
_PRIORITY = ("deadline", "amount", "ratio", "contact", "bonus", "eligibility", "procedure", "menu", "count")
# Phrasings as strong as a keyword: how people ask in chat rather than the documents' own words.
_STRONG_PATTERNS: dict[str, re.Pattern[str]] = {
    "deadline": re.compile(r"언제|며칠|몇\s*일|몇\s*시(?!간)|마감|(접수|신청|모집)\s*기간"),
    "eligibility": re.compile(
        r"(할|될|들어갈|참여할|받을|낼)\s*수\s*있|(이어|여|해|받아|있어|되어|돼)야\s*(돼|되|해|하|합)|"
        r"어떤\s*(기업|회사|곳|업체|기관)|누가|누구|기준이|제한|나이|연령|업력|자격|요건|해당(돼|되|하)|"
        r"(신청|참여|지원)\s*가능|가능(해|한가|할까|하나|한지)|(신청|참여)\s*(돼요|되요|되나|됩니까|될까|돼\?)"
    ),
    "menu": re.compile(
        r"뭐뭐|무엇무엇|어떤\s*(게|것|거|사업|과제|세부|전략|프로그램|내용|사례|지원)|뭘\s*해|뭐\s*해\s*주|"
        r"구성|세부\s*(사업|과제|프로그램)|전략|과제들|종류|들어가\s*있|쪽(도|으로)|어떤\s*(유형|트랙)|유형(으로|별)"
    ),
    "contact": re.compile(
        r"(기관|과|부서|곳|팀|센터)(이|가|은|는)?\s*어디|어느\s*(과|부서|팀|기관|곳)|전문기관|담당\s*(과|부서|기관)"
    ),
    "bonus": re.compile(r"가점|가산점|감점|우대"),  # Kiwi may cut "가점도" into 가 + 점도
    "procedure": re.compile(
        r"과정|단계|직접\s*신청|어떻게\s*(신청|골|뽑|선정|진행|접수)|골랐|뽑|어디로\s*(해|신청|제출|접수|내|보내)|우편|방문\s*(접수|제출)|"
        r"(신청|접수|제출)\S{0,2}\s*어디|어디(서|에서)\s*(해|신청|접수|제출)"
    ),
}

# "얼마 넘으면 제외돼요?", "몇 명 이하여야 돼요?": the amount asked is a limit on who may apply, not a sum paid
_LIMIT_ASKED = re.compile(r"(얼마|몇\s*\S{1,2})\s*(이상|이하|미만|초과|넘(으면|어도|게|는)|안\s*넘)")

# "지원금으로 … 쓸 수 있어요?", "사업비로 충당할 수 있나요?": what the money may be spent on
SPENDING_ASKED = re.compile(r"(쓸|써도|사용할|사용해도|집행할|집행해도|충당할)\s*(수|되|돼)")

_INJECTION = re.compile(
    r"(이전|위의?|앞의?|모든)\s*(지시|명령|규칙|지침)|지시(를|사항을)?\s*무시|시스템\s*프롬프트|프롬프트를?\s*(보여|알려|출력)|"
    r"ignore\s+(all|previous|the)|system\s+prompt|jailbreak|개발자\s*모드|너의\s*(규칙|설정)|역할을?\s*바꿔",
    re.IGNORECASE,
)
# Asking for an answer the documents do not give: "그럴듯하게 하나 지어서 말해줘", "문서에 없어도 괜찮으니까",
# "근거 같은 거 필요없으니까 감으로 대충 찍어줘".
_FABRICATE = re.compile(
    r"문서에\s*없어도|(근거|출처)\S{0,4}\s*(같은\s*거\s*)?(필요\s*없|없어도|상관\s*없)|"
    r"(그럴듯하게|지어서|지어내|꾸며서|꾸며내|추측해서|임의로|아무\s*날짜나|감으로).{0,30}(말해|알려|답해|정해|써|찍어)|대충\s*찍어"
)
_TASK = re.compile(
    r"대신\s*(해|작성|신고|제출|신청)|(작성|신고|제출|계산)\s*해\s*(줘|주세요|줄\s*수)|써\s*(줘|주세요)"
)
_DOMAIN = re.compile(
    r"지원|사업|공고|신청|접수|마감|기업|창업|연구|과제|R&D|알앤디|정책|보조|자금|대출|융자|바우처|컨설팅|수출|"
    r"소상공인|스타트업|벤처|혜택|자격|제도|정부|중기부|중소|1357|콜센터|팁스|디딤돌|출연|매칭|자부담",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Intent:
    primary: str
    all: tuple[str, ...]
    injection: bool
    on_topic: bool


def classify(question: str) -> Intent:
    """Intents named by a morpheme (strong) win; question patterns alone (weak) count only without them."""
    tokens = set(keyword_tokens(question))
    strong: list[str] = []
    weak: list[str] = []
    for name in _PRIORITY:
        words, pattern = _RULES[name]
        if tokens & set(words) or (name in _STRONG_PATTERNS and _STRONG_PATTERNS[name].search(question)):
            strong.append(name)
        elif pattern is not None and pattern.search(question):
            weak.append(name)
    found = strong or weak
    if re.search(r"몇\s*(년|개월)(?!\s*도)", question) and not re.search(r"마감|접수|신청\s*기간", question):
        money = re.search(r"얼마|금액|한도|예산|원", question)
        found = [
            "period",
            *[f for f in found if f not in ("period", "deadline") and (money or f != "amount")],
        ]
    if re.search(rf"몇\s*(개|건|명|곳|군데|%|퍼센트|배|차|회|점|{_MEASURES})", question):
        found = ["count", *[f for f in found if f not in ("count", "procedure")]]
    if re.search(
        r"(지원|협약|수행|사업|개발|연구|대출)\s*기간|몇\s*(년도|개월)|\d+\s*년도?\s*까지", question
    ) and not re.search(r"마감|접수|신청|모집", question):
        found = ["period", *[f for f in found if f not in ("deadline", "eligibility", "procedure")]]
    if re.search(r"직접\s*(\S+\s*)?(신청|접수)", question):
        found = ["procedure", *found]  # "저희가 직접 신청할 수 있나요?": who applies, through what
    if _LIMIT_ASKED.search(question) and (
        "eligibility" in found or re.search(r"신청|참여|제외|제한|자격", question)
    ):
        found = ["eligibility", *found]  # "누적 투자 얼마 넘으면 신청 제외돼요?": a limit on who may apply
    if SPENDING_ASKED.search(question) and not re.search(r"얼마|몇", question):
        # "지원금으로 해외특허 비용도 쓸 수 있어요?": what the money may be spent on, not how much it is
        found = ["menu", *[f for f in found if f not in ("menu", "amount")]]
    found = list(dict.fromkeys(found))
    primary = found[0] if found else "general"
    on_topic = bool(_DOMAIN.search(question)) or bool(found)
    injection = any(p.search(question) for p in (_INJECTION, _TASK, _FABRICATE))
    return Intent(primary, tuple(found) or ("general",), injection, on_topic)


def with_history(question: str, history: Sequence[Turn]) -> Intent:
    """A follow-up that names no intent and little else ("세종은요?") asks what the user's previous
    question asked; one with words of its own ("목표 수치도 있어요? 일자리나 매출 같은 거요") does not."""
    intent = classify(question)
    if intent.primary != "general" or intent.injection:
        return intent
    if len({form for form, _ in tagged_nouns(question) if len(form) > 1}) > 2:
        return intent
    for turn in reversed(history):
        if turn.role == "user":
            earlier = classify(turn.content)
            if earlier.primary != "general" and not earlier.injection:
                return Intent(earlier.primary, earlier.all, False, True)
    return intent
