"""Crafted hostile files, built at test time: deep nesting, decompression bombs, minimal PDFs."""

from __future__ import annotations

import io
import shutil
import struct
import zipfile
import zlib
from pathlib import Path

import olefile

HP = "http://www.hancom.co.kr/hwpml/2011/paragraph"
HS = "http://www.hancom.co.kr/hwpml/2011/section"
MiB = 1024 * 1024


def hwpx_package(sections: list[bytes], hpf: bytes | None = None) -> bytes:
    """An HWPX zip: the stored ``mimetype`` first, then ``Contents/section{n}.xml`` (deflated)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/hwp+zip")
        if hpf is not None:
            zf.writestr("Contents/content.hpf", hpf)
        for n, section in enumerate(sections):
            zf.writestr(f"Contents/section{n}.xml", section)
    return buf.getvalue()


def hwpx_section(text: str, inner: str = "") -> bytes:
    """One section with one paragraph holding ``text`` and, after it, the raw XML ``inner``."""
    return (
        f'<hs:sec xmlns:hs="{HS}" xmlns:hp="{HP}"><hp:p><hp:run><hp:t>{text}</hp:t>'
        f"{inner}</hp:run></hp:p></hs:sec>"
    ).encode()


def deep_hwpx(depth: int = 5000) -> bytes:
    """A tiny HWPX whose section nests ``depth`` control elements (walked recursively by the reader)."""
    return hwpx_package([hwpx_section("중첩 문서", "<hp:ctrl>" * depth + "</hp:ctrl>" * depth)])


def hwpx_bomb(member: str = "Contents/content.hpf", mib: int = 200) -> bytes:
    """An HWPX whose ``member`` inflates to ``mib`` MiB of zeros (a ~1,000:1 deflate bomb)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/hwp+zip")
        if member != "Contents/section0.xml":
            zf.writestr("Contents/section0.xml", hwpx_section("정상 본문"))
        with zf.open(member, "w", force_zip64=True) as out:
            block = bytes(MiB)
            for _ in range(mib):
                out.write(block)
    return buf.getvalue()


def pdf_document(contents: list[bytes], flate: bool = False, deflated: bool = False) -> bytes:
    """A minimal valid PDF with one page per content stream (Helvetica as /F1); the streams are
    deflated here if ``flate``, or come deflated already if ``deflated``."""
    n_pages = len(contents)
    font = 3 + 2 * n_pages
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(n_pages)).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, n_pages),
    ]
    for i, content in enumerate(contents):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
            b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (4 + 2 * i, font)
        )
        stream = zlib.compress(content, 9) if flate else content
        filters = b" /Filter /FlateDecode" if flate or deflated else b""
        objects.append(b"<< /Length %d%s >>\nstream\n%s\nendstream" % (len(stream), filters, stream))
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def pdf_text_page(text: str) -> bytes:
    return b"BT /F1 12 Tf 72 700 Td (%s) Tj ET" % text.encode("latin-1")


def pdf_bomb(mib: int = 200) -> bytes:
    """A one-page PDF whose content stream inflates to ``mib`` MiB (a line of text, then spaces)."""
    deflater = zlib.compressobj(9)
    parts = [deflater.compress(pdf_text_page("Hello"))]
    block = b" " * MiB
    parts += [deflater.compress(block) for _ in range(mib)]
    parts.append(deflater.flush())
    return pdf_document([b"".join(parts)], deflated=True)


def deep_pdf(depth: int = 100_000) -> bytes:
    """A one-page PDF whose content stream nests ``depth`` arrays (pypdf parses them recursively)."""
    return pdf_document([b"BT /F1 12 Tf 72 700 Td " + b"[" * depth + b"]" * depth + b" TJ ET"])


# ---------------------------------------------------------------- HWP 5 records

HWPTAG_PARA_HEADER = 66
HWPTAG_PARA_TEXT = 67
HWPTAG_CTRL_HEADER = 71
_UNKNOWN_TAG = 90


