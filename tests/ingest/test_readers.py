"""read_document over the whole corpus: every file gives Korean text or a Korean refusal."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ingest.errors import UnreadableDocument
from ingest.readers import read_document
from ingest.sniff import sniff_format

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
FILES = sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.name != "SOURCES.md")
FAST = [p for p in FILES if sniff_format(p.read_bytes(), p.name) not in ("pdf", "drm")]
SLOW = [p for p in FILES if p not in FAST]


def _check(path: Path) -> None:
    try:
        doc = read_document(path)
    except UnreadableDocument as err:
        assert path.read_bytes().startswith(b"SCDSA"), err.reason
        return
    text = "\n".join(doc.pages)
    assert len(re.findall(r"[가-힣]", text)) > 500
    assert "\n\n\n" not in text
    assert all(line == line.strip(" ") for line in text.split("\n"))


def test_corpus_has_58_documents() -> None:
    assert len(FILES) == 58


@pytest.mark.parametrize("path", FAST, ids=lambda p: p.name[:40])
def test_every_hwp_hwpx_txt_file_reads(path: Path) -> None:
    _check(path)


@pytest.mark.slow
@pytest.mark.parametrize("path", SLOW, ids=lambda p: p.name[:40])
def test_every_pdf_reads(path: Path) -> None:
    _check(path)
