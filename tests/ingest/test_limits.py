"""ingest.limits: size-capped reading, streamed XML parsing with a nesting cap, capped inflating."""

from __future__ import annotations

import io
import zlib

import pytest

from ingest.errors import UnreadableDocument
from ingest.limits import ReadBudget, inflate_capped, parse_xml_capped, read_capped

MiB = 1024 * 1024


class CountingStream(io.BytesIO):
    """A stream that records how many bytes were asked of it."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.delivered = 0

    def read(self, size: int | None = -1) -> bytes:
        block = super().read(size)
        self.delivered += len(block)
        return block


def test_read_capped_stops_reading_past_the_member_limit() -> None:
    stream = CountingStream(bytes(20 * MiB))
    with pytest.raises(UnreadableDocument) as info:
        read_capped(stream, ReadBudget(max_member_bytes=2 * MiB), "part")
    assert "압축 폭탄" in info.value.reason and "part" in info.value.reason
    assert stream.delivered <= 3 * MiB  # refused after the chunk that crossed the limit


def test_read_capped_counts_every_part_of_the_document() -> None:
    budget = ReadBudget(max_member_bytes=2 * MiB, max_inflated_bytes=3 * MiB)
    assert len(read_capped(io.BytesIO(bytes(2 * MiB)), budget, "a")) == 2 * MiB
    assert budget.inflated_bytes == 2 * MiB
    with pytest.raises(UnreadableDocument, match="문서 전체"):
        read_capped(io.BytesIO(bytes(2 * MiB)), budget, "b")


def test_parse_xml_capped_refuses_deep_nesting() -> None:
    xml = b"<a>" * 5000 + b"</a>" * 5000
    with pytest.raises(UnreadableDocument) as info:
        parse_xml_capped(io.BytesIO(xml), ReadBudget(), "section0.xml")
    assert "중첩" in info.value.reason and "200" in info.value.reason


def test_parse_xml_capped_keeps_real_documents() -> None:
    xml = "<root>" + "<p><t>지원 대상</t></p>" * 3 + "<deep>" * 30 + "끝" + "</deep>" * 30 + "</root>"
    root = parse_xml_capped(io.BytesIO(xml.encode()), ReadBudget(), "x")
    assert root.tag == "root" and [t.text for t in root.iter("t")] == ["지원 대상"] * 3
    assert "".join(root.itertext()).endswith("끝")


def test_parse_xml_capped_refuses_oversize_while_streaming() -> None:
    stream = CountingStream(b"<a>" + b" " * (10 * MiB) + b"</a>")
    with pytest.raises(UnreadableDocument, match="압축 폭탄"):
        parse_xml_capped(stream, ReadBudget(max_member_bytes=MiB), "x")
    assert stream.delivered <= 2 * MiB


def test_inflate_capped_never_inflates_past_the_limit() -> None:
    deflater = zlib.compressobj(9, zlib.DEFLATED, -15)
    bomb = deflater.compress(bytes(50 * MiB)) + deflater.flush()
    assert len(bomb) < 100_000
    budget = ReadBudget(max_member_bytes=MiB)
    with pytest.raises(UnreadableDocument, match="압축 폭탄"):
        inflate_capped(bomb, budget, "BodyText/Section0")
    assert budget.inflated_bytes == 0
    small = zlib.compressobj(9, zlib.DEFLATED, -15)
    assert inflate_capped(small.compress(b"abc") + small.flush(), ReadBudget(), "s") == b"abc"


def test_pages_and_text_are_counted() -> None:
    budget = ReadBudget(max_pages=3, max_text_chars=10)
    budget.charge_pages(["가나다", "라마"])
    assert (budget.pages, budget.text_chars) == (2, 5)
    with pytest.raises(UnreadableDocument, match="텍스트가 너무 길어"):
        budget.charge_pages(["바" * 6])
    with pytest.raises(UnreadableDocument, match="쪽수가 너무 많아"):
        ReadBudget(max_pages=3).charge_pages(["a"] * 4)
