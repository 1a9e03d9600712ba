"""evals.profile_check: a two-line profile set over real corpus files, checked with the real assistant of the
shared test index (tests/conftest.py: seeds + a few real notices)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evals.profile_check import _DatedAssistant, check_set, main, read_set

TIPS = "2025년_팁스TIPS_창업기업_지원계획_통합공_99031076827042302.hwp"
RESEARCHERS = "공고문_2025년_중소기업_연구인력지원사업_공고.hwp"
LINES = [
    {
        "id": "young",
        "today": "2025-02-20",
        "question": "창업 5년차 회사인데 매출 12억, 신청할 수 있는 사업 추천해 주세요",
        "admit": [TIPS, RESEARCHERS],
        "exclude": [],
        "note": "업력 7년 이내, 매출 20억 미만",
    },
    {
        "id": "older",
        "today": "2025-02-20",
        "question": "업력 12년 중견기업인데 지원 가능한 사업 있나요",
        "admit": [],
        "exclude": [TIPS, "없는_파일.hwp"],
        "note": "중견기업, 업력 초과",
    },
]


@pytest.fixture
def profile_set(tmp_path: Path) -> Path:
    path = tmp_path / "profiles.jsonl"
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in LINES), encoding="utf-8")
    return path


def test_counts_recall_wrong_fits_routing_and_missing(profile_set: Path, assistant) -> None:  # type: ignore[no-untyped-def]
    items = read_set(profile_set)
    dated = _DatedAssistant(assistant)
    result = check_set("profiles", items, dated, items_out=True)
    s = result.summary()
    assert (s["items"], s["admitted"], s["excluded"]) == (2, 2, 2)
    assert s["admitted_listed"] == 2 and s["recall"] == 1.0
    assert s["excluded_as_fits"] == 0
    assert s["missing"] == 1  # the file the index does not hold
    assert s["routed"] == 2  # both questions get the profile list in the chat
    assert result.details[1]["exclude"][TIPS] == "excluded"


def test_bad_lines_are_named(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "today": "2025-02-20", "question": "q", "admit": []}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="bad.jsonl:1: .*exclude"):
        read_set(bad)
    assert main([str(bad), "--home", str(tmp_path)]) == 2
