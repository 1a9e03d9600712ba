"""Safe storing of uploads: names, size limit, atomic replace, admin token."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

import pytest

from assistant.uploads import (
    BadAdminToken,
    InvalidFileName,
    UploadRejected,
    UploadsDisabled,
    UploadTooLarge,
    check_admin_token,
    safe_filename,
    store_upload,
)

SEED = next((Path(__file__).resolve().parents[2] / "corpus" / "seeds").glob("*.txt"))


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("공고문_2025년.hwp", "공고문_2025년.hwp"),
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\공고.pdf", "공고.pdf"),
        (".숨김파일.txt", "숨김파일.txt"),
        ("[공고] 2025년 팁스(TIPS) 지원계획.pdf", "_공고_ 2025년 팁스(TIPS) 지원계획.pdf"),
        ("a<b>:c|d?.txt", "a_b_c_d_.txt"),
        ("줄\n바꿈\x00.txt", "줄바꿈.txt"),
        (unicodedata.normalize("NFD", "팁스.hwpx"), "팁스.hwpx"),  # macOS sends decomposed Hangul
    ],
)
def test_safe_filename(raw: str, safe: str) -> None:
    assert safe_filename(raw) == safe


def test_safe_filename_keeps_extension_when_shortening() -> None:
    name = safe_filename("가" * 400 + ".hwpx")
    assert name.endswith(".hwpx") and len(name) <= 150


@pytest.mark.parametrize("raw", ["", "..", "../", "...", ".pdf/..", "  "])
def test_safe_filename_refuses_nothing_left(raw: str) -> None:
    with pytest.raises(InvalidFileName) as info:
        safe_filename(raw)
    assert "파일 이름" in info.value.reason


def test_store_upload_writes_and_replaces(tmp_path: Path) -> None:
    data = SEED.read_bytes()
    path = store_upload(io.BytesIO(data), "../시험/공고.txt", tmp_path / "corpus", max_bytes=len(data))
    assert path == tmp_path / "corpus" / "공고.txt" and path.read_bytes() == data
    again = store_upload(io.BytesIO(data[:100]), "공고.txt", tmp_path / "corpus", max_bytes=len(data))
    assert again == path and path.read_bytes() == data[:100]
    assert [p.name for p in (tmp_path / "corpus").iterdir()] == ["공고.txt"]


def test_store_upload_too_large_leaves_nothing(tmp_path: Path) -> None:
    data = SEED.read_bytes()
    with pytest.raises(UploadTooLarge) as info:
        store_upload(io.BytesIO(data), "공고.txt", tmp_path, max_bytes=len(data) - 1)
    assert "너무 큽니다" in info.value.reason
    assert list(tmp_path.iterdir()) == []


def test_store_upload_refuses_empty_file(tmp_path: Path) -> None:
    with pytest.raises(UploadRejected, match="빈 파일"):
        store_upload(io.BytesIO(b""), "공고.txt", tmp_path, max_bytes=10)
    assert list(tmp_path.iterdir()) == []


def test_check_admin_token() -> None:
    check_admin_token("s3cret", "s3cret")
    with pytest.raises(UploadsDisabled):
        check_admin_token(None, "anything")
    with pytest.raises(UploadsDisabled):
        check_admin_token("  ", "")
    with pytest.raises(BadAdminToken):
        check_admin_token("s3cret", None)
    with pytest.raises(BadAdminToken):
        check_admin_token("s3cret", "S3CRET")
