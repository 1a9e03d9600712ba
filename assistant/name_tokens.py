"""Program names' Kiwi keyword tokens, kept in a file of the index so that a start need not analyse them.

The program resolver (`assistant.programs`) takes the keyword tokens of every document's names when an index
generation is loaded: two thousand Kiwi analyses at 676 notices, and the first use of Kiwi, whose model
then loads. ``index/name_tokens.json`` keeps them by text, written by the first start that computes them
(a start after an upload adds the new names); a later start hands them to `ingest.korean.know_tokens` and
builds the resolver without Kiwi. A file written by another analyser (`ingest.korean.analyser_id`) is ignored.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ingest.korean import analyser_id, know_tokens, recording_tokens

FILE_NAME = "name_tokens.json"


def _path(home: Path) -> Path:
    return home / "index" / FILE_NAME


def read(home: Path) -> dict[str, list[str]]:
    """The stored tokens by text ({} when there is no usable file)."""
    try:
        raw = json.loads(_path(home).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(raw, dict) or raw.get("analyser") != analyser_id():
        return {}
    tokens = raw.get("tokens")
    return tokens if isinstance(tokens, dict) else {}


def write(home: Path, tokens: dict[str, list[str]]) -> None:
    path = _path(home)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    data = {"analyser": analyser_id(), "tokens": tokens}
    tmp.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)


@contextmanager
def remembered(home: Path) -> Iterator[None]:
    """Inside the block `keyword_tokens` knows the stored texts; texts it analyses are added to the file."""
    stored = read(home)
    know_tokens(stored)
    with recording_tokens() as computed:
        yield
    if computed:
        stored.update((text, list(toks)) for text, toks in computed.items())
        with contextlib.suppress(OSError):  # a read-only index: the next start analyses them again
            write(home, stored)
