"""Evidence selection: the sentences or table rows of retrieved chunks that answer an intent.

Each candidate is a verbatim span of the document text (line, sentence, or a heading with the
bullets under it), scored by intent cues, the values it carries, query overlap and retrieval rank.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

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
    "deadline": re.compile(r"접수\s*기간|신청\s*기간|접수\s*마감|마감|공고\s*기간|모집\s*기간|접수\s*기한|신청\s*기한|접수\s*일정|신청·접수|제출\s*기한"),
    "period": re.compile(r"지원\s*기간|협약\s*기간|수행\s*기간|사업\s*기간|개발\s*기간"),
    "eligibility": re.compile(r"지원\s*대상|신청\s*자격|신청\s*대상|참여\s*자격|자격\s*요건|지원\s*제외|제외\s*대상|신청\s*제외|대상\s*기업|신청\s*요건|제한"),
    "amount": re.compile(r"지원\s*한도|지원\s*규모|지원\s*금액|최대|한도|정부\s*지원금|정부\s*출연금|기업당|과제당|지원금|총\s*사업비|예산|이내"),
    "ratio": re.compile(r"자부담|부담금|부담\s*비율|민간\s*부담|매칭|현금|현물|분담"),
    "menu": re.compile(r"지원\s*내용|지원\s*분야|지원\s*프로그램|지원\s*항목|프로그램|세부\s*내용|지원\s*사항"),
    "contact": re.compile(r"문의|연락처|콜센터|담당|전화|☎|상담"),
    "procedure": re.compile(r"신청\s*방법|접수\s*방법|제출\s*서류|신청\s*서류|구비\s*서류|평가|선정\s*절차|온라인|홈페이지|시스템|접수처|제출"),
}
_NEGATIVE: dict[str, re.Pattern[str]] = {
    "deadline": re.compile(r"지원\s*기간|협약\s*기간|수행\s*기간|개발\s*기간|사업\s*기간|발표|협약\s*체결"),
}


def _has_value(intent: str, text: str) -> bool:
    if intent == "deadline":
        return bool(find_dates(text)) or bool(re.search(r"추후\s*(공지|안내)|별도\s*(공지|안내)", text))
    if intent == "period":
        return bool(find_dates(text)) or bool(re.search(r"\d+\s*(개월|년)", text))
    if intent == "amount":
        return bool(find_amounts(text))
    if intent == "ratio":
        return bool(find_ratios(text)) or bool(re.search(r"\d\s*:\s*\d", text))
    if intent == "contact":
        return bool(find_phones(text))
    return True


VALUE_INTENTS = frozenset({"deadline", "period", "amount", "ratio", "contact"})


def _units(hit: Hit, doc_text: str) -> list[tuple[int, int]]:
    """Candidate spans in a chunk: sentences/rows, and headings together with the lines under them."""
    c = hit.chunk
    spans: list[tuple[int, int]] = []
    sents = split_sentences(c.text)
    for s in sents:
        spans.append((c.start + s.start, c.start + s.end))
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", c.text) if m.group().strip()]
    for i, (ls, le) in enumerate(lines):
        level = heading_level(c.text[ls:le])
        if level is not None and level >= 3 and len(c.text[ls:le]) < 120:
            j = i + 1
            end = le
            while j < len(lines) and j <= i + 4:
                nxt = c.text[lines[j][0] : lines[j][1]]
                nl = heading_level(nxt)
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
    hits: Sequence[Hit],
    doc_texts: dict[str, str],
    limit: int = 2,
    ignore: str = "",
) -> list[Evidence]:
    """Best spans for ``intent``; words of ``ignore`` (the resolved program's name) don't count as overlap."""
    qtok = {t for t in keyword_tokens(question) if len(t) > 1} - set(keyword_tokens(ignore))
    qtok -= {"지원", "대상", "사업", "신청", "기업"}
    cue = CUES.get(intent)
    neg = _NEGATIVE.get(intent)
    scored: list[Evidence] = []
    seen: set[tuple[str, int, int]] = set()
    for hit in hits:
        text_all = doc_texts[hit.chunk.doc_id]
        for s, e in _units(hit, text_all):
            key = (hit.chunk.doc_id, s, e)
            if key in seen:
                continue
            seen.add(key)
            span = text_all[s:e]
            stripped = span.strip()
            if len(stripped) < 4:
                continue
            score = 1.5 / hit.rank
            if len(stripped) < 15 and intent not in VALUE_INTENTS:
                score -= 2.5
            if intent == "deadline" and re.search(r"접수|신청|마감", span):
                score += 1.5
            if cue is not None:
                if cue.search(span):
                    score += 3.0
                elif cue.search(hit.chunk.section):
                    score += 1.5
            if neg is not None and neg.search(span) and not (cue and re.search(r"접수|신청|마감", span)):
                score -= 3.0
            if intent in VALUE_INTENTS:
                if not _has_value(intent, span):
                    continue
                score += 2.0
                if intent == "deadline" and find_periods(span):
                    score += 1.0
            stok = set(keyword_tokens(span)) if qtok else set()
            score += 0.6 * len(qtok & stok)
            score -= 0.002 * max(0, len(span) - 200)
            scored.append(Evidence(hit, s, e, span, score))
    scored.sort(key=lambda ev: -ev.score)
    chosen: list[Evidence] = []
    for ev in scored:
        if any(not (ev.end <= c.start or ev.start >= c.end) and ev.hit.chunk.doc_id == c.hit.chunk.doc_id for c in chosen):
            continue
        chosen.append(ev)
        if len(chosen) >= limit:
            break
    return chosen
