"""Evidence selection: the sentences or table rows that answer a question, each a verbatim span.

Candidates are sentences, table rows, and headings with the bullets under them, from the retrieved
chunks, plus the program card's fields. They are scored by intent cues (□ 지원대상, 접수기간 …), the
values the intent needs (a date for a deadline, an amount, a ratio, a phone number), rare question
words they contain (IDF-weighted), and the retrieval rank of their chunk.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from assistant.rerank import SentenceSimilarity
from assistant.types import Hit
from ingest.korean import keyword_tokens, split_sentences
from ingest.normalize import find_amounts, find_dates, find_periods, find_phones, find_ratios
from ingest.structure import heading_level


@dataclass(frozen=True)
class Evidence:
    hit: Hit
    start: int  # offsets into the document text
    end: int
    text: str
    score: float


CUES: dict[str, re.Pattern[str]] = {
    "deadline": re.compile(
        r"접수\s*기간|신청\s*기간|접수\s*마감|마감|공고\s*기간|모집\s*기간|접수\s*기한|신청\s*기한|접수\s*일정|신청·접수|제출\s*기한"
    ),
    "period": re.compile(r"지원\s*기간|협약\s*기간|수행\s*기간|사업\s*기간|개발\s*기간|개월"),
    "eligibility": re.compile(
        r"지원\s*대상|신청\s*자격|신청\s*대상|참여\s*자격|자격\s*요건|지원\s*제외|제외\s*대상|신청\s*제외|대상\s*기업|신청\s*요건|제한|자격"
    ),
    "amount": re.compile(
        r"지원\s*한도|지원\s*규모|지원\s*금액|최대|한도|정부\s*지원금|정부\s*출연금|기업당|과제당|지원금|총\s*사업비|예산|이내"
    ),
    "ratio": re.compile(r"자부담|부담금|부담\s*비율|민간\s*부담|매칭|현금|현물|분담|비율"),
    "menu": re.compile(
        r"지원\s*내용|지원\s*분야|지원\s*프로그램|지원\s*항목|프로그램|세부\s*내용|지원\s*사항|내역\s*사업|구성"
    ),
    "contact": re.compile(r"문의|연락처|콜센터|담당|전화|☎|상담|전문기관"),
    "procedure": re.compile(
        r"신청\s*방법|접수\s*방법|제출\s*서류|신청\s*서류|구비\s*서류|평가|선정\s*절차|온라인|홈페이지|시스템|접수처|제출|"
        r"인터넷|누리집|확인할\s*수|열람|게재"
    ),
    "count": re.compile(r"\d"),
}
_NEGATIVE: dict[str, re.Pattern[str]] = {
    "deadline": re.compile(r"지원\s*기간|협약\s*기간|수행\s*기간|개발\s*기간|사업\s*기간|발표|협약\s*체결"),
}
RERANK_TOP = 12
VALUE_INTENTS = frozenset({"deadline", "period", "amount", "ratio", "contact", "count"})
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
    }
)


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
        return bool(find_dates(text)) or bool(re.search(r"\d+\s*(개월|년)", text))
    if intent == "amount":
        return bool(find_amounts(text))
    if intent == "ratio":
        return bool(find_ratios(text)) or bool(re.search(r"\d\s*:\s*\d", text))
    if intent == "contact":
        return bool(find_phones(text)) or "전문기관" in text
    if intent == "count":
        return bool(re.search(r"\d", text))
    return True


@dataclass(frozen=True)
class Candidate:
    hit: Hit
    start: int
    end: int
    bonus: float = 0.0


def units_of(hit: Hit) -> list[tuple[int, int]]:
    """Candidate spans in a chunk: sentences/rows, and headings together with the lines under them."""
    c = hit.chunk
    spans: list[tuple[int, int]] = [(c.start + s.start, c.start + s.end) for s in split_sentences(c.text)]
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", c.text) if m.group().strip()]
    for i, (ls, le) in enumerate(lines):
        level = heading_level(c.text[ls:le])
        if level is not None and level >= 3 and len(c.text[ls:le]) < 120:
            j, end = i + 1, le
            while j < len(lines) and j <= i + 4:
                nl = heading_level(c.text[lines[j][0] : lines[j][1]])
                if nl is not None and nl <= level:
                    break
                end = lines[j][1]
                j += 1
            if end > le:
                spans.append((c.start + ls, c.start + end))
    return spans


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
    qtok = set(keyword_tokens(question)) - INTENT_WORDS
    in_name = set(keyword_tokens(ignore))
    all_q = {t for t in keyword_tokens(question) if len(t) > 1} - in_name - {"지원", "사업", "기업", "신청"}
    weights = {t: min(idf.get(t, 1.0), 6.0) * (0.3 if t in in_name else 1.0) for t in qtok}
    counter = re.search(r"몇\s*(개월|개|건|명|곳|%|퍼센트|년|배|차|회|점)", question)
    unit = counter.group(1).replace("퍼센트", "%") if counter else None
    cue = CUES.get(intent)
    neg = _NEGATIVE.get(intent)
    scored: list[Evidence] = []
    seen: set[tuple[str, int, int]] = set()
    for cand in candidates:
        hit = cand.hit
        key = (hit.chunk.doc_id, cand.start, cand.end)
        if key in seen:
            continue
        seen.add(key)
        span = doc_texts[hit.chunk.doc_id][cand.start : cand.end]
        stripped = span.strip()
        if len(stripped) < 4:
            continue
        if intent in VALUE_INTENTS and not has_value(intent, span):
            continue
        score = 1.5 / hit.rank + cand.bonus
        if len(stripped) < 15 and intent not in VALUE_INTENTS:
            score -= 2.5
        if cue is not None:
            if cue.search(span):
                score += 3.0
            elif cue.search(hit.chunk.section):
                score += 1.5
        if neg is not None and neg.search(span) and not re.search(r"접수|신청|마감", span):
            score -= 3.0
        if intent == "deadline":
            if re.search(r"접수|신청|마감", span):
                score += 1.5
            if find_periods(span):
                score += 1.0
        if intent in VALUE_INTENTS:
            score += 2.0
        if unit is not None and re.search(r"\d\s*" + re.escape(unit), span):
            score += 3.0
        first = stripped.split("\n", 1)[0]
        level = heading_level(first)
        has_body = "\n" in stripped or ":" in first  # a heading with its content, not a bare title line
        if not has_body:
            level = None
        if level is not None and level <= 3 and len(first) <= 30 and all_q & set(keyword_tokens(first[:24])):
            score += 2.0  # a heading that names what was asked: "□ 평가방법 : 발표평가 100%"
        if level is not None and level <= 3 and len(first) <= 30 and cue is not None and cue.search(first):
            score += 2.0  # a heading that names the intent itself: "□ 지원대상", "□ 신청자격"
        if weights:
            stok = set(keyword_tokens(span))
            score += 0.8 * sum(w for t, w in weights.items() if t in stok)
        score -= 0.003 * max(0, len(stripped) - 160)
        scored.append(Evidence(hit, cand.start, cand.end, span, score))
    scored.sort(key=lambda ev: -ev.score)
    if similarity is not None and len(scored) > 1:
        head = scored[:RERANK_TOP]
        sims = similarity.scores(question, [" ".join(ev.text.split()) for ev in head])
        order = sorted(range(len(head)), key=lambda i: -sims[i])
        bonus = {order[0]: 2.5, **({order[1]: 1.0} if len(order) > 1 else {})}
        head = [
            Evidence(ev.hit, ev.start, ev.end, ev.text, ev.score + bonus.get(i, 0.0))
            for i, ev in enumerate(head)
        ]
        scored = sorted(head, key=lambda ev: -ev.score) + scored[RERANK_TOP:]
    chosen: list[Evidence] = []
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
