"""Program cards kept beside the index, so a start or a reload extracts only the cards it has not seen.

Extracting a card reads the whole notice (about 70 ms each on 2 cores), which is seconds at a few
hundred notices — too slow for every start and every reload after an upload. Cards are stored in one
file per extractor version under ``HOME/cards/``; the version is a hash of the extractor's code (the
``ingest`` package and the lexicon), so changing the rules re-extracts every card once, by itself.

The file is a pickle the assistant itself writes into its own home folder (never a user's upload);
an unreadable file is ignored and rebuilt.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

from ingest.cards import ProgramCard, extract_card
from ingest.types import SourceDoc

log = logging.getLogger(__name__)

FOLDER = "cards"
_INGEST = Path(__file__).resolve().parent
_LEXICON = (
    _INGEST.parent / "assistant" / "lexicon.py",
    _INGEST.parent / "assistant" / "data" / "lexicon.toml",
)

CardMap = dict[tuple[str, str], ProgramCard | None]  # (doc_id, source) → card (None: not an announcement)


@lru_cache(maxsize=1)
def extractor_version() -> str:
    """A hash of the code cards are extracted by (every ``ingest`` module, the lexicon and its reader)."""
    digest = hashlib.blake2b(digest_size=8)
    for path in sorted([*_INGEST.glob("*.py"), *_LEXICON]):
        if path.exists():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _path(home: Path) -> Path:
    return home / FOLDER / f"cards-{extractor_version()}.pkl"


def _load(home: Path) -> CardMap:
    path = _path(home)
    if not path.exists():
        return {}
    try:
        with path.open("rb") as handle:
            data = pickle.load(handle)
    except Exception as exc:  # noqa: BLE001 — a damaged cache only costs time: rebuild it
        log.warning("card cache %s unreadable (%s); extracting again", path, exc)
        return {}
    return data if isinstance(data, dict) else {}


def _save(home: Path, cards: CardMap) -> None:
    folder = home / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    path = _path(home)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    with tmp.open("wb") as handle:
        pickle.dump(cards, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)
    for old in folder.glob("cards-*.pkl"):  # other extractor versions
        if old != path:
            old.unlink(missing_ok=True)


def update(
    home: Path, keys: Iterable[tuple[str, str]], load: Callable[[str, str], SourceDoc]
) -> list[ProgramCard]:
    """The cards of the documents ``keys`` name ((doc_id, source) pairs; announcements only), extracting
    — after ``load``-ing the document — only those not cached yet. Only these keys are kept, so documents
    removed from the index leave the cache too."""
    cached = _load(home)
    out: CardMap = {}
    fresh = 0
    for key in keys:
        if key in cached:
            out[key] = cached[key]
        else:
            out[key] = extract_card(load(*key))
            fresh += 1
    if fresh or len(out) != len(cached):
        try:
            _save(home, out)
        except OSError as exc:  # a read-only home still answers; it extracts again next time
            log.warning("card cache not saved: %s", exc)
    return [c for c in out.values() if c is not None]


def cards_for(home: Path, docs: Iterable[SourceDoc]) -> list[ProgramCard]:
    """The cards of ``docs`` (see :func:`update`)."""
    by_key = {(d.doc_id, d.source): d for d in docs}
    return update(home, list(by_key), lambda doc_id, source: by_key[(doc_id, source)])


def cached_cards(home: Path) -> list[ProgramCard]:
    """The cards in the cache as it is (no extraction; [] when there is none for this extractor)."""
    return [c for c in _load(home).values() if c is not None]
