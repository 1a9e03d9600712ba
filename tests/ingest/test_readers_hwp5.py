"""HWP 5.0 reading from the real corpus files: plain, 배포용 (distribution), wrong extension, tables."""

from __future__ import annotations

import re
import time
import tracemalloc
from pathlib import Path

import olefile
import pytest

from ingest.errors import UnreadableDocument
from ingest.limits import MAX_MEMBER_BYTES, ReadBudget
from ingest.readers import read_bytes, read_document
from ingest.readers.hwp5 import section_pages
from ingest.readers.hwp_distribution import distribution_key
from ingest.sniff import sniff_format
from tests.hostile import deep_hwp_records, deep_ole, hwp_with_section

REAL = Path(__file__).resolve().parents[2] / "corpus" / "real"
TIPS = REAL / "2025년_팁스TIPS_창업기업_지원계획_통합공_99031076827042302.hwp"
NRF = REAL / "2025년_후반기_전문경력인사초빙활용지원사업_신규_공고_안내.hwp"
DIDIMDOL = (
    REAL / "공고_제2025-221호_2025년도_창업성장기술개발사업_디딤돌_제1차_시행계획_공_88051311744894927.hwp"
)
HWP_NAMED_HWPX = REAL / "2025년도_중견기업-지역_혁신_얼라이언스_지원사업_공고_80798309539779659.hwpx"


def _text(path: Path) -> str:
    return "\n".join(read_document(path).pages)


def test_distribution_tips_hwp_is_decrypted() -> None:
    doc = read_document(TIPS)
    text = "\n".join(doc.pages)
    assert doc.format == "hwp"
    assert "2025년 팁스(TIPS) 창업기업 지원계획 통합 공고" in text
    assert "02-3440-7421" in text
    assert len(re.findall(r"[가-힣]", text)) > 10000
    assert any("배포용" in w for w in doc.warnings)


def test_distribution_nrf_hwp_is_decrypted() -> None:
    text = _text(NRF)
    assert "전문경력인사초빙활용지원사업" in text
    assert "042-869-6371" in text
    assert "2025.4.22.(화)∼5.26.(월) 18:00" in text


def test_distribution_key_changes_with_payload() -> None:
    with pytest.raises(UnreadableDocument):
        distribution_key(b"\x00" * 10)
    assert len(distribution_key(bytes(range(256)))) == 16


def test_table_row_is_one_tab_separated_line() -> None:
    lines = _text(DIDIMDOL).split("\n")
    assert "내역사업\t세부과제\t공고\t신청·접수\t선정평가\t협약" in lines
    assert "디딤돌\t첫걸음\t지방청 R&D\t4월\t4월 17일 ~ 5월 7일\t5~6월\t7월" in lines


def test_structure_markers_start_lines() -> None:
    lines = _text(DIDIMDOL).split("\n")
    assert any(line.startswith("□ (사업목적)") for line in lines)
    assert any(line.startswith("◦ 3책5공 위반인 과제는") for line in lines)
    assert any(line.startswith("- 협약 이후에도") for line in lines)
    assert "\n\n\n" not in _text(DIDIMDOL)


def test_pages_follow_saved_layout() -> None:
    # the PDF rendering of the same announcement has 8 pages
    doc = read_document(DIDIMDOL)
    assert len(doc.pages) == 8
    assert doc.pages[0].startswith("중소벤처기업부 공고 제2025–221호")


def test_hwp_named_hwpx_is_read_as_hwp() -> None:
    doc = read_document(HWP_NAMED_HWPX)
    assert doc.format == "hwp"
    assert "중견기업-지역 혁신 얼라이언스" in "\n".join(doc.pages)


def test_damaged_hwp_is_unreadable() -> None:
    data = DIDIMDOL.read_bytes()
    with pytest.raises(UnreadableDocument) as err:
        read_bytes(data[:4096], "broken.hwp")
    assert "HWP" in err.value.reason
    with olefile.OleFileIO(data) as ole:
        body = ole.openstream("BodyText/Section0").read()
    start = data.index(body[:512])
    broken = data[:start] + bytes(range(256)) * 8 + data[start + 2048 :]
    with pytest.raises(UnreadableDocument) as err:
        read_bytes(broken, "broken.hwp")
    assert "HWP" in err.value.reason


# ---------------------------------------------------------------- hostile files (built here, see tests/hostile.py)

# a compressed, non-배포용 HWP whose BodyText/Section0 (62 KB) can hold the crafted records
HWP_BASE = REAL / "공고문_2025년_중소기업_연구인력지원사업_공고.hwp"


def test_deeply_nested_records_are_refused_not_a_recursion_error(tmp_path: Path) -> None:
    with pytest.raises(UnreadableDocument, match="중첩"):
        section_pages(deep_hwp_records(1000))
    path = hwp_with_section(HWP_BASE, tmp_path / "deep.hwp", deep_hwp_records(1000))
    with pytest.raises(UnreadableDocument) as err:
        read_document(path)
    assert "중첩" in err.value.reason


def test_nesting_under_the_limit_still_reads() -> None:
    assert section_pages(deep_hwp_records(150)) == ["중첩 문서"]


def test_section_inflating_past_the_limit_is_refused(tmp_path: Path) -> None:
    path = hwp_with_section(HWP_BASE, tmp_path / "bomb.hwp", bytes(60 * 1024 * 1024))
    assert path.stat().st_size == HWP_BASE.stat().st_size
    tracemalloc.start()
    try:
        with pytest.raises(UnreadableDocument) as err:
            read_document(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "압축 폭탄" in err.value.reason and "Section0" in err.value.reason
    assert peak < MAX_MEMBER_BYTES + 8 * 1024 * 1024  # inflating stopped at the cap, not at 60 MiB


def test_text_limit_refuses_the_hwp() -> None:
    with pytest.raises(UnreadableDocument, match="텍스트가 너무 길어"):
        read_bytes(HWP_BASE.read_bytes(), HWP_BASE.name, ReadBudget(max_text_chars=1000))


def test_ole_directory_nested_too_deep_is_refused() -> None:
    data = deep_ole(2000)
    assert sniff_format(data, "deep.hwp") == "hwp"  # by its signature; olefile itself gives up
    with pytest.raises(UnreadableDocument) as err:
        read_bytes(data, "deep.hwp")
    assert "OLE2" in err.value.reason and "중첩" in err.value.reason
    assert len(olefile.OleFileIO(deep_ole(20)).listdir()) == 20  # the builder makes real OLE2 files


def test_a_flood_of_empty_records_is_refused_quickly(tmp_path: Path) -> None:
    """30 MiB of zeros is 7.8 million empty records (under the part limit): refused by count."""
    path = hwp_with_section(HWP_BASE, tmp_path / "flood.hwp", bytes(30 * 1024 * 1024))
    started = time.perf_counter()
    with pytest.raises(UnreadableDocument) as err:
        read_document(path)
    assert "구성 요소가 너무 많아" in err.value.reason
    assert time.perf_counter() - started < 30  # ~2 s; the pre-limit reader took 143 s and 2.9 GB
