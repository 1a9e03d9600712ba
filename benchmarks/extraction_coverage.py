"""How much of each real document's text the readers recover, against independent references.

For every file in corpus/real (format sniffed from the bytes):

- PDF: ``pdftotext`` (poppler-utils) output;
- HWPX: every text node of every ``Contents/section*.xml`` part (``header.xml`` only holds font
  and style names);
- HWP 5.0: every PARA_TEXT record of every BodyText section, or of the decrypted ViewText
  sections for 배포용 files, read as a flat record list (no tree, no tables).

Coverage = share of the reference's whitespace-free character 6-grams that also occur in our
text. The script also lists lines our text prints doubled (the same line twice in a row, or a
line made of one text twice). Run: ``python benchmarks/extraction_coverage.py [--dir corpus/real]``.
"""

from __future__ import annotations

import argparse
import io
import re
import shutil
import statistics
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path
from xml.etree import ElementTree as ET

import olefile

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ingest.clean import clean_text  # noqa: E402
from ingest.errors import UnreadableDocument  # noqa: E402
from ingest.readers import read_document  # noqa: E402
from ingest.readers.hwp5 import HWPTAG_PARA_TEXT, decode_para_text  # noqa: E402
from ingest.readers.hwp_distribution import decrypt_view_text  # noqa: E402
from ingest.sniff import sniff_format  # noqa: E402

N = 6
_HANGUL = re.compile(r"[가-힣]")


def grams(text: str) -> set[str]:
    s = "".join(text.split())
    return {s[i : i + N] for i in range(len(s) - N + 1)}


def hangul_grams(text: str) -> set[str]:
    """6-grams of the Hangul letters only, per line: blind to the digit-less second text layer
    that pdftotext prints for the two-layer PDFs (its lines lack digits and punctuation)."""
    out: set[str] = set()
    for line in text.split("\n"):
        out |= grams("".join(_HANGUL.findall(line)))
    return out


def line_grams(text: str) -> set[str]:
    """6-grams inside each line, so that a different reading order of table cells or text
    boxes between two extractors does not count as missing text."""
    out: set[str] = set()
    for line in text.split("\n"):
        out |= grams(line)
    return out


def ref_pdf(path: Path) -> str | None:
    if not shutil.which("pdftotext"):
        return None
    done = subprocess.run(["pdftotext", "-q", str(path), "-"], capture_output=True, check=False)
    return done.stdout.decode("utf-8", errors="replace") if done.returncode == 0 else None


def ref_hwpx(data: bytes) -> str:
    out: list[str] = []
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for name in zf.namelist():
            if name.startswith("Contents/section") and name.endswith(".xml"):
                root = ET.fromstring(zf.read(name))
                out.extend(t for t in root.itertext() if t.strip())
    return "\n".join(out)


def ref_hwp5(data: bytes) -> str:
    out: list[str] = []
    with olefile.OleFileIO(data) as ole:
        flags = struct.unpack_from("<I", ole.openstream("FileHeader").read(), 36)[0]
        for entry in ole.listdir():
            if (
                len(entry) != 2
                or entry[0] not in ("BodyText", "ViewText")
                or not entry[1].startswith("Section")
            ):
                continue
            raw = ole.openstream("/".join(entry)).read()
            if (entry[0] == "ViewText") != bool(flags & 0x04):
                continue  # 배포용 text lives in ViewText (BodyText is a stub); others in BodyText
            if entry[0] == "ViewText":
                raw = decrypt_view_text(raw)
            if flags & 0x01:
                raw = zlib.decompressobj(-15).decompress(raw)
            pos = 0
            while pos + 4 <= len(raw):
                header = struct.unpack_from("<I", raw, pos)[0]
                pos += 4
                size = header >> 20
                if size == 0xFFF:
                    size = struct.unpack_from("<I", raw, pos)[0]
                    pos += 4
                if header & 0x3FF == HWPTAG_PARA_TEXT:
                    out.append(decode_para_text(raw[pos : pos + size]))
                pos += size
    return "\n".join(out)


def reference(fmt: str, path: Path, data: bytes) -> str | None:
    if fmt == "pdf":
        return ref_pdf(path)
    if fmt == "hwpx":
        return ref_hwpx(data)
    if fmt == "hwp":
        return ref_hwp5(data)
    return None


def doubled_lines(pages: tuple[str, ...]) -> list[str]:
    """Lines printed twice in a row, or made of one text twice (the two-layer PDF symptom)."""
    found: list[str] = []
    for page in pages:
        lines = [line.strip() for line in page.split("\n") if line.strip()]
        for prev, line in zip(["", *lines], lines, strict=False):
            squeezed = "".join(line.split())
            half = len(squeezed) // 2
            if (
                len(squeezed) >= 10
                and line == prev
                or "\t" not in line
                and half >= 5
                and len(squeezed) % 2 == 0
                and squeezed[:half] == squeezed[half:]
            ):
                found.append(line)
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=Path(__file__).resolve().parents[1] / "corpus" / "real")
    args = parser.parse_args()
    rows: list[tuple[str, str, int, float | None, int, float | None]] = []
    total_time = 0.0
    for path in sorted(args.dir.iterdir()):
        if not path.is_file() or path.suffix == ".md":
            continue
        data = path.read_bytes()
        fmt = sniff_format(data, path.name)
        started = time.perf_counter()
        try:
            doc = read_document(path)
        except UnreadableDocument as exc:
            total_time += time.perf_counter() - started
            print(f"{'-':>7} {'-':>7}  {fmt:5} {path.name[:70]}  (읽을 수 없음: {exc.reason})")
            continue
        total_time += time.perf_counter() - started
        ref = reference(fmt, path, data)
        ours = grams("\n".join(doc.pages)) | line_grams("\n".join(doc.pages))
        # same character normalisation on both sides (full-width forms, PUA bullets)
        ref_grams = line_grams(clean_text(ref)) if ref else set()
        coverage = len(ref_grams & ours) / len(ref_grams) if ref_grams else None
        ref_hangul = hangul_grams(clean_text(ref)) if ref else set()
        ours_hangul = hangul_grams("\n".join(doc.pages)) | grams(
            "".join(_HANGUL.findall("\n".join(doc.pages)))
        )
        hangul = len(ref_hangul & ours_hangul) / len(ref_hangul) if ref_hangul else None
        dup = doubled_lines(doc.pages)
        rows.append((path.name, fmt, len(doc.pages), coverage, len(dup), hangul))
        cov = f"{coverage:7.1%}" if coverage is not None else "    n/a"
        han = f"{hangul:7.1%}" if hangul is not None else "    n/a"
        print(f"{cov} {han}  {fmt:5} pages={len(doc.pages):3} doubled={len(dup):2}  {path.name[:70]}")
        for line in dup[:3]:
            print(f"           doubled: {line[:100]}")
    print("\ncolumns: 6-gram coverage (all characters), 6-gram coverage (Hangul letters only)")
    hangul_values = [r[5] for r in rows if r[5] is not None]
    if hangul_values:
        print(f"Hangul-only: median={statistics.median(hangul_values):.1%}  min={min(hangul_values):.1%}")
    values = [r[3] for r in rows if r[3] is not None]
    if values:
        worst = min(rows, key=lambda r: r[3] if r[3] is not None else 2.0)
        print(
            f"\nfiles={len(rows)}  median={statistics.median(values):.1%}  min={min(values):.1%} ({worst[0][:60]})"
        )
        print(
            f"files below 95%: {sum(1 for v in values if v < 0.95)}; files with doubled lines: "
            f"{sum(1 for r in rows if r[4])}; total read time {total_time:.1f} s"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
