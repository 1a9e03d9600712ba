"""Question intent from Kiwi morphemes and question patterns; several intents at once are allowed."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.lexicon import pattern, table, words
from assistant.types import Turn
from ingest.korean import keyword_tokens, tagged_nouns

_PRIORITY: tuple[str, ...] = tuple(table("intent")["priority"])
# per intent: the morphemes that name it, and its weak pattern (a question pattern without a named intent)
_RULES: dict[str, tuple[tuple[str, ...], re.Pattern[str] | None]] = {
    name: (
        words("intent", name, "words"),
        pattern("intent", name, "pattern") if "pattern" in table("intent", name) else None,
    )
    for name in _PRIORITY
}
# phrasings as strong as a named morpheme: how people ask in chat rather than the documents' own words
_STRONG_PATTERNS: dict[str, re.Pattern[str]] = {
    name: pattern("intent", name, "strong") for name in _PRIORITY if "strong" in table("intent", name)
}
_LIMIT_ASKED = pattern("request", "limit")
SPENDING_ASKED = pattern("request", "spending")
_INJECTION = pattern("request", "injection", flags=re.IGNORECASE)
_FABRICATE = pattern("request", "fabricate")
_TASK = pattern("request", "task")
_DOMAIN = pattern("request", "domain", flags=re.IGNORECASE)
_ASKS_WHEN = pattern("question", "when")
_ASKS_YES_NO = pattern("question", "yes_no")
_QUESTION_WORD = pattern("question", "wh")
_POLITE_REQUEST = pattern("question", "polite_request")
# a type of program or track: a word of two or more letters with the suffix 형 ("매칭형", "지원형")
_TYPE_NAME = re.compile(
    r"[가-힣A-Za-z]{2,}형(?![가-힣])|[가-힣A-Za-z]{2,}형(?=(?:이|은|는|을|를|의|으로|도|만|과|와|에)(?![가-힣]))"
)


def _shape(key: str) -> re.Pattern[str]:
    return pattern("intent", "shape", key)


@dataclass(frozen=True)
class Intent:
    primary: str
    all: tuple[str, ...]
    injection: bool
    on_topic: bool


def classify(question: str) -> Intent:
    """Intents named by a morpheme (strong) win; question patterns alone (weak) count only without them. The
    name of a program's type ("매칭형", "평가지원형") names no intent."""
    question = _TYPE_NAME.sub(" ", question)
    tokens = set(keyword_tokens(question))
    strong: list[str] = []
    weak: list[str] = []
    for name in _PRIORITY:
        named, weak_pattern = _RULES[name]
        if tokens & set(named) or (name in _STRONG_PATTERNS and _STRONG_PATTERNS[name].search(question)):
            strong.append(name)
        elif weak_pattern is not None and weak_pattern.search(question):
            weak.append(name)
    found = strong or weak
    if _shape("duration").search(question) and not _shape("window").search(question):
        money = _shape("money").search(question)
        found = [
            "period",
            *[f for f in found if f not in ("period", "deadline") and (money or f != "amount")],
        ]
    if _shape("count").search(question):
        found = ["count", *[f for f in found if f not in ("count", "procedure")]]
    if _shape("period").search(question) and not _shape("applying").search(question):
        # "개발 기간은 전부 얼마나 되나요?": the 얼마 is the period's, unless money is named too
        priced = _shape("money_noun").search(question) or question.count("얼마") > len(
            _shape("period_how_much").findall(question)
        )
        dropped = ("deadline", "eligibility", "procedure", *(() if priced else ("amount",)))
        found = ["period", *[f for f in found if f not in dropped]]
    if _shape("direct").search(question):
        found = ["procedure", *found]  # "대표가 직접 접수해야 하나요?": who applies, through what
    if _LIMIT_ASKED.search(question) and ("eligibility" in found or _shape("limit_context").search(question)):
        found = ["eligibility", *found]  # "자산 얼마 넘으면 안 돼요?": a limit on who may apply
    if SPENDING_ASKED.search(question) and not _shape("how_much").search(question):
        # "지원금으로 해외특허 비용도 쓸 수 있어요?": what the money may be spent on, not how much it is
        found = ["menu", *[f for f in found if f not in ("menu", "amount")]]
    if "deadline" in found and _ASKS_YES_NO.search(question) and not _ASKS_WHEN.search(question):
        # "마감 지나고 서류 바꿔도 돼요?", "마감 전에 못 내면 나중에 보내도 되나요?": 마감 is context of a yes/no question
        found = [f for f in found if f != "deadline"] or ["procedure"]
    found = list(dict.fromkeys(found))
    primary = found[0] if found else "general"
    on_topic = bool(_DOMAIN.search(question)) or bool(found)
    injection = any(p.search(question) for p in (_INJECTION, _TASK, _FABRICATE))
    return Intent(primary, tuple(found) or ("general",), injection, on_topic)


def asks_yes_no(question: str) -> bool:
    """A yes/no question with no question word: "해외 출장비도 지원금으로 처리돼요?" asks whether, not how much."""
    return (
        bool(_ASKS_YES_NO.search(question))
        and not _QUESTION_WORD.search(question)
        and not _POLITE_REQUEST.search(question)
    )


def with_history(question: str, history: Sequence[Turn]) -> Intent:
    """A follow-up that names no intent and little else ("세종은요?") asks what the user's previous
    question asked; one with words of its own ("성과지표도 있나요? 고용 같은 거요") does not."""
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
