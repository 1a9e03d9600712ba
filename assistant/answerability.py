"""Whether the documents answer the question: named checks, tried in order at each phase of the answer
path, that return a typed ``Refusal`` (why, and which check) or None. The phases are on arrival (before
anything is looked up), before retrieval (with the program resolved), after retrieval and after
composition (with the composed answer, or none)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from typing import Literal

from assistant.abbreviations import expansions
from assistant.answer import INTENT_KO, NOT_FOUND_TAIL, asked_event
from assistant.conditions import condition_nouns
from assistant.corpus_view import CorpusView, coverage
from assistant.intent import SPENDING_ASKED
from assistant.lexicon import pattern
from assistant.programs import ALIASES, GENERIC, STRONG_SCORE, ProgramMatch, question_years
from assistant.question import QUESTION_WORDS, ROUND, ParsedQuestion, Words, asker_context, is_region
from assistant.resolution import RARE_IDF, names_held
from assistant.types import Answer, Hit
from ingest.korean import tagged_nouns

REJECT_INJECTION = (
    "죄송하지만 그 요청에는 답할 수 없습니다. 저는 중소기업 지원사업 문서에 근거한 질문(지원대상, 접수기간, "
    "지원금액, 신청방법, 문의처 등)에만 답합니다."
)
REJECT_OFF_TOPIC = (
    '저는 중소기업 지원사업에 관한 질문에만 답할 수 있습니다. 예: "연고산업육성사업 마감이 언제예요?", '
    '"팁스 지원한도는 얼마인가요?"'
)
TYPE_SUFFIXES = "형용식"  # "협력형", "기업용": a kind of the noun before it
PASSAGE_MARGIN = 300  # characters around a quote that count as its passage for the coverage check
# What notices rarely hold but people ask: past results. Asked of a program whose text lacks the word, the
# answer is that the documents do not say (a past year's competition ratio, a list of firms selected).
PAST_RESULTS = ("경쟁률", "선정률", "합격률", "커트라인", "명단", "후기")
# the same asked in other words: "몇 퍼센트가 붙는지", "합격 확률"
_PAST_RATE = re.compile(r"몇\s*(%|퍼센트|프로)\S*\s*(정도\s*)?(선정|합격|붙|뽑)|(선정|합격)\s*(비율|확률)")
# "재작년에 붙은 과제 제목", "지난번 뽑힌 회사가 어디죠?": who was selected before, which notices never list
_PAST_SELECTED = re.compile(
    r"(선정|뽑히|뽑힌|뽑혔|선발)\S{0,4}\s*(\S{1,6}\s*)?(과제|기업|업체|곳|회사)\S{0,3}\s*(이름|명단|목록|리스트|어디|어느)"
)
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
_PAST_EVENT = pattern("question", "past_event")
_EARLIER_YEAR = pattern("question", "earlier_year")
_LATER_EVENT = pattern("question", "later_event")
_VALUE_WH = pattern("question", "value_wh")


@dataclasses.dataclass(frozen=True)
class Refusal:
    """Why the documents do not answer: the reason shown to the user and the check that found it.
    ``near`` says which passages the refusal lists as possibly related: the answer path's own hits, or a
    search of the question within the program's documents ("program") or all of them ("corpus").
    ``rejected_as`` marks a question refused outright (its intent label) rather than not found."""

    check: str
    reason: str
    near: Literal["hits", "program", "corpus"] = "hits"
    rejected_as: str | None = None


@dataclasses.dataclass(frozen=True)
class Case:
    """What the checks read: the question, the program as the phase sees it, and what the path has found."""

    view: CorpusView
    question: ParsedQuestion
    program: ProgramMatch | None
    from_history: bool = False
    absent: tuple[tuple[str, str], ...] = ()  # question nouns no document holds (``corpus_gaps``)
    missing: tuple[str, ...] = ()  # names the program's documents lack (``program_gaps``)
    hits: tuple[Hit, ...] = ()
    answer: Answer | None = None


Check = Callable[[Case], Refusal | None]


def refusal_answer(refusal: Refusal, case: Case, hits: Sequence[Hit]) -> Answer:
    """The answer that says so: the reason, the titles of up to three related notices and the usual tail."""
    question, intent, program = case.question.text, case.question.intent.primary, case.program
    if refusal.rejected_as is not None:
        label = refusal.rejected_as
        return Answer(question, refusal.reason, "rejected", label, None, (), (label,))
    near: list[str] = []
    for h in hits:
        if h.chunk.title not in near:
            near.append(h.chunk.title)
    closest = f" 관련이 있을 수 있는 공고: {', '.join('「' + t + '」' for t in near[:3])}." if near else ""
    text = f"{refusal.reason}{closest} {NOT_FOUND_TAIL}"
    return Answer(
        question, text.strip(), "not_found", intent, program.name if program else None, (), (intent,)
    )


def first_refusal(checks: Sequence[Check], case: Case) -> Refusal | None:
    """The first of ``checks`` (in order) that refuses ``case``; None when none does."""
    for check in checks:
        refusal = check(case)
        if refusal is not None:
            return refusal
    return None


def _subject(program: ProgramMatch | None) -> str:
    return f"「{program.name}」 문서에서 " if program else "문서에서 "


# ------------------------------------------------------------------ word gaps
def absent_nouns(
    view: CorpusView, words: Words, within: str | None = None, spaced: str = ""
) -> list[tuple[str, str]]:
    """Nouns of ``words`` (not question words) that do not occur in ``within`` (whitespace-free; None: the
    whole corpus), and compounds whose parts occur but not together ("희망리턴패키지": the corpus has 희망
    and 패키지). A word that abbreviates a word of ``spaced`` (the same text with its spaces: "산단" for
    산업단지) is not absent."""
    text = view.blob if within is None else within
    # the whole corpus, also when a program's text is the corpus's own (one document: the same string)
    corpus = text is view.blob
    lowered = view.blob_lower if corpus else text.lower()
    question = words.text
    out = []
    context = words.asker
    for form, tag in words.tagged:
        if len(form) < 2 or form in QUESTION_WORDS or form in GENERIC or form in context:
            continue
        if tag == "SN" and not re.fullmatch(r"20\d\d", form):
            continue
        aliases = ALIASES.get(form.lower(), ())
        if aliases and any(alias in lowered for alias in aliases):
            continue  # 중기부 → 중소벤처기업부
        known = form.lower() in view.vocab if len(form) <= 2 else (form.lower() in text or form in text)
        if not known and len(form) <= 2:
            # a short noun Kiwi cut out of a word the documents use whole ("첫걸음" → 걸음)
            word = next((w for w in question.split() if form in w), "")
            known = len(word) > len(form) and word[: word.index(form) + len(form)].lower() in lowered
        if (not known or (form.lower() not in text and form not in text)) and not (
            spaced and expansions(form, spaced)
        ):
            out.append((form, tag))
    for compound in words.compounds:
        # "역량강화형" is the 역량강화 track: a type suffix the question adds names nothing new
        stem = compound[:-1] if compound[-1] in TYPE_SUFFIXES and len(compound) > 4 else compound
        present = any(c in lowered or (corpus and view.resolver.mentions(c)) for c in {compound, stem})
        known = present or any(compound == form.lower() for form, _ in out)
        if len(compound) >= 4 and not known and len(tagged_nouns(compound)) >= 2 and compound not in context:
            out.append((compound, "NNG"))
    return out


def corpus_gaps(view: CorpusView, question: ParsedQuestion) -> tuple[tuple[str, str], ...]:
    """The question's nouns no document holds; where the asker's company is ("공장은 울산에 있는데") is
    context, not a gap of the corpus."""
    return tuple(a for a in absent_nouns(view, question.words) if not asker_context(question.text, a[0]))


def program_gaps(
    view: CorpusView, question: ParsedQuestion, program: ProgramMatch
) -> tuple[list[str], list[str]]:
    """Names the question makes that the program's documents lack (a proper noun, a year not in its title,
    a round other than its own; for "얼마", a subject they never mention), and the regions among them that
    are only context of an eligibility question ("충청도도 돼요?": the answer notes they are not named)."""
    text = question.text
    program_text = view.program_text(program)
    title_years = set(re.findall(r"20\d\d", program.name))
    missing = [
        f
        for f, tag in absent_nouns(view, question.words, program_text, view.spaced_text(program))
        if (
            tag == "NNP"
            and not f.endswith("기관")
            and not asker_context(text, f)
            and not view.resolver.holds_word(program.doc_ids, f)
        )
        or (tag == "SN" and title_years and f not in title_years)
    ]
    missing += other_rounds(text, program)
    unmentioned: list[str] = []
    if (
        missing
        and all(is_region(f) for f in missing)
        and ("eligibility" in question.intent.all or names_held(view, question, program))
    ):  # "충청도도 돼요?": who is eligible answers that; "서울 백화점 팝업 행사도 돼요?": 팝업 is the subject
        unmentioned, missing = missing, []
    if not missing and question.intent.primary == "amount":
        missing = _unheld_subject(view, question, program, program_text)
    return missing, unmentioned


def other_rounds(question: str, program: ProgramMatch) -> list[str]:
    """Rounds the question asks about that the program's notice is not ("1차, 2차 때는 …" of the 3차
    notice): the documents do not hold them."""
    asked = dict.fromkeys(ROUND.findall(question))
    held = set(ROUND.findall(program.name))
    return [f"{r}차" for r in asked] if asked and held and not held.intersection(asked) else []


def _unheld_subject(
    view: CorpusView, question: ParsedQuestion, program: ProgramMatch, program_text: str
) -> list[str]:
    """For "얼마": the question's own nouns (beyond the program's name) when the program's documents
    hold none of them — a price of a printed booklet is one they never state."""
    name = "".join(program.name.split())
    own = [n for n in question.weights if n not in name]
    lowered = program_text.lower()
    unheld = all(n.lower() not in lowered and not view.resolver.holds_word(program.doc_ids, n) for n in own)
    # words the corpus uses elsewhere ("가격"), not a paraphrase no document uses ("특산품" for 연고산업)
    used_elsewhere = all(n.lower() in view.blob_lower for n in own)
    return own if own and unheld and used_elsewhere else []


def _unsaid(view: CorpusView, question: ParsedQuestion, program: ProgramMatch, amount: bool) -> list[str]:
    """What the question asks that notices rarely state and this program's documents do not: past
    results ("작년 경쟁률"), who was selected before, a contact channel they never give ("이메일"),
    tax treatment ("손금"), a price, or (``amount`` asked) a fee of something they never name
    ("보험료는 얼마나", "등록금이랑 생활비 얼마씩")."""
    asked = question.text
    text = view.program_text(program)
    unsaid = [w for w in PAST_RESULTS if w in asked and w not in text]
    if _PAST_RATE.search(asked) and not re.search("선정률|경쟁률|합격률", text):
        unsaid.append("선정률")
    if _PAST_SELECTED.search(asked) and not re.search("선정기업명단|선정과제목록|선정결과목록", text):
        unsaid.append("선정된 과제·기업")
    if _LAST_YEAR_SELECTED.search(asked) and not re.search("작년|지난해|전년도선정", text):
        unsaid.append("작년 선정 결과")
    elif _PAST_EVENT.search(asked) and not _EARLIER_YEAR.search(text):
        unsaid.append("지난 연도의 결과")
    if _PERSON_NAME_ASKED.search(asked) and not _NAMED_PERSON.search(text):
        unsaid.append("담당자 이름")
    if _EMAIL_ASKED.search(asked) and "@" not in text and "메일" not in text:
        unsaid.append("이메일")
    unsaid += [w for w in TAX_WORDS if w in asked and w not in text]
    lowered = text.lower()
    for noun in question.weights:
        priced = noun in PRICE_NOUNS or (amount and len(noun) >= 3 and noun[-1] in FEE_SUFFIXES)
        if priced and noun not in AMOUNT_PARAPHRASES and noun.lower() not in lowered and noun not in unsaid:
            unsaid.append(noun)
    if amount:  # Kiwi may cut a fee in two ("검증비" → 검증 + 비): read it from the question's words
        for fee in _FEE_WORD.findall(asked):
            if fee not in AMOUNT_PARAPHRASES and fee not in text and fee not in unsaid:
                unsaid.append(fee)
    if unsaid:  # an abbreviation is said where the documents write its long form
        spaced = view.spaced_text(program)
        unsaid = [w for w in unsaid if not expansions(w, spaced)]
    return unsaid


# ------------------------------------------------------------------ on arrival
def injection(case: Case) -> Refusal | None:
    """A request to ignore the rules, to take on another task or to make things up."""
    if case.question.intent.injection:
        return Refusal("injection", REJECT_INJECTION, rejected_as="rejected")
    return None


# ------------------------------------------------------------------ before retrieval
def off_topic(case: Case) -> Refusal | None:
    """No program, no domain words, no conversation, and no noun any document holds."""
    question = case.question
    if case.program or question.intent.on_topic or question.history:
        return None
    nouns = [f for f, _ in question.words.tagged if len(f) > 1 and f not in QUESTION_WORDS]
    if not nouns or len(case.absent) == len(nouns):
        return Refusal("off_topic", REJECT_OFF_TOPIC, rejected_as="off_topic")
    return None


def other_program(case: Case) -> Refusal | None:
    """A program the question names by a program's kind of name ("초기창업패키지", "수출바우처",
    "청년창업사관학교") that the matched documents (without a match: all documents) only mention in
    passing: no title of theirs names it. "초기창업패키지 지원금 최대 얼마?" is not asked of
    창업도약패키지, which only names it."""
    program, view = case.program, case.view
    if case.from_history or (program is not None and program.score >= view.strong and not program.phrase):
        return None
    doc_ids = sorted(program.doc_ids) if program else sorted(view.resolver.names)
    titles = "|".join(n for d in doc_ids for n in view.resolver.names.get(d, ()))
    names = [n for n in _PROGRAM_NAME.findall(case.question.text) if len(n) >= 4]
    if not names or any(n.lower() in titles for n in names):
        return None  # "초기창업패키지 참여기업도 창업도약패키지 돼요?" asks about 창업도약패키지
    # a policy plan or press release sets out measures of its own ("해외진출 지원 지방 우대"):
    # only notices of one program name others in passing
    holders = [
        d for d in sorted(view.resolver.names) if view.resolver.holds(frozenset({d}), names[0].lower())
    ]
    docs = view.snap.docs
    if any(_PLAN.search(docs[d].title) for d in holders if d in docs):
        return None
    where = f"「{program.name}」 문서에" if program else "문서에"
    why = (
        f"'{names[0]}'은(는) {where} 다른 사업으로만 언급되어 있고, 그 사업의 공고는 색인된 문서에 없습니다."
    )
    return Refusal("other_program", why, near="program")


def unsaid(case: Case) -> Refusal | None:
    """What notices rarely state and the program's documents do not (``_unsaid``)."""
    program, question = case.program, case.question
    if program is None:
        return None
    priced = "amount" in question.intent.all or SPENDING_ASKED.search(question.text) is not None
    words = _unsaid(case.view, question, program, priced)
    if not words:
        return None
    return Refusal(
        "unsaid", f"「{program.name}」 문서에는 '{words[0]}'에 관한 내용이 없습니다.", near="program"
    )


