"""TXT/MD reading: encodings, one page, markers and tables kept, HTML list tags removed."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.errors import UnreadableDocument
from ingest.readers import read_bytes, read_document

SEEDS = Path(__file__).resolve().parents[2] / "corpus" / "seeds"
PLAN = SEEDS / "2023-04-06_지역중소기업_혁신성장_촉진방안.txt"


def test_seed_is_one_clean_page() -> None:
    doc = read_document(PLAN)
    assert doc.format == "txt"
    assert len(doc.pages) == 1
    lines = doc.pages[0].split("\n")
    assert "지역중소기업 혁신성장 촉진방안" in lines
    assert "<ul" not in doc.pages[0] and "</li>" not in doc.pages[0]
    assert any(line.startswith("I. 추진 배경\t") for line in lines)
    assert "\n\n\n" not in doc.pages[0]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp949", "utf-16"])
def test_encodings(encoding: str) -> None:
    text = "□ 지원대상\n ㅇ 중소기업 ① 창업 7년 이내\n구분\t금액"
    doc = read_bytes(text.encode(encoding), "공고.txt")
    assert doc.pages == ("□ 지원대상\nㅇ 중소기업 ① 창업 7년 이내\n구분\t금액",)


def test_markdown_by_extension() -> None:
    assert read_bytes("# 제목\n본문".encode(), "a.md").format == "md"


def test_zero_byte_and_unknown() -> None:
    with pytest.raises(UnreadableDocument) as err:
        read_bytes(b"", "a.txt")
    assert err.value.reason == "빈 파일입니다"
    with pytest.raises(UnreadableDocument):
        read_bytes(bytes(range(256)) * 8, "a.bin")


def test_text_past_the_limit_is_refused(tmp_path: Path) -> None:
    from ingest.limits import ReadBudget

    data = ("지원 대상 " * 100).encode()
    assert read_bytes(data, "ok.txt", ReadBudget(max_text_chars=1000)).pages
    with pytest.raises(UnreadableDocument, match="텍스트가 너무 길어"):
        read_bytes(data, "long.txt", ReadBudget(max_text_chars=100))


def test_file_past_the_size_limit_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import ingest.readers

    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 5000)
    monkeypatch.setattr(ingest.readers, "MAX_FILE_BYTES", 4096)
    with pytest.raises(UnreadableDocument, match="파일이 너무 커서"):
        read_document(path)
