"""Store an uploaded document safely in the corpus folder.

The file name is reduced to a safe basename (no folders, no traversal, no hidden files; Korean kept),
the bytes are streamed into a temporary file in the same folder with a size limit, and the temporary
file is then moved into place atomically, so a half-written upload is never seen by ingest. A name that
is already taken is refused unless the caller asks to replace it (``assistant.upload_swap`` keeps the
replaced file until the new one is indexed).
"""

from __future__ import annotations

import os
import re
import secrets
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

# File systems cap a name at 255 bytes (ext4, APFS, NTFS in UTF-16 units): Hangul takes 3 bytes in
# UTF-8, so names are cut by their UTF-8 bytes, whole characters only, extension kept.
MAX_NAME_BYTES = 255
MAX_EXTENSION_CHARS = 10
_CHUNK = 1 << 20
_UNSAFE = re.compile(r"[^\w.\-() ]+")
_UNDERSCORES = re.compile(r"_{2,}")


class UploadRejected(Exception):
    """Base class for refused uploads. ``reason`` is a Korean, user-facing explanation."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class InvalidFileName(UploadRejected):
    """The file name is empty or nothing safe is left of it."""


class UploadTooLarge(UploadRejected):
    """The upload is bigger than the configured limit."""


class NameTaken(UploadRejected):
    """A file of that name is already in the corpus folder and the upload did not ask to replace it."""

    def __init__(self, name: str) -> None:
        super().__init__(
            f"같은 이름의 파일이 이미 있습니다: {name}. 바꾸려면 replace=true를 함께 보내 주세요 "
            "(문서 화면에서는 '같은 이름이면 교체'를 선택)."
        )
        self.name = name


class UploadsDisabled(UploadRejected):
    """No admin token is configured, so uploads are off."""


class BadAdminToken(UploadRejected):
    """The admin token is missing or wrong."""


def check_admin_token(expected: str | None, given: str | None) -> None:
    """Uploads need the configured admin token; with none configured they are refused."""
    expected = (expected or "").strip()
    if not expected:
        raise UploadsDisabled(
            "문서 업로드가 꺼져 있습니다. 서버에 GILJABI_ADMIN_TOKEN을 설정해야 업로드할 수 있습니다."
        )
    if not given or not secrets.compare_digest(given.strip().encode(), expected.encode()):
        raise BadAdminToken("관리자 토큰이 없거나 올바르지 않습니다.")


def _utf8_len(text: str) -> int:
    return len(text.encode("utf-8"))


def _cut_utf8(text: str, max_bytes: int) -> str:
    """The longest prefix of ``text`` whose UTF-8 form fits ``max_bytes`` (never half a character)."""
    return text.encode("utf-8")[:max_bytes].decode("utf-8", errors="ignore")


def safe_filename(name: str) -> str:
    """A safe basename for ``name``: folders dropped, unsafe characters replaced, Korean kept (NFC)."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if not unicodedata.category(ch).startswith("C"))
    name = _UNSAFE.sub("_", name)
    name = _UNDERSCORES.sub("_", name).strip(" .")
    if _utf8_len(name) > MAX_NAME_BYTES:
        stem, dot, ext = name.rpartition(".")
        if dot and 0 < len(ext) <= MAX_EXTENSION_CHARS:
            name = _cut_utf8(stem, MAX_NAME_BYTES - _utf8_len(ext) - 1).rstrip(" .") + "." + ext
        else:
            name = _cut_utf8(name, MAX_NAME_BYTES).rstrip(" .")
    if not name.rsplit(".", 1)[0].strip("._ "):
        raise InvalidFileName(f"파일 이름이 올바르지 않습니다: {name or '(빈 이름)'}")
    return name


@dataclass(frozen=True)
class SpooledUpload:
    """An upload written to a hidden temporary file beside ``target``, not yet in place."""

    tmp: Path
    target: Path

    def discard(self) -> None:
        self.tmp.unlink(missing_ok=True)


def target_path(filename: str, folder: Path) -> Path:
    """Where an upload named ``filename`` goes in ``folder`` (raises ``InvalidFileName``)."""
    name = safe_filename(filename)
    target = Path(folder) / name
    if target.resolve().parent != Path(folder).resolve():
        raise InvalidFileName(f"파일 이름이 올바르지 않습니다: {name}")
    return target


def spool_upload(stream: BinaryIO, filename: str, folder: Path, max_bytes: int) -> SpooledUpload:
    """Write ``stream`` to a temporary file in ``folder`` for ``folder/<safe name>``.

    Raises ``InvalidFileName``, ``UploadTooLarge`` or ``UploadRejected`` (empty file); nothing is left
    behind when it does.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    target = target_path(filename, folder)
    fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=".upload-", suffix=".part")
    tmp = Path(tmp_name)
    try:
        written = 0
        with os.fdopen(fd, "wb") as out:
            while block := stream.read(_CHUNK):
                written += len(block)
                if written > max_bytes:
                    raise UploadTooLarge(
                        f"파일이 너무 큽니다. 최대 {max_bytes // (1024 * 1024)}MB까지 올릴 수 있습니다."
                    )
                out.write(block)
        if written == 0:
            raise UploadRejected(f"빈 파일은 올릴 수 없습니다: {target.name}")
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return SpooledUpload(tmp, target)


def store_upload(
    stream: BinaryIO, filename: str, folder: Path, max_bytes: int, replace: bool = False
) -> Path:
    """Write ``stream`` to ``folder/<safe name>`` and return the path.

    A name already in ``folder`` is refused (``NameTaken``) unless ``replace``; then the older file is
    overwritten atomically. Raises ``InvalidFileName``, ``UploadTooLarge``, ``NameTaken``; nothing is
    left behind when it does.
    """
    if not replace and target_path(filename, folder).exists():
        raise NameTaken(target_path(filename, folder).name)
    spooled = spool_upload(stream, filename, folder, max_bytes)
    try:
        if not replace and spooled.target.exists():
            raise NameTaken(spooled.target.name)
        os.replace(spooled.tmp, spooled.target)
    finally:
        spooled.discard()
    return spooled.target
