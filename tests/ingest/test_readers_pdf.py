"""PDF reading from the real corpus files: pages, doubled text layers, damaged and DRM files."""

from __future__ import annotations

import io
import tracemalloc
from functools import cache
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from ingest.errors import UnreadableDocument
from ingest.limits import MAX_MEMBER_BYTES, ReadBudget
from ingest.readers import read_bytes, read_document
from ingest.types import ExtractedDoc
from tests.hostile import deep_pdf, pdf_bomb, pdf_document, pdf_text_page

REAL = Path(__file__).resolve().parents[2] / "corpus" / "real"
TWO_LAYERS = REAL / "별첨_3_2025년도_창업도약패키지_일반형_주관기관_소개자료.pdf"
SMALL = REAL / "2026년도_연구사업_공고안내문.pdf"
DRM = REAL / "2025년_산업기술국제협력사업_양자-스위스_공고_접수_및_안내.pdf"


@cache
def _read(path: Path) -> ExtractedDoc:
    return read_document(path)


def test_one_entry_per_page() -> None:
    doc = _read(SMALL)
    assert doc.format == "pdf"
    assert len(doc.pages) == len(PdfReader(SMALL).pages)
    assert "연구사업" in doc.pages[0]


def test_two_layer_pdf_has_no_doubled_lines_and_keeps_digits() -> None:
    doc = _read(TWO_LAYERS)
    assert len(doc.pages) == 10
    for page in doc.pages:
        lines = [line for line in page.split("\n") if len(line) > 6]
        for prev, line in zip(lines, lines[1:], strict=False):
            assert line != prev
        for line in lines:
            squeezed = "".join(line.split())
            half = len(squeezed) // 2
            assert not (half > 4 and squeezed[:half] == squeezed[half:]), line
    page = doc.pages[2].split("\n")
    assert "(재)광주정보문화산업진흥원" in page
    assert "062-610-2456/2423/2461/2410" in page
    assert "◦ 창업도약패키지 지원사업 9년 연속 운영(2017년~현재)" in page
    assert "재 광주정보문화산업진흥원" not in page


def test_truncated_pdf_is_unreadable() -> None:
    with pytest.raises(UnreadableDocument):
        read_bytes(SMALL.read_bytes()[:5000], "truncated.pdf")


def test_drm_file_reason() -> None:
    with pytest.raises(UnreadableDocument) as err:
        read_document(DRM)
    assert err.value.reason == "DRM으로 보호된 파일이라 내용을 읽을 수 없습니다 (SCDSA)"


def _pdf_bytes(writer: PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_encrypted_pdf_is_unreadable() -> None:
    writer = PdfWriter(clone_from=PdfReader(SMALL))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    with pytest.raises(UnreadableDocument) as err:
        read_bytes(_pdf_bytes(writer), "locked.pdf")
    assert "암호" in err.value.reason


def test_empty_password_pdf_is_read() -> None:
    writer = PdfWriter(clone_from=PdfReader(SMALL))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    doc = read_bytes(_pdf_bytes(writer), "open.pdf")
    assert doc.pages == _read(SMALL).pages


def test_pdf_without_text_layer_is_unreadable() -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    with pytest.raises(UnreadableDocument) as err:
        read_bytes(_pdf_bytes(writer), "scan.pdf")
    assert "스캔" in err.value.reason


# ---------------------------------------------------------------- hostile files (built here, see tests/hostile.py)


def test_deeply_nested_content_stream_is_refused_not_a_recursion_error() -> None:
    with pytest.raises(UnreadableDocument) as err:
        read_bytes(deep_pdf(100_000), "deep.pdf")
    assert "중첩" in err.value.reason
    doc = read_bytes(pdf_document([pdf_text_page("Hello Giljabi")]), "ok.pdf")  # the same builder, sane
    assert doc.pages == ("Hello Giljabi",)


def test_page_and_text_limits_refuse_the_pdf() -> None:
    data = pdf_document([pdf_text_page(f"page {n}") for n in range(3)])
    assert len(read_bytes(data, "three.pdf").pages) == 3
    with pytest.raises(UnreadableDocument, match="쪽수가 너무 많아"):
        read_bytes(data, "three.pdf", ReadBudget(max_pages=2))
    with pytest.raises(UnreadableDocument, match="텍스트가 너무 길어"):
        read_bytes(data, "three.pdf", ReadBudget(max_text_chars=10))


def test_content_stream_bomb_is_refused_at_the_part_limit() -> None:
    data = pdf_bomb(mib=200)
    assert len(data) < 400_000
    tracemalloc.start()
    try:
        with pytest.raises(UnreadableDocument) as err:
            read_bytes(data, "bomb.pdf")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "압축 폭탄" in err.value.reason
    assert peak < 3 * MAX_MEMBER_BYTES  # pypdf stops at the cap, far below the 200 MiB
    small = pdf_document([pdf_text_page("Hi there") + b" " * 1000], flate=True)
    assert read_bytes(small, "small.pdf").pages == ("Hi there",)
