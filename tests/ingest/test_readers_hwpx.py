"""HWPX reading from the real corpus files: tables as rows, nested layout tables, wrong extension."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.errors import UnreadableDocument
from ingest.readers import read_bytes, read_document

REAL = Path(__file__).resolve().parents[2] / "corpus" / "real"
KAIA = REAL / "붙임1_공고-국-제22호_2025년_국토교통연구기획_사업_제2차_시행_공고_102314521634765918.hwpx"
TIPS_AMENDED = REAL / "2025년_팁스_창업기업_지원계획_수정_공_101298852483808541.hwpx"
HWPX_NAMED_HWP = REAL / "붙임_1._민군기술협력_전력지원체계개발사업_공고문.hwp"


def test_nested_table_rows_stay_rows() -> None:
    # ~99% of this file sits in table cells: a layout table holding data tables
    lines = read_document(KAIA).pages[0].split("\n")
    assert "1. 사업추진 근거" in lines
    assert "연번\t연구개발과제명\t총 연구개발기간 (예정)\t총 정부지원 연구개발비 (백만원)" in lines
    row = next(line for line in lines if line.startswith("7\t"))
    assert row.split("\t") == [
        "7",
        "Land Intelligence 구현을 위한 국토정보 AI 기술개발 기획",
        "’25.10⁓’27.4 (18개월)",
        "140",
    ]


def test_text_and_pages() -> None:
    doc = read_document(TIPS_AMENDED)
    text = "\n".join(doc.pages)
    assert doc.format == "hwpx"
    assert len(doc.pages) > 10
    assert "팁스" in text and "공고제2025–487호" in "".join(text.split())
    assert "\n\n\n" not in text


def test_hwpx_named_hwp() -> None:
    doc = read_document(HWPX_NAMED_HWP)
    assert doc.format == "hwpx"
    assert "민군기술협력" in "\n".join(doc.pages)


def test_corrupt_zip_named_hwpx_is_unreadable() -> None:
    data = TIPS_AMENDED.read_bytes()
    with pytest.raises(UnreadableDocument) as err:
        read_bytes(data[: len(data) // 3], "broken.hwpx")
    assert "HWPX" in err.value.reason or "형식" in err.value.reason
    with pytest.raises(UnreadableDocument):
        read_bytes(b"PK\x03\x04" + b"\x00" * 100, "broken.hwpx")
