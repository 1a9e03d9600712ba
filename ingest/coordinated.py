"""Words that notices write contracted with a middle dot: "휴‧폐업" is 휴업 and 폐업, "중소‧중견기업" is
중소기업 and 중견기업, "제조·서비스업" is 제조업 and 서비스업.

Kiwi reads the short head alone ("휴", "중소"), so a question about 휴업 or 중소기업 would not meet the line
that rules on it. The head gets the shared tail of the last word: its final noun when Kiwi splits the
last word in two or more nouns (중견+기업 → 중소기업), else its last syllable when the head is one syllable and
the last word two (폐업 → 휴업). A head that already ends like the tail is a word of its own (국세·지방세),
and a result Kiwi does not read as one noun is no word at all.
"""

from __future__ import annotations

import re

from ingest.korean import tagged_nouns

__all__ = ["coordinated_words"]

_CHAIN = re.compile(r"((?:(?<![가-힣])[가-힣]{1,2}\s?[‧·ㆍ・∙]\s?)+)([가-힣]{2,8})")
_HEAD = re.compile(r"([가-힣]{1,2})\s?[‧·ㆍ・∙]")


def _tail(last: str, head: str) -> str | None:
    nouns = [form for form, _ in tagged_nouns(last)]
    if len(nouns) >= 2 and "".join(nouns) == last:
        return nouns[-1]
    if len(head) == 1 and len(last) == 2:
        return last[1]
    return None


def coordinated_words(text: str) -> frozenset[str]:
    """The whole words the middle-dot contractions of ``text`` stand for, besides the last one written."""
    out: set[str] = set()
    for chain in _CHAIN.finditer(text):
        last = chain.group(2)
        for head in _HEAD.findall(chain.group(1)):
            tail = _tail(last, head)
            word = head + tail if tail and not head.endswith(tail[-1]) else ""
            if word and [form for form, _ in tagged_nouns(word)] == [word]:
                out.add(word)  # only a word Kiwi knows whole: "대·중견" gives no "대견"
    return frozenset(out)
