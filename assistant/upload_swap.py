"""Put a spooled upload in place and index it; a same-name upload replaces the old file only when asked.

Without ``replace`` a taken name is refused (``NameTaken``). With it, the old file is moved aside into
the corpus folder's hidden ``.replaced/`` folder (ingest skips hidden folders), the new file takes its
name and is indexed, and only then is the old file deleted. When the new file is refused by the readers,
or its indexing raises, the old file goes back under its name and is indexed again. Every replacement,
kept or undone, is written to the :class:`~assistant.replacement_log.ReplacementLog`. An old file left
aside by a process killed mid-swap goes back under its name when that name is still free.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from assistant.replacement_log import REPLACED, RESTORED, ReplacementEntry, ReplacementLog, now_utc
from assistant.uploads import NameTaken, SpooledUpload
from ingest.types import FileReport

ASIDE_FOLDER = ".replaced"
RESTORED_NOTE = "새 파일을 색인하지 못해 같은 이름의 기존 파일을 되돌려 놓았습니다."
REPLACED_NOTE = "같은 이름의 기존 파일을 새 파일로 바꾸었습니다."
_HASH_BLOCK = 1 << 20
# one placement at a time in this process: the name check, the swap and the indexing belong together
_SWAP_LOCK = threading.Lock()

Ingest = Callable[[Path], FileReport]


@dataclass(frozen=True)
class Who:
    """Who sent an upload: the credential it came with and where it came from."""

    credential: str
    client: str


ADMIN = "관리자 토큰"


@dataclass(frozen=True)
class PlacedUpload:
    report: FileReport  # the new file's line of the ingest report
    replaced: bool = False  # an older file of that name was replaced
    restored: bool = False  # the new file was refused: the older file is back
    note: str | None = None  # a Korean sentence for the person who uploaded


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(_HASH_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def place_upload(
    spooled: SpooledUpload, replace: bool, ingest: Ingest, log: ReplacementLog, who: Who
) -> PlacedUpload:
    """Move ``spooled`` into place and index it with ``ingest`` (see the module docstring).

    Raises ``NameTaken`` when the name is taken and ``replace`` is false; the spooled file is gone
    after this returns or raises.
    """
    target = spooled.target
    with _SWAP_LOCK:
        try:
            _recover(target.parent)
            if not target.exists():
                os.replace(spooled.tmp, target)
                return PlacedUpload(ingest(target))
            if not replace:
                raise NameTaken(target.name)
            return _replace(spooled, ingest, log, who)
        finally:
            spooled.discard()


def _recover(folder: Path) -> None:
    """A replacement cut short (the process killed between the two moves) left the old file aside and
    its name free: put it back."""
    aside = folder / ASIDE_FOLDER
    if not aside.is_dir():
        return
    for old in aside.iterdir():
        if old.is_file() and not (folder / old.name).exists():
            os.replace(old, folder / old.name)


def _replace(spooled: SpooledUpload, ingest: Ingest, log: ReplacementLog, who: Who) -> PlacedUpload:
    target = spooled.target
    aside = target.parent / ASIDE_FOLDER / target.name
    aside.parent.mkdir(exist_ok=True)
    old_doc_id = _sha256(target)
    os.replace(target, aside)
    os.replace(spooled.tmp, target)

    def entry(outcome: str, new_doc_id: str | None, reason: str | None) -> ReplacementEntry:
        return ReplacementEntry(
            now_utc(), target.name, who.credential, who.client, outcome, old_doc_id, new_doc_id, reason
        )

    def restore() -> None:
        target.unlink(missing_ok=True)
        os.replace(aside, target)

    try:
        report = ingest(target)
    except BaseException:
        restore()
        log.append(entry(RESTORED, None, "색인 중 오류"))
        ingest(target)  # the old file back in the index
        raise
    if report.status == "error":
        restore()
        log.append(entry(RESTORED, report.doc_id, report.error))
        ingest(target)
        return PlacedUpload(report, replaced=False, restored=True, note=RESTORED_NOTE)
    aside.unlink(missing_ok=True)
    log.append(entry(REPLACED, report.doc_id, None))
    return PlacedUpload(report, replaced=True, note=REPLACED_NOTE)
