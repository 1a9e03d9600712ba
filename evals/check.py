"""``giljabi eval --check``: validate datasets against the corpus before they are used.

Beyond the schema (see ``evals.dataset``), every item's ``doc`` (and each of its ``alt_docs``)
must name exactly one file of the corpus, and every fact group must have a spelling that occurs in
the target document's extracted text (or an alternative's), whitespace-insensitively after the same
``clean_text`` normalisation ingest applies.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from evals.dataset import DatasetProblem, EvalItem, read_dataset
from evals.metrics import squash
from ingest.clean import clean_text
from ingest.errors import UnreadableDocument

TextOf = Callable[[Path], str]


def corpus_files(corpus: Path) -> list[Path]:
    """Every non-hidden file under ``corpus`` (recursively), sorted by path."""
    if not corpus.is_dir():
        return []
    return sorted(
        p for p in corpus.rglob("*") if p.is_file() and not any(part.startswith(".") for part in p.parts)
    )


def extracted_text(path: Path) -> str:
    """The document's extracted text as ingest sees it: reader pages joined by newlines, cleaned."""
    from ingest.readers import read_document

    return clean_text("\n".join(read_document(path).pages))


@dataclass
class CorpusIndex:
    """File-name lookups and cached extracted texts for one corpus folder."""

    files: Sequence[Path]
    text_of: TextOf = extracted_text
    _texts: dict[Path, str | UnreadableDocument] = field(default_factory=dict)

    def matches(self, needle: str) -> list[Path]:
        key = unicodedata.normalize("NFC", needle)
        return [p for p in self.files if key in unicodedata.normalize("NFC", p.name)]

    def text(self, path: Path) -> str:
        """Extracted text; raises ``UnreadableDocument`` (cached) when the file cannot be read."""
        if path not in self._texts:
            try:
                self._texts[path] = squash(self.text_of(path))
            except UnreadableDocument as exc:
                self._texts[path] = exc
        cached = self._texts[path]
        if isinstance(cached, UnreadableDocument):
            raise cached
        return cached


def _problem(item: EvalItem, message: str) -> DatasetProblem:
    return DatasetProblem(item.dataset, item.line, item.id, message)


def check_item(item: EvalItem, corpus: CorpusIndex) -> list[DatasetProblem]:
    """Corpus-level problems of one schema-valid item."""
    problems: list[DatasetProblem] = []
    targets: list[Path] = []
    for needle in item.doc_names:
        found = corpus.matches(needle)
        if not found:
            problems.append(_problem(item, f"문서 '{needle}'와(과) 이름이 맞는 파일이 코퍼스에 없습니다"))
        elif len(found) > 1:
            names = ", ".join(p.name for p in found[:3]) + (" …" if len(found) > 3 else "")
            problems.append(
                _problem(item, f"문서 '{needle}'가 파일 {len(found)}개와 맞습니다 (하나여야 합니다): {names}")
            )
        else:
            targets.append(found[0])
    if problems or not targets or not item.facts:
        return problems
    texts: list[str] = []
    for path in targets:
        try:
            texts.append(corpus.text(path))
        except UnreadableDocument as exc:
            problems.append(_problem(item, f"대상 문서 '{path.name}'를 읽을 수 없습니다: {exc.reason}"))
    if not texts:
        return problems
    for group in item.facts:
        if not any(squash(clean_text(s)) in text for s in group for text in texts):
            others = f" (다른 표기 {len(group) - 1}개도 없음)" if len(group) > 1 else ""
            problems.append(_problem(item, f"사실 '{group[0]}'이(가) 대상 문서에 없습니다{others}"))
    return problems


def check_datasets(paths: Sequence[Path], corpus: CorpusIndex) -> tuple[int, list[DatasetProblem]]:
    """Validate every dataset; returns (number of valid-schema items, every problem found).

    Ids must be unique across all the given datasets.
    """
    problems: list[DatasetProblem] = []
    seen: dict[str, EvalItem] = {}
    count = 0
    for path in paths:
        items, file_problems = read_dataset(path)
        problems.extend(file_problems)
        for item in items:
            count += 1
            if item.id in seen:
                first = seen[item.id]
                problems.append(_problem(item, f"id가 {first.dataset} {first.line}번째 줄과 중복됩니다"))
            else:
                seen[item.id] = item
            problems.extend(check_item(item, corpus))
    problems.sort(key=lambda p: (p.dataset, p.line))
    return count, problems