def event_unheld(case: Case) -> Refusal | None:
    """What happens if something occurs during or after the program ("협약 기간 중에 상호를 바꾸면 …?",
    "선정된 뒤에 업종을 바꾸면 …?"): a notice sets out who may apply and how, not every later event, so the
    documents answer what the event leads to only when they speak of it. A noun of the supposed event that
    other documents use but the program's never do means they do not say."""
    program, question, view = case.program, case.question, case.view
    if program is None or not _LATER_EVENT.search(question.text) or _VALUE_WH.search(question.text):
        return None  # "…하면 며칠 안에 내요?" asks for a value the notice may state whatever the event
    text = view.program_text(program).lower()
    name = "".join(program.name.split()).lower()
    spaced = ""
    for clause in condition_nouns(question.text):
        for noun in clause:
            lowered = noun.lower()
            if (
                noun in QUESTION_WORDS
                or noun in GENERIC
                or is_region(noun)
                or lowered in name
                or _LATER_EVENT.search(noun)
                or lowered not in view.blob_lower  # a word of the asker's own the documents need not use
                or lowered in text
                or view.resolver.holds_word(program.doc_ids, noun)
                or any(alias in text for alias in ALIASES.get(lowered, ()))
            ):
                continue
            spaced = spaced or view.spaced_text(program)
            if expansions(noun, spaced):
                continue
            said = max((n for n in clause if noun in n), key=len)  # "해외" of "해외연수": the whole word
            why = f"「{program.name}」 문서에는 '{said}'에 관한 내용이 없습니다."
            return Refusal("event_unheld", why, near="program")
    return None


