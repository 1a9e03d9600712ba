"""Which values in a quote may lead an answer: only values of the attribute asked.

A value's label is the text just before it on its line (back to the previous value). When that label
holds a word of another attribute (``[lead.<intent>] foreign`` in the lexicon) that the question does
not use, the value is of that other attribute and never leads.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar

from assistant.lexicon import pattern, table


class Mention(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


M = TypeVar("M", bound=Mention)


def label_before(text: str, start: int, previous_end: int = 0) -> str:
    """The words before ``text[start]`` on its line, after ``previous_end``, at most the lexicon's window."""
    line_start = text.rfind("\n", 0, start) + 1
    return text[max(line_start, previous_end, start - int(table("lead")["window"])) : start]


def foreign_label(intent: str, label: str, question: str) -> str | None:
    """The word of another attribute in ``label`` that the question does not use, if any."""
    if "foreign" not in table("lead").get(intent, {}):
        return None
    for m in pattern("lead", intent, "foreign").finditer(label):
        if m.group().strip() not in question:
            return m.group()
    return None


def of_asked_attribute(intent: str, text: str, mentions: Sequence[M], question: str) -> list[M]:
    """The mentions whose label is not another attribute's (in order)."""
    kept: list[M] = []
    previous_end = 0
    for m in sorted(mentions, key=lambda m: m.start):
        if foreign_label(intent, label_before(text, m.start, previous_end), question) is None:
            kept.append(m)
        previous_end = m.end
    return kept
