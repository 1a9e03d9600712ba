"""Read plain-text and markdown files: UTF-8 (with or without BOM), UTF-16 with BOM, else CP949."""

from __future__ import annotations

from ingest.errors import UnreadableDocument
from ingest.limits import ReadBudget
from ingest.types import ExtractedDoc

_MAX_UTF8_BYTES_PER_CHAR = 4


def decode_text(data: bytes) -> str:
    """Decode ``data`` as UTF-8/UTF-16 (by BOM) or CP949 (a superset of EUC-KR)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp949")
    except UnicodeDecodeError as exc:
        raise UnreadableDocument("텍스트 파일의 문자 인코딩(UTF-8/CP949)을 알 수 없습니다") from exc


def read_text(data: bytes, fmt: str = "txt", budget: ReadBudget | None = None) -> ExtractedDoc:
    """One page holding the whole file; ``fmt`` is "txt" or "md"; refused past the text limit."""
    budget = budget or ReadBudget()
    # every character takes 1-4 bytes: a file this big holds too many, whatever its encoding
    budget.check_text_chars(len(data) // _MAX_UTF8_BYTES_PER_CHAR)
    text = decode_text(data)
    budget.charge_pages([text])
    return ExtractedDoc(format=fmt, pages=(text,))
