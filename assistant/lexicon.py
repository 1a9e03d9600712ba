"""The language knowledge the answer path reads questions with, loaded from ``data/lexicon.toml``.

Everything in the file is general Korean (question cues, intents, request kinds); nothing names a
program or quotes a notice. Patterns may refer to other entries of their table as ``{name}``.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

LEXICON_FILE = Path(__file__).with_name("data") / "lexicon.toml"
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")  # "{measures}"; regex counts like {0,30} are left alone


@cache
def lexicon() -> dict[str, Any]:
    """The whole lexicon file as nested tables (read once)."""
    with LEXICON_FILE.open("rb") as f:
        return tomllib.load(f)


def table(*path: str) -> dict[str, Any]:
    """The table at ``path`` (e.g. ``table("intent", "deadline")``); KeyError names a missing one."""
    node: Any = lexicon()
    for key in path:
        if not isinstance(node, dict) or key not in node:
            raise KeyError(f"lexicon has no table {'.'.join(path)!r}")
        node = node[key]
    return node


@cache
def pattern(*path: str, flags: int = 0) -> re.Pattern[str]:
    """The regular expression at ``path`` (last element the key), ``{name}`` filled from ``[intent]``."""
    *where, key = path
    fills = _fills()
    source = _PLACEHOLDER.sub(lambda m: fills.get(m.group(1), m.group(0)), table(*where)[key])
    return re.compile(source, flags)


@cache
def words(*path: str) -> tuple[str, ...]:
    """The word list at ``path`` (last element the key), in file order."""
    *where, key = path
    return tuple(table(*where).get(key, ()))


def _fills() -> dict[str, str]:
    top = lexicon().get("intent", {})
    return {k: v for k, v in top.items() if isinstance(v, str)}
