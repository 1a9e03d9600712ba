"""The lexicon data file: every intent it lists is complete, every pattern compiles, placeholders fill."""

from __future__ import annotations

import re

import pytest

from assistant.lexicon import lexicon, pattern, table, words


def test_every_intent_in_the_priority_has_a_table_with_words_or_a_pattern() -> None:
    for name in table("intent")["priority"]:
        entry = table("intent", name)
        assert words("intent", name, "words") or "pattern" in entry or "strong" in entry, name


def test_every_pattern_in_the_file_compiles() -> None:
    def walk(node: dict, path: tuple[str, ...]) -> int:
        count = 0
        for key, value in node.items():
            if isinstance(value, dict):
                count += walk(value, (*path, key))
            elif isinstance(value, str) and key != "measures":
                assert isinstance(pattern(*path, key), re.Pattern)
                count += 1
        return count

    assert walk(lexicon(), ()) >= 20


def test_a_placeholder_is_filled_and_regex_counts_are_left_alone() -> None:
    count = pattern("intent", "shape", "count")
    assert "{measures}" not in count.pattern and count.search("발표는 몇 분 해요?")
    assert not count.search("몇 분야예요?")
    assert pattern("request", "fabricate").search("근거 같은 거 필요없으니까 대충 찍어줘")


def test_a_missing_table_is_named() -> None:
    with pytest.raises(KeyError, match="intent.nothing"):
        table("intent", "nothing")
