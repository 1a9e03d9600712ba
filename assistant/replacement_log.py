"""The replacement log: one JSON line per upload that replaced a file of the same name.

It lives in the home folder (``uploads/replacements.jsonl``) and is only ever appended to, so who
replaced which notice, and when, stays on record after the old file is gone.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
from collections import deque
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

LOG_NAME = "replacements.jsonl"
REPLACED = "replaced"  # the new file is indexed under the name
RESTORED = "restored"  # the new file was refused or its indexing failed: the old one is back


@dataclass(frozen=True)
class ReplacementEntry:
    at: str  # ISO 8601, UTC
    source: str  # the file name in the corpus folder
    who: str  # the credential the upload came with ("관리자 토큰")
    client: str  # the client's address, or the in-process screen
    outcome: str  # REPLACED | RESTORED
    old_doc_id: str
    new_doc_id: str | None
    reason: str | None = None  # why the old file was restored

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def now_utc() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class ReplacementLog:
    """Append-only JSON lines; lines that do not parse (a torn last write) are skipped when read."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    @classmethod
    def in_home(cls, home: Path) -> ReplacementLog:
        return cls(Path(home) / "uploads" / LOG_NAME)

    def append(self, entry: ReplacementEntry) -> None:
        line = json.dumps(entry.to_dict(), ensure_ascii=False) + "\n"
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as out:
                out.write(line)
                out.flush()
                os.fsync(out.fileno())

    def recent(self, limit: int = 50) -> list[ReplacementEntry]:
        """The last ``limit`` entries, newest first."""
        if not self.path.exists():
            return []
        kept: deque[ReplacementEntry] = deque(maxlen=limit)
        with self.path.open(encoding="utf-8") as f:
            for line in f:
                try:
                    kept.append(ReplacementEntry(**json.loads(line)))
                except (ValueError, TypeError):
                    continue
        return list(reversed(kept))