def unnamed_in_program(case: Case) -> Refusal | None:
    """A strongly matched program whose documents lack a name the question makes (``program_gaps``)."""
    program = case.program
    if case.from_history or program is None or not case.missing:
        return None
    if program.score < STRONG_SCORE or program.phrase:
        return None  # a weak match that misses a name is probably the wrong program: judged without it
    why = f"「{program.name}」 문서에는 '{', '.join(case.missing[:3])}'에 관한 내용이 없습니다."
    return Refusal("unnamed_in_program", why, near="corpus")


# ------------------------------------------------------------------ after retrieval
def absent(case: Case) -> Refusal | None:
    """Without a program: nouns of the question no document holds."""
    if not case.absent or case.program:
        return None
    why = f"문서에서 '{', '.join(f for f, _ in case.absent[:3])}'에 관한 내용을 찾지 못했습니다."
    return Refusal("absent", why)


def asked_weights(question: ParsedQuestion) -> dict[str, float]:
    """The question's distinctive nouns less what the asker tells of itself ("연구소를 그만두고 사업자는 아직
    없어요. …", "본점은 광주인데 …"): the documents need not hold the asker's situation, only what is asked."""
    return {n: w for n, w in question.weights.items() if n not in question.words.asker}


def uncovered(case: Case) -> Refusal | None:
    """Without a resolved program, an answer is only attempted when one of the top documents holds
    most of the question's distinctive words (IDF-weighted); otherwise the corpus is silent."""
    if case.program or not case.hits:
        return None
    weights = asked_weights(case.question)
    if not weights:
        return None
    best_missing: list[str] = list(weights)
    best_cov = -1.0
    for doc_id in dict.fromkeys(h.chunk.doc_id for h in case.hits[:8]):
        cov, missing = coverage(weights, case.view.compact[doc_id])
        if cov > best_cov:
            best_cov, best_missing = cov, missing
    if best_cov >= 0.6 or not best_missing:
        return None
    return Refusal("uncovered", f"문서에서 '{', '.join(best_missing[:3])}'에 관한 내용을 찾지 못했습니다.")


