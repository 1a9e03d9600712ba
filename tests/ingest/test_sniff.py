"""Format sniffing from bytes, checked against the true formats recorded in corpus/real/SOURCES.md."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from ingest.sniff import sniff_format

REAL = Path(__file__).resolve().parents[2] / "corpus" / "real"
SEEDS = Path(__file__).resolve().parents[2] / "corpus" / "seeds"


def _true_formats() -> dict[str, str]:
    """file name → format, parsed from the "format (magic bytes)" column of SOURCES.md."""
    formats: dict[str, str] = {}
    for line in (REAL / "SOURCES.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.split("|")]
        if len(cells) < 4 or not cells[2].startswith("`"):
            continue
        name, described = cells[2].strip("`"), cells[3]
        if "SCDSA" in described:
            formats[name] = "drm"
        elif described.startswith("HWPX"):
            formats[name] = "hwpx"
        elif described.startswith("HWP 5.0"):
            formats[name] = "hwp"
        elif described.startswith("PDF"):
            formats[name] = "pdf"
    return formats


TRUE_FORMATS = _true_formats()


def test_sources_md_describes_every_real_file() -> None:
    files = {p.name for p in REAL.iterdir() if p.suffix != ".md"}
    assert set(TRUE_FORMATS) == files
    assert len(files) == 54


@pytest.mark.parametrize("name", sorted(TRUE_FORMATS))
def test_real_file_sniffs_as_its_true_format(name: str) -> None:
    assert sniff_format((REAL / name).read_bytes(), name) == TRUE_FORMATS[name]


def test_wrong_extensions_are_seen_through() -> None:
    hwp_named_hwpx = "2025년도_중견기업-지역_혁신_얼라이언스_지원사업_공고_80798309539779659.hwpx"
    hwpx_named_hwp = "붙임_1._민군기술협력_전력지원체계개발사업_공고문.hwp"
    assert sniff_format((REAL / hwp_named_hwpx).read_bytes(), hwp_named_hwpx) == "hwp"
    assert sniff_format((REAL / hwpx_named_hwp).read_bytes(), hwpx_named_hwp) == "hwpx"


def test_drm_container_named_pdf() -> None:
    name = "2025년_산업기술국제협력사업_양자-스위스_공고_접수_및_안내.pdf"
    data = (REAL / name).read_bytes()
    assert data.startswith(b"SCDSA")
    assert sniff_format(data, name) == "drm"


@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_seed_text_files(seed: str) -> None:
    assert sniff_format((SEEDS / seed).read_bytes(), seed) == "txt"


def test_extension_only_separates_markdown_from_text() -> None:
    data = "# 제목\n\n□ 지원대상".encode()
    assert sniff_format(data, "notes.md") == "md"
    assert sniff_format(data, "notes.txt") == "txt"
    assert sniff_format(data, "notes.pdf") == "txt"  # a wrong extension does not make it a PDF
    assert sniff_format("공고문".encode("cp949"), "a.txt") == "txt"


def test_empty_random_and_damaged_bytes() -> None:
    assert sniff_format(b"", "a.pdf") == "empty"
    assert sniff_format(b"\n  \n", "a.txt") == "empty"
    random_bytes = os.urandom(4096)
    if not re.match(rb"^\s*%PDF", random_bytes):
        assert sniff_format(random_bytes, "a.hwp") == "unknown"
    # an OLE2 container that is not HWP, and a zip that is not HWPX
    assert sniff_format(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "a.hwp") == "unknown"
    assert sniff_format(b"PK\x03\x04garbage", "a.hwpx") == "unknown"


def test_truncated_pdf_still_sniffs_as_pdf() -> None:
    data = (REAL / "2026년도_연구사업_공고안내문.pdf").read_bytes()[:3000]
    assert sniff_format(data, "x.pdf") == "pdf"
