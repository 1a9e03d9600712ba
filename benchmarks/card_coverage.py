"""Program-card coverage: how many announcements' cards state each field.

Cards are extracted from the bundled corpus (corpus/real, corpus/seeds) and from a fixed sample of
pool notices (the first ``--sample`` file names of the pool ordered by the SHA-1 of the name, so the
sample does not move as files are added). A pool file's text is read from ``--pooltext`` when it was
extracted there already (``<file name>.txt``), else from the file itself. No embedding, no index.

Run: ``python benchmarks/card_coverage.py [--pool ../shared/corpus/pool] [--sample 40] [--show FIELD]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from ingest.cards import ProgramCard, extract_card  # noqa: E402
from ingest.errors import UnreadableDocument  # noqa: E402
from ingest.pipeline import build_source_doc  # noqa: E402
from ingest.title import derive_title  # noqa: E402
from ingest.types import SourceDoc  # noqa: E402

TODAY = dt.date(2026, 11, 22)
FIELDS: dict[str, Callable[[ProgramCard], bool]] = {
    "notice_no": lambda c: c.notice_no is not None,
    "window": lambda c: c.apply_period is not None,
    "window_dates": lambda c: c.apply_end is not None or c.apply_start is not None,
    "eligibility": lambda c: bool(c.eligibility),
    "limit": lambda c: c.limit is not None,
    "budget": lambda c: c.budget is not None,
    "self_share": lambda c: bool(c.self_share),
    "menu": lambda c: bool(c.menu),
    "how_to_apply": lambda c: c.how_to_apply is not None,
    "contacts": lambda c: bool(c.contacts),
    "desk": lambda c: getattr(c, "desk", None) is not None,
}


def _doc_from_text(path: Path, name: str) -> SourceDoc:
    text = path.read_text(encoding="utf-8")
    return SourceDoc(
        doc_id=hashlib.sha256(text.encode()).hexdigest(),
        source=name,
        title=derive_title(text, name),
        format=name.rsplit(".", 1)[-1],
        pages=1,
        text=text,
        page_starts=(0,),
    )


def bundled_docs(corpus: Path) -> Iterable[SourceDoc]:
    for folder in (corpus / "real", corpus / "seeds"):
        for path in sorted(folder.iterdir()):
            if path.suffix == ".md":
                continue
            try:
                yield build_source_doc(path.read_bytes(), path.name)
            except UnreadableDocument:
                continue


def pool_sample(pool: Path, n: int) -> list[str]:
    names = sorted(p.name for p in pool.iterdir() if p.is_file())
    return sorted(names, key=lambda s: hashlib.sha1(s.encode()).hexdigest())[:n]


def pool_docs(pool: Path, pooltext: Path, names: list[str]) -> Iterable[SourceDoc]:
    for name in names:
        txt = pooltext / f"{name}.txt"
        try:
            if txt.is_file():
                yield _doc_from_text(txt, name)
            else:
                yield build_source_doc((pool / name).read_bytes(), name)
        except UnreadableDocument:
            continue


def report(label: str, docs: Iterable[SourceDoc], show: str | None) -> None:
    cards = [c for c in (extract_card(d) for d in docs) if c is not None]
    print(f"\n== {label}: {len(cards)} cards")
    width = max(len(f) for f in FIELDS)
    for name, stated in FIELDS.items():
        n = sum(1 for c in cards if stated(c))
        print(f"  {name:<{width}}  {n:3}/{len(cards)}  {n / max(len(cards), 1):6.1%}")
    unknown = sum(1 for c in cards if c.status(TODAY) == "unknown" and not c.rolling and not c.apply_tbd)
    print(f"  status unknown (no dates, not rolling, not 추후 공지): {unknown}")
    if show:
        for c in cards:
            value = getattr(c, show, None)
            if isinstance(value, tuple):
                text = " | ".join(f.value for f in value)
            else:
                text = getattr(value, "value", value) or "-"
            print(f"  [{c.source[:50]}] {c.program[:40]} :: {str(text)[:160]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO / "corpus")
    parser.add_argument("--pool", type=Path, default=REPO.parent / "shared" / "corpus" / "pool")
    parser.add_argument("--pooltext", type=Path, default=Path("/work/pooltext"))
    parser.add_argument("--sample", type=int, default=40)
    parser.add_argument("--show", help="print this card field for every card (e.g. limit, contacts)")
    args = parser.parse_args()
    report("bundled corpus", bundled_docs(args.corpus), args.show)
    if args.pool.is_dir():
        names = pool_sample(args.pool, args.sample)
        report(f"pool sample ({len(names)} files)", pool_docs(args.pool, args.pooltext, names), args.show)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
