"""The runner over a real index of the four seed documents (real Kiwi, embeddings and Chroma)."""

import json
from pathlib import Path

from typer.testing import CliRunner

from assistant.types import Citation
from evals.dataset import load_dataset
from evals.metrics import summarize
from evals.runner import InProcessBackend, Runner, check_quote, search_query


def test_check_quote_uses_offsets_then_search() -> None:
    text = "가나다 마감은 12월 27일입니다. 끝"
    at = Citation(1, "d", "s", "t", 1, "", "12월 27일", 8, 15)
    assert text[8:15] == "12월 27일"
    check = check_quote(at, text)
    assert check.valid and check.before == "가나다 마감은 " and check.after.startswith("입니다")
    moved = Citation(2, "d", "s", "t", 1, "", "12월 27일", 0, 3)
    assert check_quote(moved, text).valid
    assert check_quote(Citation(3, "d", "s", "t", 1, "", "12월 28일"), text).valid is False
    assert check_quote(Citation(4, "d", "s", "t", 1, "", ""), text).valid is False


def test_runner_over_real_seed_index(seed_assistant, datasets_dir: Path) -> None:
    items = load_dataset(datasets_dir / "smoke.jsonl")
    followup = next(i for i in items if i.type == "followup")
    assert search_query(followup).startswith(followup.history[0].content)
    seen = []
    results = Runner(InProcessBackend(seed_assistant)).run(items, on_result=seen.append)
    assert len(results) == len(seen) == len(items)
    for r in results:
        assert r.answer is not None and r.error is None and r.latency_ms > 0
        assert r.ranking == "search" and len(set(r.ranked_sources)) == len(r.ranked_sources)
        assert len(r.quote_checks) == len(r.answer.citations)
        # every quote is checked against the real document text held by the index
        assert all(c.valid is True for c in r.quote_checks)
    s = summarize(results)
    assert s["n"] == 8 and s["errors"] == 0 and s["answered"] >= 1
    assert s["quote_validity"] == 1.0
    assert s["hit_at_5"] is not None and 0.0 <= s["mrr"] <= 1.0


def test_cli_smoke_json_exits_zero(seed_home: Path, datasets_dir: Path, tmp_path: Path, monkeypatch) -> None:
    from assistant.cli import app
    from assistant.settings import get_settings

    monkeypatch.setenv("GILJABI_HOME", str(seed_home))
    get_settings.cache_clear()
    saved, report = tmp_path / "run.json", tmp_path / "run.html"
    try:
        args = [
            "eval",
            str(datasets_dir / "smoke.jsonl"),
            "--json",
            "--save",
            str(saved),
            "--report",
            str(report),
        ]
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, result.output
        summary = json.loads(result.stdout)
        assert summary["overall"]["n"] == 8 and json.loads(saved.read_text()) == summary
        assert "<svg" in report.read_text()
        again = CliRunner().invoke(app, ["eval", str(datasets_dir / "smoke.jsonl"), "--compare", str(saved)])
        assert again.exit_code == 0 and "변화" in again.output
    finally:
        get_settings.cache_clear()


def test_cli_usage_errors_exit_2(tmp_path: Path) -> None:
    from assistant.cli import app

    assert CliRunner().invoke(app, ["eval", str(tmp_path / "none.jsonl")]).exit_code == 2
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x"}\n', encoding="utf-8")
    assert CliRunner().invoke(app, ["eval", str(bad), "--check"]).exit_code == 1
