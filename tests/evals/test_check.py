import json
from pathlib import Path

import pytest

from evals.check import CorpusIndex, check_datasets, corpus_files

YEONGO = "시군구연고산업"


CORPUS = Path(__file__).resolve().parents[2] / "corpus"
DATASETS = Path(__file__).resolve().parents[2] / "evals" / "datasets"


@pytest.fixture(scope="module")
def corpus() -> CorpusIndex:
    return CorpusIndex(corpus_files(CORPUS))


def write(tmp_path: Path, *objs: dict) -> Path:
    path = tmp_path / "check.jsonl"
    path.write_text("\n".join(json.dumps(o, ensure_ascii=False) for o in objs) + "\n", encoding="utf-8")
    return path


def item(i: str, facts: list[list[str]], doc: str | None = YEONGO, **extra: object) -> dict:
    return {"id": i, "doc": doc, "type": "deadline", "question": "마감 언제예요?", "facts": facts, **extra}


def test_true_facts_pass_whitespace_insensitively(tmp_path: Path, corpus: CorpusIndex) -> None:
    # the document writes "2024.12.27.(금) 18:00" and "기업당 연 최대 5천만원"
    path = write(tmp_path, item("ok-1", [["2024. 12. 27"], ["5천 만원"]]))
    assert check_datasets([path], corpus) == (1, [])


def test_fact_missing_from_its_document_is_reported(tmp_path: Path, corpus: CorpusIndex) -> None:
    path = write(
        tmp_path,
        item("seed-001", [["12월 27일", "2024.12.27"]]),
        item("seed-007", [["2024년 12월 28일", "12.28"], ["18:00"]]),
    )
    count, problems = check_datasets([path], corpus)
    assert count == 2
    assert [str(p) for p in problems] == [
        "check.jsonl: 2번째 줄(id=seed-007): 사실 '2024년 12월 28일'이(가) 대상 문서에 없습니다 (다른 표기 1개도 없음)"
    ]


def test_fact_found_in_an_alternative_document_passes(tmp_path: Path, corpus: CorpusIndex) -> None:
    # "1조 445억원" is in the 지역혁신선도기업 press release, not in the 연고산업 공고
    bad = item("alt-0", [["1조 445억원"]])
    good = item("alt-1", [["1조 445억원"]], alt_docs=["지역혁신선도기업육성_RnD"])
    _, problems = check_datasets([write(tmp_path, bad, good)], corpus)
    assert [p.item_id for p in problems] == ["alt-0"]


def test_missing_field_and_unknown_doc_and_ambiguous_doc(tmp_path: Path, corpus: CorpusIndex) -> None:
    no_facts = {"id": "m-1", "doc": YEONGO, "type": "amount", "question": "얼마예요?"}
    unknown = item("m-2", [["1357"]], doc="없는문서이름")
    ambiguous = item("m-3", [["1357"]], doc="디딤돌_제1차")  # PDF and HWP twins of 제2025-221호, plus 2026
    _, problems = check_datasets([write(tmp_path, no_facts, unknown, ambiguous)], corpus)
    messages = {p.item_id: p.message for p in problems}
    assert messages["m-1"] == "필수 항목이 없습니다: facts"
    assert "코퍼스에 없습니다" in messages["m-2"]
    assert "파일 3개와 맞습니다" in messages["m-3"]


def test_real_hwp_document_is_read_through_ingest_readers(tmp_path: Path, corpus: CorpusIndex) -> None:
    # 연구인력지원사업 is an HWP 5.0 file; "(02) 3498-8381" sits in a table cell
    good = item("h-1", [["3498-8381"], ["2,050만원"]], doc="연구인력지원사업")
    bad = item("h-2", [["9999-0000"]], doc="연구인력지원사업")
    _, problems = check_datasets([write(tmp_path, good, bad)], corpus)
    assert [(p.item_id, p.line) for p in problems] == [("h-2", 2)]
