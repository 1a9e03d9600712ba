"""An index for one evaluation run that holds extra documents beside the user's own.

``giljabi eval --add-docs FOLDER`` (or a ``.list`` file naming one document per line, relative to
the list's folder, as ``evals/splits/pool-test.list`` does) evaluates against the index in ``GILJABI_HOME`` plus the notices
in FOLDER, without touching that index: the home is copied once into
``HOME/eval-indexes/<key>`` (the key hashes the extra files' names and sizes and the home's
catalog) and the extra files are ingested there. A later run with the same files reuses the copy,
so a test on unseen notices costs their ingest once.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Sequence
from pathlib import Path

OVERLAY_DIR = "eval-indexes"
LIST_SUFFIX = ".list"
_NOT_COPIED = frozenset({OVERLAY_DIR, "feedback.sqlite3", "logs"})


class OverlayError(Exception):
    """The run's index could not be built (the message is Korean, for the CLI)."""


def added_files(sources: Sequence[Path]) -> list[Path]:
    """The documents named by ``sources``: folders walked, ``.list`` files read, other files as given."""
    from ingest.pipeline import collect_files

    paths: list[Path] = []
    for source in sources:
        if source.suffix == LIST_SUFFIX and source.is_file():
            lines = source.read_text(encoding="utf-8").splitlines()
            paths += [
                source.parent / line.strip() for line in lines if line.strip() and not line.startswith("#")
            ]
        else:
            paths.append(source)
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise OverlayError("추가할 문서 경로가 없습니다: " + ", ".join(missing[:5]))
    files = collect_files(paths)
    if not files:
        raise OverlayError("추가할 문서가 없습니다: " + ", ".join(map(str, sources)))
    return files


def overlay_key(home: Path, files: Sequence[Path]) -> str:
    """A stable name for the home's catalog plus these files (names and sizes)."""
    digest = hashlib.sha256()
    catalog = home / "index" / "catalog.json"
    if catalog.is_file():
        digest.update(catalog.read_bytes())
    for path in sorted(files, key=lambda p: p.name):
        digest.update(f"{path.name}\0{path.stat().st_size}\n".encode())
    return digest.hexdigest()[:16]


def _copy_home(home: Path, target: Path) -> None:
    target.mkdir(parents=True)
    for entry in home.iterdir():
        if entry.name in _NOT_COPIED:
            continue
        if entry.is_dir():
            shutil.copytree(entry, target / entry.name)
        else:
            shutil.copy2(entry, target / entry.name)


def index_with_documents(
    home: Path,
    sources: Sequence[Path],
    *,
    chroma_url: str | None = None,
    span_vectors: bool = True,
    progress: bool = False,
) -> Path:
    """The home of an index holding ``home``'s documents plus those ``sources`` name (see ``added_files``)."""
    from ingest.pipeline import ingest_paths

    if chroma_url:
        raise OverlayError("--add-docs는 내장 저장소에서만 쓸 수 있습니다(GILJABI_CHROMA_URL을 비우세요).")
    if not (home / "index" / "catalog.json").is_file():
        raise OverlayError(f"색인이 없습니다({home}): 먼저 'giljabi ingest'를 실행하세요.")
    files = added_files(sources)
    target = home / OVERLAY_DIR / overlay_key(home, files)
    if (target / ".complete").is_file():
        return target
    building = target.with_name(target.name + ".building")
    shutil.rmtree(building, ignore_errors=True)
    _copy_home(home, building)
    ingest_paths(files, building, None, progress=progress, span_vectors=span_vectors)
    (building / ".complete").write_text("ok\n", encoding="utf-8")
    shutil.rmtree(target, ignore_errors=True)
    building.rename(target)
    return target