def nothing_retrieved(case: Case) -> Refusal | None:
    if case.hits:
        return None
    return Refusal("nothing_retrieved", "색인된 문서에서 관련 내용을 찾지 못했습니다.")


# ------------------------------------------------------------------ after composition
def percent_unstated(case: Case) -> Refusal | None:
    """For "몇 %": the question's rarest word when neither of its two rarest words shares a line with a
    percentage anywhere in the program's documents (or the cited ones). "퇴사하면 몇 %를 돌려줘요?": no
    line states a % of 퇴사."""
    answer, program = case.answer, case.program
    if answer is None or not _PERCENT_ASKED.search(case.question.text):
        return None
    name = "".join(program.name.split()) if program else ""
    weights = {n: w for n, w in case.question.weights.items() if n not in name}
    rare = sorted(weights, key=lambda n: -weights[n])[:2]
    if not rare:
        return None
    doc_ids = program.doc_ids if program else {c.doc_id for c in answer.citations}
    docs = case.view.snap.docs
    lines = [line for d in doc_ids if d in docs for line in docs[d].text.split("\n") if _PERCENT.search(line)]
    if any(n in line for n in rare for line in lines):
        return None
    return Refusal("percent_unstated", f"{_subject(program)}'{rare[0]}'에 관한 비율(%)을 찾지 못했습니다.")


