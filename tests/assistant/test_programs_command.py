"""``giljabi programs``: real ingest of the seed announcement into a temp home, then the CLI command."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.settings import get_settings
from ingest.pipeline import ingest_paths

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
SEED = "2024-12-11_공고_2025년_시군구연고산업육성사업_시행계획_제주_세종.txt"
PRESS = "2025-01-24_보도자료_지역혁신선도기업육성_RnD_본격_추진.txt"


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for name in (SEED, PRESS):
        shutil.copy(CORPUS / "seeds" / name, folder / name)
    home = tmp_path_factory.mktemp("home")
    report = ingest_paths([folder], home)
    assert report.failed == 0
    return home


@pytest.fixture
def env(home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("GILJABI_HOME", str(home))
    monkeypatch.delenv("GILJABI_CHROMA_URL", raising=False)
    monkeypatch.setenv("COLUMNS", "220")  # wide enough that rich does not fold names
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def run(*args: str, today: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("GILJABI_TODAY", today)
    get_settings.cache_clear()
    result = CliRunner().invoke(app, ["programs", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_programs_json_lists_the_announcement_only(env: None, monkeypatch: pytest.MonkeyPatch) -> None:
    cards = json.loads(run("--json", today="2026-11-22", monkeypatch=monkeypatch))
    assert [c["source"] for c in cards] == [SEED]  # the press release is not an announcement
    [c] = cards
    assert c["status"] == "closed"
    assert c["apply_end"] == "2024-12-27T18:00:00"
    assert c["limit"]["value"] == "기업당 연 최대 5천만원"
    assert "1357" in c["contacts"][0]["quote"]


def test_programs_table_shows_closing_section_first(env: None, monkeypatch: pytest.MonkeyPatch) -> None:
    out = run(today="2024-12-24", monkeypatch=monkeypatch)
    assert "마감임박" in out
    assert "시군구연고산업육성사업" in out
    assert "기업당 연 최대 5천만원" in out
    assert out.index("마감임박") < out.index("시군구연고산업육성사업")


def test_programs_status_filter(env: None, monkeypatch: pytest.MonkeyPatch) -> None:
    assert json.loads(run("--status", "open", "--json", today="2024-12-17", monkeypatch=monkeypatch))
    assert json.loads(run("--status", "closed", "--json", today="2024-12-17", monkeypatch=monkeypatch)) == []
    out = run("--status", "closed", today="2024-12-17", monkeypatch=monkeypatch)
    assert "카드가 없습니다" in out


def test_programs_rejects_unknown_status(env: None, monkeypatch: pytest.MonkeyPatch) -> None:
    result = CliRunner().invoke(app, ["programs", "--status", "soon"])
    assert result.exit_code == 2
    assert "알 수 없는 상태" in result.output


def test_programs_profile_lists_fitting_programs_and_leaves_out_other_regions(
    env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The seed notice is for 제주·세종 (its title): a 제주 company gets it, a 대구 company does not."""
    jeju = json.loads(
        run("--profile", "제주 중소기업 업력 5년", "--json", today="2024-12-20", monkeypatch=monkeypatch)
    )
    assert [p["source"] for p in jeju["programs"]] == [SEED]
    assert jeju["programs"][0]["verdict"] in ("fits", "check")
    daegu = json.loads(
        run("--profile", "대구 중소기업 업력 5년", "--json", today="2024-12-20", monkeypatch=monkeypatch)
    )
    assert daegu["programs"] == []
    table = run("--profile", "제주 중소기업 업력 5년", today="2024-12-20", monkeypatch=monkeypatch)
    assert "신청할 만한 지원사업" in table