def hwp_record(tag: int, level: int, payload: bytes = b"") -> bytes:
    size = len(payload)
    if size >= 0xFFF:
        return struct.pack("<II", tag | level << 10 | 0xFFF << 20, size) + payload
    return struct.pack("<I", tag | level << 10 | size << 20) + payload


def deep_hwp_records(depth: int = 1000) -> bytes:
    """Section records: a paragraph, a text-box control, then ``depth`` - 2 records each one level deeper."""
    records = [
        hwp_record(HWPTAG_PARA_HEADER, 0, bytes(22)),
        hwp_record(HWPTAG_PARA_TEXT, 1, "중첩 문서".encode("utf-16-le")),
        hwp_record(HWPTAG_CTRL_HEADER, 1, b"cosg"),  # "gsoc" (drawing object) stored reversed
    ]
    records += [hwp_record(_UNKNOWN_TAG, level) for level in range(2, min(depth, 1023))]
    return b"".join(records)


def hwp_with_section(original: Path, target: Path, records: bytes) -> Path:
    """Copy the (compressed, non-배포용) HWP ``original`` to ``target`` with ``BodyText/Section0``
    replaced by ``records``, deflated and padded to the stream's size (olefile rewrites streams in place)."""
    shutil.copy(original, target)
    with olefile.OleFileIO(str(target), write_mode=True) as ole:
        size = ole.get_size("BodyText/Section0")
        deflater = zlib.compressobj(9, zlib.DEFLATED, -15)
        packed = deflater.compress(records) + deflater.flush()
        if len(packed) > size:
            raise ValueError(f"records deflate to {len(packed)} bytes, the stream holds {size}")
        ole.write_stream("BodyText/Section0", packed + bytes(size - len(packed)))
    return target


# ---------------------------------------------------------------- OLE2 (the HWP 5 container)

_ENDOFCHAIN, _FREESECT, _FATSECT, _NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
_SECTOR = 512


def _direntry(name: str, kind: int, left: int, right: int, child: int) -> bytes:
    encoded = name.encode("utf-16-le") + b"\x00\x00"
    return (
        encoded.ljust(64, b"\x00")
        + struct.pack("<HBB", len(encoded), kind, 1)
        + struct.pack("<III", left, right, child)
        + bytes(16 + 4 + 16)  # clsid, state bits, creation and modification times
        + struct.pack("<IQ", _ENDOFCHAIN, 0)
    )


def deep_ole(depth: int = 2000, marker: bytes = b"HWP Document File") -> bytes:
    """An OLE2 file whose directory is one chain of ``depth`` streams (each the left sibling of the
    one before), which olefile walks recursively; ``marker`` sits in the header's unused tail."""
    entries = [_direntry("Root Entry", 5, _NOSTREAM, _NOSTREAM, 1)]
    entries += [
        _direntry(f"S{sid}", 2, sid + 1 if sid < depth else _NOSTREAM, _NOSTREAM, _NOSTREAM)
        for sid in range(1, depth + 1)
    ]
    directory = b"".join(entries)
    directory += bytes(-len(directory) % _SECTOR)
    n_dir = len(directory) // _SECTOR
    n_fat = 1
    while n_fat * (_SECTOR // 4) < n_fat + n_dir:
        n_fat += 1
    fat = [_FATSECT] * n_fat + [n_fat + i + 1 for i in range(n_dir - 1)] + [_ENDOFCHAIN]
    fat += [_FREESECT] * (n_fat * (_SECTOR // 4) - len(fat))
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + bytes(16)
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack("<IIIIIIIII", 0, n_fat, n_fat, 0, 4096, _ENDOFCHAIN, 0, _ENDOFCHAIN, 0)
    )
    difat = list(range(n_fat)) + [_FREESECT] * (109 - n_fat)
    header += struct.pack("<109I", *difat)
    assert len(header) == _SECTOR
    return header + struct.pack(f"<{len(fat)}I", *fat) + directory + marker.ljust(_SECTOR, b"\x00")