def year_unheld(case: Case) -> Refusal | None:
    """A year the question names ("2024년", "24년") that the document of the answer's first quote does
    not mention in any form ("2024", "'24", "24년"): a 2023 release that never mentions 2024."""
    answer = case.answer
    if answer is None or not answer.citations:
        return None
    lead = answer.citations[0]
    doc = case.view.snap.docs.get(lead.doc_id)
    if doc is None:
        return None
    text = doc.text + lead.title
    for year in sorted(question_years(case.question.text)):
        short = year[2:]
        if not re.search(rf"{year}|['’‘]\s*{short}(?!\d)|(?<![\d.]){short}\s*년", text):
            return Refusal("year_unheld", f"「{lead.title}」 문서에는 {year}년에 관한 내용이 없습니다.")
    return None


def average_unquoted(case: Case) -> Refusal | None:
    """An average asked ("평균 연봉") that no quote states: a 최대 지원금 does not answer it."""
    answer = case.answer
    if answer is None or not _AVERAGE_ASKED.search(case.question.text):
        return None
    if any("평균" in c.quote for c in answer.citations):
        return None
    return Refusal("average_unquoted", f"{_subject(case.program)}평균 값을 찾지 못했습니다.")


def party_unquoted(case: Case) -> Refusal | None:
    """Who the question asks about, named in the answer's documents but in none of its quotes: the
    answer is about someone else. A company the documents list as one ("(주)OO는 매출이 얼마나
    늘었어요?" → not the program's total 매출), or, asking for a contact, an office
    ("OO사업실 직통 번호" → not the number beside another office)."""
    answer, view = case.answer, case.view
    if answer is None or not answer.citations:
        return None
    quoted = "".join("".join(c.quote.split()) for c in answer.citations)
    docs = view.snap.docs
    cited = [d for d in sorted({c.doc_id for c in answer.citations}) if d in docs]
    party = ""
    for noun in case.question.weights:
        if noun in quoted:
            continue
        name = re.escape(noun)  # the whole name: "(주)캐프", "캐프(주)", not the 산업 of "OO산업(주)"
        company = re.compile(rf"(\(주\)|㈜|주식회사)\s*{name}(?![가-힣])|(?<![가-힣]){name}\s*(\(주\)|㈜)")
        if any(company.search(docs[d].text) for d in cited):
            party = noun
            break
    if not party and "contact" in case.question.intent.all:
        for office in _OFFICE.findall(case.question.text):
            if office.endswith(_NOT_OFFICES) or office in quoted:
                continue
            if any(office in view.compact.get(d, "") for d in cited):
                party = office
                break
    if not party:
        return None
    return Refusal("party_unquoted", f"문서에 '{party}'은(는) 나오지만, 질문하신 내용은 나와 있지 않습니다.")


