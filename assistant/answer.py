"""The default, extractive answerer (no LLM): lead with the key value, then the cited source lines.

Every date, amount, ratio and phone number in the text comes from a cited quote; the quote is a
verbatim span of the document's extracted text, and citations are built from chunk metadata.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence

from assistant.evidence import (
    LIST_INTENTS,
    VALUE_INTENTS,
    Candidate,
    Evidence,
    is_table_header,
    list_units,
    select_evidence,
    units_of,
)
from assistant.intent import Intent, asks_yes_no
from assistant.lead_values import of_asked_attribute
from assistant.lexicon import pattern
from assistant.programs import ProgramMatch
from assistant.rerank import SentenceSimilarity
from assistant.types import Answer, Citation, Hit
from ingest.cards import ProgramCard, card_field_for
from ingest.korean import keyword_tokens
from ingest.normalize import (
    AmountMention,
    DateMention,
    Period,
    find_amounts,
    find_dates,
    find_periods,
    find_phones,
    find_ratios,
    format_datetime_ko,
)
from ingest.types import Chunk

INTENT_KO = {
    "deadline": "접수기간",
    "period": "지원기간",
    "eligibility": "지원대상·자격",
    "amount": "지원금액·한도",
    "ratio": "자부담·매칭 비율",
    "menu": "지원내용",
    "contact": "문의처",
    "procedure": "신청방법·절차",
    "count": "관련 수치",
    "schedule": "추진 일정",
    "bonus": "가점·우대",
    "general": "관련 내용",
}
# A question about when the steps of a program happen (공고, 선정, 협약), not about an application window.
_SCHEDULE_ASKED = pattern("asked", "schedule")
# "결과 발표일이 언제죠?", "중간점검은 언제 하나요?": the date of a later step, which the application window
# does not answer.
_EVENT_ASKED = pattern("asked", "event")
_APPLICATION_ASKED = pattern("asked", "application")
# "참여 공고는 언제 떠요?": the posting date, not the application window
_POSTING_ASKED = pattern("asked", "posting")
# "정확한 마감 날짜가요?": a day is asked, which a year-level period ("2020년 ~ 2025년") does not give
_DAY_ASKED = pattern("asked", "day")
# "선정되면 언제 돈 들어와요?": when the grant is paid, not when applications close
_PAYMENT_ASKED = pattern("asked", "payment")
EVENT_DATE_GAP = 20  # characters between the step's word and its date
# A word marked for a footnote ("계약학과*를"; not the "**" of bold text) and the footnote line below it.
_STARRED = re.compile(r"[가-힣A-Za-z0-9]\*(?!\*)")
_NEXT_LINE = re.compile(r"[^\n]*\n\s*([^\n]+)")
_FOOTNOTE = re.compile(r"(?:-\s*)?\*(?!\*)\s*\S")
FOOTNOTE_CHARS = 240
_NOTE = re.compile(r"-\s*\*(?!\*)\s")  # "- * (현행) …": a note on the bullet above, starred or not
_MONEY_ASKED = pattern("intent", "shape", "money_noun")
_WHICH_ASKED = pattern("asked", "which")
_CALL_ASKED = pattern("asked", "call")
_SPLIT = re.compile(r"[가-힣]+\s*[:：]\s*[가-힣]+\s*=\s*\d+\s*[:：]\s*\d+")
LIMITS = {"eligibility": 3, "menu": 3, "procedure": 3, "general": 3}
CARD_BONUS = 2.5
NOT_FOUND_TAIL = "정확한 내용은 중소기업 통합콜센터(☎ 1357)나 해당 공고의 문의처에 확인해 주세요."


def asked_event(question: str) -> str | None:
    """The step whose date is asked: the notice's posting ("공고는 언제 올라와요?" → "공고"), or a later step
    ("결과 … 발표" → "발표") when the question is not about applying."""
    posting = _POSTING_ASKED.search(question)
    if posting is not None:
        return "공고"
    if _PAYMENT_ASKED.search(question):
        return "지급"
    event = _EVENT_ASKED.search(question)
    return event.group() if event is not None and not _APPLICATION_ASKED.search(question) else None


def _dated(word: str, text: str) -> bool:
    """``word`` with a date or a month within a few characters: "결과 발표(3월 중)", "협약 체결 : 4.1."."""
    marks = [m.start() for m in re.finditer(re.escape(word), text)]
    dates = [d.start for d in find_dates(text)] + [m.start() for m in re.finditer(r"\d{1,2}\s*월", text)]
    return any(abs(m - d) <= EVENT_DATE_GAP for m in marks for d in dates)


def _status_phrase(end: dt.datetime, start: dt.datetime | None, today: dt.date) -> str:
    if start is not None and today < start.date():
        return f"{today:%Y-%m-%d} 기준 아직 접수 전입니다"
    if today > end.date():
        return f"{today:%Y-%m-%d} 기준 접수가 마감되었습니다"
    days = (end.date() - today).days
    if days <= 7:
        return f"{today:%Y-%m-%d} 기준 마감 {days}일 전입니다(마감임박)"
    return f"{today:%Y-%m-%d} 기준 접수 중입니다"


def _amount_lead(text: str, question: str) -> str | None:
    """The amount to lead with: a capped one (최대/이내/한도) next to the question's words, if clear, and
    never an amount the question itself states (that is the asker's situation, not the answer)."""
    own = {a.won for a in find_amounts(question)}  # the asker's own figure ("매출 10억이면 …") is context
    amounts = [
        a for a in of_asked_attribute("amount", text, find_amounts(text), question) if a.won not in own
    ]
    if not amounts:
        return None
    words = [w for w in keyword_tokens(question) if len(w) > 1]

    def near(a: AmountMention) -> int:
        window = text[max(0, a.start - 25) : a.end + 5]
        return sum(1 for w in words if w in window)

    ranked = sorted(
        amounts, key=lambda a: (near(a), a.qualifier in ("최대", "이내", "한도"), a.won), reverse=True
    )
    distinct = {a.won for a in amounts}
    if len(distinct) > 1 and near(ranked[0]) == 0 and not ranked[0].qualifier:
        return None  # several amounts, none clearly the one asked about: let the quotes speak
    return ranked[0].text.strip()


def _when(m: DateMention) -> str:
    """A date as stated: the year is only written when the quote itself gives it."""
    if not m.year_inferred:
        return format_datetime_ko(m.value, m.has_time)
    s = f"{m.value.month}월 {m.value.day}일"
    return s + (f" {m.value.hour:02d}:{m.value.minute:02d}" if m.has_time else "")


def _doc_year(title: str) -> int | None:
    """The announcement's year from its title, used only to read dates written without one."""
    found = re.search(r"(20\d\d)\s*년|^(20\d\d)-\d\d-\d\d", title)  # "2025년도 …", "2025-01-24 보도자료 …"
    return int(found.group(1) or found.group(2)) if found else None


def _asks_money(question: str) -> bool:
    return "얼마" in question or _MONEY_ASKED.search(question) is not None


def _lead(
    intent: str, text: str, n: int, today: dt.date, question: str = "", year: int | None = None
) -> str | None:
    """A first sentence stating the key value found in ``text`` (the quote of citation ``n``)."""
    if intent == "deadline":
        for p in _application_first(text, find_periods(text, year)):
            if p.tbd and not p.end:
                return f"접수 일정은 문서에 '추후 공지'로 되어 있습니다 [{n}]."
            if p.end is None:
                continue
            end_s = _when(p.end)
            status = _status_phrase(p.end.value, p.start.value if p.start else None, today)
            if p.start:
                start_s = _when(p.start)
                return f"접수기간은 {start_s}부터 {end_s}까지이며, 마감은 {end_s}입니다 [{n}]. ({status})"
            return f"접수 마감은 {end_s}입니다 [{n}]. ({status})"
        return None
    if intent == "amount":
        value = _amount_lead(text, question)
        return f"금액은 '{value}'입니다 [{n}]." if value else None
    if intent == "ratio":
        split = _SPLIT.search(text)  # "국비 : 지방비 = 7 : 3" says more than the 15% beside it
        if split:
            return f"부담 비율은 '{split.group(0)}'입니다 [{n}]."
        ratios = of_asked_attribute("ratio", text, find_ratios(text), question)
        if ratios:
            return f"부담 비율은 {', '.join(dict.fromkeys(r.text.strip() for r in ratios))}입니다 [{n}]."
        return None
    if intent == "contact":
        if _WHICH_ASKED.search(question) and not _CALL_ASKED.search(question):
            return None  # "심사는 어느 곳이 맡아요?" asks for a name, which the quote gives; a number is another value
        phones = of_asked_attribute("contact", text, find_phones(text), question)
        if phones:
            return (
                f"문의처 전화번호는 {', '.join(dict.fromkeys(p.text.strip() for p in phones))}입니다 [{n}]."
            )
        return None
    return None


def _event_lead(event: str, text: str, n: int, year: int | None) -> str | None:
    """The date beside the step asked about ("공고는 언제?" → "사업공고 ('25.1.31~…)"), named as that step's."""
    marks = [m.start() for m in re.finditer(re.escape(event), text)]
    dates = find_dates(text, year)
    if not marks or not dates:
        return None
    nearest = min(dates, key=lambda d: min(abs(d.start - m) for m in marks))
    return f"문서의 '{event}' 관련 날짜는 {_when(nearest)}입니다 [{n}]."


def _application_first(text: str, periods: Sequence[Period]) -> list[Period]:
    """Periods with the application window (접수/신청) before others: "공고기간 12.11~12.27" comes first in
    many notices, but "온라인 접수기간 12.16 09:00 ~ 12.27 18:00" is the one a caller asks about."""

    def label(p: Period) -> str:
        at = (p.start or p.end).start if (p.start or p.end) else 0
        return text[text.rfind("\n", 0, at) + 1 : at][-40:]

    def rank(p: Period) -> int:
        before = label(p)
        if re.search(r"접수|신청|제출|마감", before):
            return 0
        if re.search(r"공고\s*기간|게시|공고일", before):
            return 2
        return 1

    return sorted(periods, key=rank)


_CLOSING_TIME = re.compile(r"[^\n]*(?:마감|까지)[^\n]*")
_TIME = re.compile(r"(?<![\d:])(\d{1,2}:\d{2})(?![\d:])")


def _end_without_time(text: str, year: int | None) -> bool:
    periods = [p for p in _application_first(text, find_periods(text, year)) if p.end is not None]
    return bool(periods) and periods[0].end is not None and not periods[0].end.has_time


def _closing_time(ev: Evidence, text: str, n: int) -> tuple[Citation, str] | None:
    """When the period gives no closing hour, the line of the same document that does ("마감일 18:00까지")."""
    for m in _CLOSING_TIME.finditer(text):
        line = m.group()
        times = list(_TIME.finditer(line))
        if not times or len(line.strip()) > 200 or not re.search(r"접수|신청|제출|마감", line):
            continue
        t = times[-1]  # "12.16 09:00 ~ 12.27 18:00까지": the closing hour is the last one, not the opening
        lead = len(line) - len(line.lstrip())
        start = m.start() + lead
        quote = line.strip()
        c = ev.hit.chunk
        citation = Citation(
            n, c.doc_id, c.source, c.title, c.page, c.section, quote, start, start + len(quote)
        )
        return citation, f"접수 마감 시각은 {t.group(1)}입니다 [{n}]."
    return None


def _flat(quote: str) -> str:
    """The quote as shown inside the answer text: same words, runs of whitespace collapsed."""
    return " ".join(quote.split())


def _line_around(text: str, start: int, end: int, limit: int = 300) -> tuple[int, int]:
    """The whole line(s) holding ``text[start:end]`` (trimmed), unless that gets too long."""
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", end)
    le = len(text) if le == -1 else le
    while ls < start and text[ls].isspace():
        ls += 1
    while le > end and text[le - 1].isspace():
        le -= 1
    if le - ls > limit:
        return start, end
    return ls, le


def _card_candidates(
    card: ProgramCard, intent: str, chunks: Sequence[Chunk], text: str, bonus: float = CARD_BONUS
) -> list[Candidate]:
    out: list[Candidate] = []
    for f in card_field_for(card, intent)[:3]:
        chunk = next((c for c in chunks if c.start <= f.start < c.end), None)
        if chunk is None:
            continue
        s, e = _line_around(text, f.start, f.end)
        out.append(Candidate(Hit(chunk, 0.0, 1), s, e, bonus))
    return out


def _specific_words(question: str, program: ProgramMatch | None) -> set[str]:
    """Question words beyond the program's name and the kind of answer wanted (e.g. 고경력, 박사)."""
    from assistant.evidence import INTENT_WORDS

    name = set(keyword_tokens(program.name)) if program else set()
    return {w for w in keyword_tokens(question) if len(w) > 1 and w not in name and w not in INTENT_WORDS}


def _with_footnote(ev: Evidence, text: str) -> Evidence:
    """The quote with the footnote its starred word points to ("계약학과*를 …" + "- * 중소기업 재직자를 대상 …"),
    or with the "- *" note under it ("최대 4년까지 확대" + "- * (현행) 2+2 … → (개선) 4+2")."""
    nxt = _NEXT_LINE.match(text, ev.end)
    if nxt is None or not _FOOTNOTE.match(nxt.group(1)) or len(nxt.group(1)) > FOOTNOTE_CHARS:
        return ev
    if not _STARRED.search(ev.text.rstrip().rsplit("\n", 1)[-1]) and not _NOTE.match(nxt.group(1)):
        return ev
    end = nxt.end(1)
    return Evidence(ev.hit, ev.start, end, text[ev.start : end], ev.score)


def _with_merged_row(ev: Evidence, text: str) -> Evidence:
    """A table row that is missing the first cells of the row above continues it (a merged cell):
    "세부사업 B | (02) 000-0000 …" under "주관기관 | 어느 협회 | 세부사업 A … | …" is
    quoted with that row, which names the office."""
    row = ev.text.strip()
    if "\t" not in row or "\n" in row:
        return ev
    start = ev.start + len(ev.text) - len(ev.text.lstrip())
    above_end = text.rfind("\n", 0, start)
    if above_end <= 0:
        return ev
    above_start = text.rfind("\n", 0, above_end) + 1
    above = text[above_start:above_end]
    if above.count("\t") <= row.count("\t") or is_table_header(above):
        return ev
    return Evidence(ev.hit, above_start, ev.end, text[above_start : ev.end], ev.score)


def _cite(ev: Evidence, n: int) -> Citation:
    c = ev.hit.chunk
    lead = len(ev.text) - len(ev.text.lstrip())
    quote = ev.text.strip()
    start = ev.start + lead
    return Citation(n, c.doc_id, c.source, c.title, c.page, c.section, quote, start, start + len(quote))


def compose_answer(
    question: str,
    intent: Intent,
    program: ProgramMatch | None,
    hits: Sequence[Hit],
    doc_texts: Mapping[str, str],
    today: dt.date,
    idf: Mapping[str, float],
    card: ProgramCard | None = None,
    card_chunks: Sequence[Chunk] = (),
    similarity: SentenceSimilarity | None = None,
) -> Answer | None:
    """An answered ``Answer``, or None when the passages hold nothing that answers the intent."""
    wanted = [i for i in intent.all if i != "general"] or ["general"]
    short = [Candidate(h, s, e) for h in hits for s, e in units_of(h, doc_texts.get(h.chunk.doc_id, ""))]
    blocks = [Candidate(h, s, e) for h in hits for s, e in list_units(h)]
    citations: list[Citation] = []
    lines: list[str] = []
    leads: list[str] = []
    # a yes/no question is answered by the rule that decides it: no value at the top
    values_lead = not asks_yes_no(question)
    cited: dict[tuple[str, int, int], int] = {}
    shown: set[str] = set()
    answered_as: list[str] = []  # the kind of passage each intent was answered with (period for 언제까지)
    for name in wanted[:3]:
        base = short + blocks if name in LIST_INTENTS else short
        pool = base
        if card is not None:
            bonus = CARD_BONUS if not _specific_words(question, program) else 0.5
            pool = _card_candidates(card, name, card_chunks, doc_texts[card.doc_id], bonus) + base
        event = asked_event(question) if name == "deadline" else None
        if event is not None:
            pool = [c for c in pool if _dated(event, doc_texts[c.hit.chunk.doc_id][c.start : c.end])]

        def pick(kind: str, pool: list[Candidate] = pool) -> list[Evidence]:
            return select_evidence(
                kind,
                question,
                pool,
                doc_texts,
                idf,
                limit=LIMITS.get(kind, 2),
                ignore=program.name if program else "",
                similarity=similarity,
            )

        kind = "schedule" if event is not None else name  # a step's date is not an application window
        evidence = pick(name)
        if not evidence and name == "deadline" and _SCHEDULE_ASKED.search(question):
            kind, evidence = (
                "schedule",
                pick("schedule"),
            )  # a question about the steps from posting to agreement: months, no window
        if not evidence and name == "deadline" and "period" not in wanted and not _DAY_ASKED.search(question):
            # no application window: a year-level period may still answer "언제까지" ('27년까지)
            kind, evidence = "period", pick("period")
        if not evidence and event is not None and name == wanted[0]:
            return None  # the step's date is not in the documents: say so, whatever else they hold
        if not evidence and name in VALUE_INTENTS:
            continue
        if evidence:
            answered_as.append(kind)
        led = False
        for position, ev in enumerate(evidence):
            key = (ev.hit.chunk.doc_id, ev.start, ev.end)
            if key not in cited and _flat(ev.text) in shown:
                continue  # the same sentence from a twin file (PDF + HWP of one notice)
            if key not in cited:
                shown.add(_flat(ev.text))
                cited[key] = len(citations) + 1
                doc_text = doc_texts[ev.hit.chunk.doc_id]
                citations.append(_cite(_with_merged_row(_with_footnote(ev, doc_text), doc_text), cited[key]))
                lines.append(f"• {_flat(citations[-1].quote)} [{cited[key]}]")
            if (
                not led
                and (values_lead or event is not None)
                and (name != "amount" or position == 0)
                and (name != "amount" or wanted[0] == "amount" or _asks_money(question))
            ):  # an amount leads a question about a count or a share only when money is asked too
                # the first quote that states the value leads; an amount only from the best quote,
                # since a lower one with a clear amount is often another track's row
                year = _doc_year(ev.hit.chunk.title)
                lead = (
                    _event_lead(event, ev.text, cited[key], year)
                    if event is not None
                    else _lead(name, ev.text, cited[key], today, question, year)
                )
                if lead:
                    leads.append(lead)
                    led = True
                    if name == "deadline" and event is None and _end_without_time(ev.text, year):
                        extra = _closing_time(ev, doc_texts[ev.hit.chunk.doc_id], len(citations) + 1)
                        if extra is not None:
                            citation, sentence = extra
                            citations.append(citation)
                            lines.append(f"• {_flat(citation.quote)} [{citation.n}]")
                            leads.append(sentence)
    if not citations:
        return None
    head = citations[0].title  # the document quoted first, even when the program match named several
    notes: list[str] = []
    if (
        card is not None
        and card.amends
        and card.notice_no is not None
        and card.doc_id in {c.doc_id for c in citations}
    ):
        notes.append(f"(변경된 공고 {card.notice_no.value} 기준입니다.)")  # which notice, not a value
    label = ", ".join(INTENT_KO.get(w, w) for w in dict.fromkeys(answered_as or wanted[:3]))
    parts = [*leads, *notes, f"「{head}」의 {label} 관련 원문입니다:", *lines]
    return Answer(
        question=question,
        text="\n".join(parts),
        status="answered",
        intent=wanted[0],
        program=program.name if program else None,
        citations=tuple(citations),
        intents=tuple(wanted),
        lead=tuple(leads),
    )
