"""HWPX reading from the real corpus files: tables as rows, nested layout tables, wrong extension."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from ingest.errors import UnreadableDocument
from ingest.limits import ReadBudget
from ingest.readers import read_bytes, read_document
from tests.hostile import deep_hwpx, hwpx_bomb, hwpx_package, hwpx_section

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


# ---------------------------------------------------------------- hostile files (built here, see tests/hostile.py)


def _refusal(data: bytes, budget: ReadBudget | None = None) -> str:
    with pytest.raises(UnreadableDocument) as err:
        read_bytes(data, "crafted.hwpx", budget)
    return err.value.reason


def test_deeply_nested_hwpx_is_refused_not_a_recursion_error() -> None:
    data = deep_hwpx(5000)
    assert len(data) < 1000
    reason = _refusal(data)
    assert "중첩" in reason and "section0.xml" in reason


def test_nesting_under_the_limit_still_reads() -> None:
    doc = read_bytes(deep_hwpx(150), "nested.hwpx")
    assert "중첩 문서" in doc.pages[0]


@pytest.mark.parametrize("member", ["Contents/content.hpf", "Contents/section0.xml"])
def test_zip_bomb_member_is_refused_without_inflating_it(member: str) -> None:
    data = hwpx_bomb(member, mib=200)
    assert len(data) < 400_000  # 200 MiB of zeros
    tracemalloc.start()
    try:
        reason = _refusal(data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "압축 폭탄" in reason and member in reason
    assert peak < 8 * 1024 * 1024  # the member's declared size is refused before it is inflated


def test_document_wide_inflated_size_is_capped() -> None:
    section = hwpx_section("본문" + " " * (1024 * 1024))
    data = hwpx_package([section, section, section])
    assert len(read_bytes(data, "ok.hwpx").pages) == 3
    reason = _refusal(data, ReadBudget(max_inflated_bytes=2 * 1024 * 1024 + 1000))
    assert "문서 전체" in reason


def test_text_and_page_limits_refuse_the_document() -> None:
    data = hwpx_package([hwpx_section("가" * 100), hwpx_section("나" * 100)])
    assert "텍스트가 너무 길어" in _refusal(data, ReadBudget(max_text_chars=150))
    assert "쪽수가 너무 많아" in _refusal(data, ReadBudget(max_pages=1))


def test_unknown_compression_method_is_refused() -> None:
    data = bytearray(hwpx_package([hwpx_section("본문")]))
    name = b"Contents/section0.xml"
    # the name follows the 30-byte local header and the 46-byte central directory entry;
    # the compression method sits at offset 8 and 10 of them
    for header, size, method_at in ((b"PK\x03\x04", 30, 8), (b"PK\x01\x02", 46, 10)):
        at = next(i - size for i in _occurrences(data, name) if data[i - size : i - size + 4] == header)
        data[at + method_at : at + method_at + 2] = (99).to_bytes(2, "little")
    assert "압축 방식" in _refusal(bytes(data))


def _occurrences(data: bytearray, needle: bytes) -> list[int]:
    out, at = [], data.find(needle)
    while at >= 0:
        out.append(at)
        at = data.find(needle, at + 1)
    return out


def test_entity_expansion_bomb_is_refused() -> None:
    entities = "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9)
    )  # &j; would expand to 10^10 characters
    xml = f'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">{entities}]>'
    section = xml.encode() + hwpx_section("&j;")
    reason = _refusal(hwpx_package([section]))
    assert "XML" in reason and "amplification" in reason


def test_a_flood_of_elements_is_refused() -> None:
    section = hwpx_section("본문", "<hp:x/>" * 600_000)  # the real corpus peaks at 80,000 elements
    assert "구성 요소가 너무 많아" in _refusal(hwpx_package([section]))
