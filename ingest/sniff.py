"""Tell a document's real format from its bytes; the file extension only separates md from txt."""

from __future__ import annotations

import io
import zipfile

import olefile

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
HWPX_MIMETYPE = b"application/hwp+zip"
# Containers of Korean document-DRM products: the real document is encrypted inside.
DRM_MAGICS = (b"SCDSA", b"<## MARKANY", b"DRMONE", b"<DOCUMENT SAFER")
MARKDOWN_SUFFIXES = (".md", ".markdown")


def _is_hwp5(data: bytes) -> bool:
    try:
        with olefile.OleFileIO(data) as ole:
            return ole.exists("FileHeader") and ole.openstream("FileHeader").read(17) == b"HWP Document File"
    except (OSError, ValueError, IndexError, TypeError):  # olefile raises these on damaged containers
        return False
    except RecursionError:  # olefile walks the directory tree recursively; a crafted one is too deep
        return False


def _is_hwpx(data: bytes) -> bool:
    if HWPX_MIMETYPE in data[:200]:
        return True  # stored, uncompressed "mimetype" entry comes first in OWPML packages
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    return "Contents/section0.xml" in names or "Contents/content.hpf" in names


def _looks_like_text(data: bytes) -> bool:
    sample = data[:65536]
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    if b"\x00" in sample:
        return False
    for encoding in ("utf-8", "cp949"):
        try:
            decoded = sample.decode(encoding)
        except UnicodeDecodeError as exc:
            # a multi-byte character cut by the sample boundary is fine
            if exc.start < len(sample) - 4:
                continue
            decoded = sample[: exc.start].decode(encoding)
        controls = sum(1 for c in decoded if ord(c) < 32 and c not in "\t\n\r\f")
        return controls <= len(decoded) // 100
    return False


def sniff_format(data: bytes, filename: str = "") -> str:
    """Return "pdf", "hwp", "hwpx", "txt", "md", "drm", "empty" or "unknown" for ``data``.

    The format comes from the bytes; ``filename`` (optional) only tells markdown from plain text.
    """
    if not data or not data.strip(b"\x00 \t\r\n"):
        return "empty"
    head = data[:1024]
    if any(head.lstrip().upper().startswith(magic) for magic in DRM_MAGICS):
        return "drm"
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(OLE_MAGIC):
        # a damaged HWP still carries its FileHeader signature: report it as HWP, let the reader fail
        return "hwp" if _is_hwp5(data) or b"HWP Document File" in data else "unknown"
    if data.startswith(ZIP_MAGIC):
        return "hwpx" if _is_hwpx(data) else "unknown"
    if _looks_like_text(data):
        return "md" if filename.lower().endswith(MARKDOWN_SUFFIXES) else "txt"
    return "unknown"