def unsupported(case: Case) -> Refusal | None:
    """Without a resolved program the documents may share the question's words while the quoted passages
    are about something else ("<a fund> 대출 금리" → a 사업화자금 line): question nouns the passages around
    the answer's quotes leave out, when they leave out most (or a rare one)."""
    answer, weights = case.answer, asked_weights(case.question)
    if answer is None or case.program is not None or not weights:
        return None
    docs = case.view.snap.docs
    around = "".join(
        "".join(docs[c.doc_id].text[max(0, c.start - PASSAGE_MARGIN) : c.end + PASSAGE_MARGIN].split())
        for c in answer.citations
        if c.doc_id in docs
    )
    cov, missing = coverage(weights, around)
    if not missing or (cov >= 0.6 and not any(weights[n] >= RARE_IDF for n in missing)):
        return None
    return Refusal("unsupported", f"문서에서 '{', '.join(missing[:3])}'에 관한 내용을 찾지 못했습니다.")


def nothing_composed(case: Case) -> Refusal | None:
    """No passage states what was asked: say which value (or which event's date) was not found."""
    if case.answer is not None:
        return None
    intent = case.question.intent.primary
    event = asked_event(case.question.text) if intent == "deadline" else None
    label = f"'{event}' 날짜" if event else INTENT_KO.get(intent, "관련 내용")
    return Refusal("nothing_composed", f"{_subject(case.program)}{label}을(를) 찾지 못했습니다.")


ON_ARRIVAL: tuple[Check, ...] = (injection,)
BEFORE_RETRIEVAL: tuple[Check, ...] = (off_topic, other_program, unsaid, event_unheld, unnamed_in_program)
AFTER_RETRIEVAL: tuple[Check, ...] = (absent, uncovered, nothing_retrieved)
AFTER_COMPOSITION: tuple[Check, ...] = (
    percent_unstated,
    year_unheld,
    average_unquoted,
    party_unquoted,
    unsupported,
    nothing_composed,
)


def on_arrival(case: Case) -> Refusal | None:
    return first_refusal(ON_ARRIVAL, case)


def before_retrieval(case: Case) -> Refusal | None:
    return first_refusal(BEFORE_RETRIEVAL, case)


def after_retrieval(case: Case) -> Refusal | None:
    return first_refusal(AFTER_RETRIEVAL, case)


def after_composition(case: Case) -> Refusal | None:
    return first_refusal(AFTER_COMPOSITION, case)
