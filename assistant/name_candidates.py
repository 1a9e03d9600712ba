"""Which documents' names can score against a question, without comparing the question with every name.

`ProgramResolver.score` adds two signals per document: morphemes the question shares with the document's
names, and the longest run of characters they share (trimmed to whole morphemes of the question). A
document that shares neither scores nothing, so only documents that share one need the exact (difflib)
scoring. This index, built once per snapshot, finds them:

- morphemes: an inverted index from each name morpheme to the documents whose names have it;
- runs: a run that can score is at least three characters long, starts where a morpheme of the question
  starts and ends where one ends (or at a space), and is not a run every name shares ("지원사업"). Any
  name holding such a run holds its first three characters, so an index from character trigrams of the
  names to documents gives the few documents to check, and the run's holders shrink as it grows
  ("창업도" → "창업도약" → "창업도약패키지"), so the search stops at the first run no name holds.

The candidates are a superset of the documents that score above zero: scoring only them gives the same
list as scoring every document.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

TRIGRAM = 3  # the shortest run that can score (`ProgramResolver._run_score` drops shorter ones)


class NameCandidates:
    """Inverted indexes over the documents' names: morphemes → documents, character trigrams → documents."""

    def __init__(self, names: Mapping[str, Sequence[str]], keys: Mapping[str, Iterable[str]]) -> None:
        """``names`` are each document's names as the run comparison reads them; ``keys`` its name
        morphemes (what the question's morphemes are matched against)."""
        self.names = {d: tuple(ns) for d, ns in names.items()}
        self.by_key: dict[str, set[str]] = {}
        for doc_id, toks in keys.items():
            for tok in toks:
                self.by_key.setdefault(tok, set()).add(doc_id)
        self.by_trigram: dict[str, set[str]] = {}
        for doc_id, doc_names in self.names.items():
            for name in doc_names:
                for i in range(len(name) - TRIGRAM + 1):
                    self.by_trigram.setdefault(name[i : i + TRIGRAM], set()).add(doc_id)

    def sharing_keys(self, tokens: Iterable[str]) -> set[str]:
        """Documents whose name morphemes include one of ``tokens``."""
        out: set[str] = set()
        for tok in tokens:
            out |= self.by_key.get(tok, set())
        return out

    def holding(self, run: str, among: Iterable[str] | None = None) -> set[str]:
        """Documents (of ``among``, else all) one of whose names contains ``run`` (three characters or more)."""
        pool = self.by_trigram.get(run[:TRIGRAM], set()) if among is None else among
        return {d for d in pool if any(run in n for n in self.names[d])}

    def sharing_runs(
        self,
        q: str,
        starts: Iterable[int],
        ends: Iterable[int],
        worthless: Callable[[str], bool],
    ) -> set[str]:
        """Documents a name of which holds a run ``q[s:e]`` with ``s`` in ``starts``, ``e`` in ``ends``,
        at least three characters long and not ``worthless``."""
        stops = sorted(set(ends))
        out: set[str] = set()
        for s in sorted(set(starts)):
            holders: set[str] | None = None
            for e in stops:
                if e - s < TRIGRAM:
                    continue
                run = q[s:e]
                holders = self.holding(run, holders)
                if not holders:
                    break  # a longer run from the same start is in no name either
                if not worthless(run):
                    out |= holders
        return out
